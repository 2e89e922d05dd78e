// Checks signed audit checkpoints against the log while a verifier walks it page by page (`keyward audit verify`):
// each checkpoint's signature, and that the record at its seq still exists with the signed hash. A record edited and
// its chain recomputed, or records cut off below a checkpoint, fail here even though the chain alone is intact.
import type { KeyObject } from 'node:crypto';
import type { Scope } from '../core/keys/arn.js';
import { verifyCheckpoint } from './checkpoint.js';
import type { AuditCheckpoint, AuditRecord } from '../core/model.js';

const PAGE = 1000;

export interface CheckpointFailure {
  seq: number;
  reason: 'signature' | 'hash' | 'missing-record' | 'no-public-key';
}

export interface CheckpointReport {
  verified: number;
  latest: AuditCheckpoint | null;
  /** The first checkpoint that failed, if any. */
  failure?: CheckpointFailure;
}

export class CheckpointChecker {
  private buffer: AuditCheckpoint[] = [];
  private after = 0;
  private done = false;
  private verified = 0;
  private latest: AuditCheckpoint | null = null;
  private failure: CheckpointFailure | undefined;

  /** `key` undefined: no public key is known, so any checkpoint fails (it cannot be trusted). */
  constructor(
    private readonly read: (afterSeq: number, limit: number) => Promise<AuditCheckpoint[]>,
    private readonly key: KeyObject | undefined,
    private readonly scope: Scope,
  ) {}

  /** Checks the checkpoints covering `records` (consecutive, in seq order, already chain-verified). */
  async page(records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const first = records[0]!.seq;
    const last = records[records.length - 1]!.seq;
    for (let cp = await this.peek(); cp && cp.seq <= last; cp = await this.peek()) {
      this.buffer.shift();
      this.check(cp, cp.seq >= first ? records[cp.seq - first] : undefined);
    }
  }

  /** After the last record: a checkpoint beyond it covers records the log no longer has (cut off). */
  async end(): Promise<CheckpointReport> {
    for (let cp = await this.peek(); cp; cp = await this.peek()) {
      this.buffer.shift();
      this.check(cp, undefined);
    }
    return { verified: this.verified, latest: this.latest, ...(this.failure ? { failure: this.failure } : {}) };
  }

  private check(cp: AuditCheckpoint, record: AuditRecord | undefined): void {
    const reason: CheckpointFailure['reason'] | undefined = !this.key ? 'no-public-key'
      : !verifyCheckpoint(this.key, this.scope, cp) ? 'signature'
      : !record || record.seq !== cp.seq ? 'missing-record'
      : record.hash !== cp.hash ? 'hash'
      : undefined;
    if (reason) {
      this.failure ??= { seq: cp.seq, reason };
      return;
    }
    this.verified++;
    this.latest = cp;
  }

  private async peek(): Promise<AuditCheckpoint | undefined> {
    if (this.buffer.length === 0 && !this.done) {
      this.buffer = await this.read(this.after, PAGE);
      if (this.buffer.length < PAGE) this.done = true;
      if (this.buffer.length > 0) this.after = this.buffer[this.buffer.length - 1]!.seq;
    }
    return this.buffer[0];
  }
}
