// Durable audit with group commit: records queue up during one turn of the event loop and are written in one
// transaction (one fsync); each request's promise resolves only after that commit, and rejects if it fails
// (fail closed: no response is sent without its audit record).
import type { AuditRecord } from '../core/model.js';
import type { AuditSink, Store } from '../core/ports.js';
import { chainHash, GENESIS_HASH } from './chain.js';

type Pending = { record: Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>; resolve: () => void; reject: (e: unknown) => void };

export class GroupCommitAuditLog implements AuditSink {
  private queue: Pending[] = [];
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  private headSeq = 0;
  private headHash = GENESIS_HASH;

  private constructor(private readonly store: Store, private readonly maxBatch: number) {}

  /** Opens the log and continues the chain from the newest stored record. */
  static async open(store: Store, maxBatch = 1024): Promise<GroupCommitAuditLog> {
    const log = new GroupCommitAuditLog(store, maxBatch);
    const last = await store.lastAudit();
    if (last) {
      log.headSeq = last.seq;
      log.headHash = last.hash;
    }
    return log;
  }

  append(record: Pending['record']): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Waits until everything appended so far is durable (used at shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) await (this.flushing ?? this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.flushing) {
      await this.flushing; // one writer at a time; the next batch follows the current one
      if (this.queue.length > 0 && !this.scheduled) return this.flush();
      return;
    }
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    this.flushing = this.write(batch);
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    let seq = this.headSeq;
    let prev = this.headHash;
    const records = batch.map(({ record }) => {
      seq += 1;
      const withSeq = { ...record, seq };
      const hash = chainHash(prev, withSeq);
      const full: AuditRecord = { ...withSeq, prevHash: prev, hash };
      prev = hash;
      return full;
    });
    try {
      await this.store.appendAudit(records);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    this.headSeq = seq;
    this.headHash = prev;
    for (const p of batch) p.resolve();
  }
}
