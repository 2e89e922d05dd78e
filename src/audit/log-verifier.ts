// Verifies an audit log read page by page from any source (`keyward audit verify`): recomputes the hash chain from the
// first record to the head and says where it breaks, checks a head recorded earlier (an anchor: cutting records off the
// end leaves the chain intact, so operators record heads elsewhere), and checks every signed checkpoint
// (audit/checkpoint.ts) with the key in the store or one the operator pins.
import type { KeyObject } from 'node:crypto';
import type { Scope } from '../core/keys/arn.js';
import type { AuditCheckpoint, AuditRecord } from '../core/model.js';
import { GENESIS_HASH, verifyChain } from './audit-chain.js';
import { CHECKPOINT_PUBLIC_KEY_META, parseCheckpointPublicKey, spkiDer } from './checkpoint.js';
import { CheckpointChecker, type CheckpointReport } from './checkpoint-check.js';

const PAGE = 1000;

/** Pages of the log and of the checkpoints in sequence order, and meta values, from a source opened read-only. */
export interface AuditSource {
  describe: string;
  read(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  checkpoints(afterSeq: number, limit: number): Promise<AuditCheckpoint[]>;
  meta(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface VerifyOptions {
  anchor?: { seq: number; hash: string } | undefined;
  /** The checkpoint public key the operator keeps outside the database (PEM or DER SPKI), already parsed. */
  pinnedKey?: KeyObject | undefined;
  scope: Scope;
}

export interface VerifyResult {
  source: string;
  records: number;
  head: { seq: number; hash: string } | null;
  intact: boolean;
  brokenAtSeq?: number;
  anchor?: { seq: number; hash: string; found: boolean; matches: boolean };
  checkpoints?: CheckpointReport & { ok: boolean; publicKey: 'store' | 'file' | null; keyProblem?: string };
}

/** The key in the store (DER SPKI, base64), or undefined; throws on a value that is not an Ed25519 public key. */
export async function storedPublicKey(source: AuditSource): Promise<KeyObject | undefined> {
  const b64 = await source.meta(CHECKPOINT_PUBLIC_KEY_META);
  return b64 === undefined ? undefined : parseCheckpointPublicKey(Buffer.from(b64, 'base64'));
}

interface KeyChoice { key: KeyObject | undefined; from: 'store' | 'file' | null; problem?: string }

/**
 * The key to verify checkpoints with: the operator's pinned key when given (then the store's key must be the same one:
 * a replaced key is how forged checkpoints would pass), else the store's.
 */
async function checkpointKey(source: AuditSource, pinned: KeyObject | undefined): Promise<KeyChoice> {
  let stored: KeyObject | undefined;
  let unreadable = false;
  try {
    stored = await storedPublicKey(source);
  } catch {
    unreadable = true;
  }
  if (pinned === undefined) {
    return unreadable ? { key: undefined, from: null, problem: 'the public key in the store is not an Ed25519 public key' } : { key: stored, from: stored ? 'store' : null };
  }
  if (unreadable || !stored) return { key: pinned, from: 'file', problem: `the public key is ${stored ? 'unreadable' : 'missing'} in the store` };
  if (!spkiDer(stored).equals(spkiDer(pinned))) return { key: pinned, from: 'file', problem: 'the public key in the store DIFFERS from --public-key' };
  return { key: pinned, from: 'file' };
}

export async function verifyAuditLog(source: AuditSource, opts: VerifyOptions): Promise<VerifyResult> {
  const { anchor } = opts;
  const choice = await checkpointKey(source, opts.pinnedKey);
  const checker = new CheckpointChecker((after, limit) => source.checkpoints(after, limit), choice.key, opts.scope);
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let anchorHash: string | undefined;
  for (;;) {
    const page = await source.read(prevSeq, PAGE);
    if (page.length === 0) break;
    const broken = verifyChain(page, prevHash, prevSeq);
    if (anchor && anchorHash === undefined) anchorHash = page.find((r) => r.seq === anchor.seq)?.hash;
    if (broken !== undefined) return { source: source.describe, records: prevSeq, head: null, intact: false, brokenAtSeq: broken };
    await checker.page(page);
    prevSeq = page[page.length - 1]!.seq;
    prevHash = page[page.length - 1]!.hash;
  }
  const result: VerifyResult = { source: source.describe, records: prevSeq, head: prevSeq ? { seq: prevSeq, hash: prevHash } : null, intact: true };
  if (anchor) result.anchor = { ...anchor, found: anchorHash !== undefined, matches: anchorHash === anchor.hash };
  const report = await checker.end();
  result.checkpoints = {
    ...report, ok: !report.failure && !choice.problem, publicKey: choice.from, ...(choice.problem ? { keyProblem: choice.problem } : {}),
  };
  return result;
}

/** Whether the result passes every check (the command's exit status 0). */
export const verifiedOk = (r: VerifyResult): boolean => r.intact && (r.anchor?.matches ?? true) && (r.checkpoints?.ok ?? true);

const FAILURE_TEXT: Record<NonNullable<CheckpointReport['failure']>['reason'], string> = {
  'signature': 'its signature is INVALID (forged, altered, or signed for another account or Region)',
  'hash': 'the record at that seq has ANOTHER hash (records at or before it were rewritten)',
  'missing-record': 'the record at that seq is MISSING (the log was cut off below a checkpoint)',
  'no-public-key': 'there is NO public key to check it with (give --public-key)',
};

function describeCheckpoints(c: NonNullable<VerifyResult['checkpoints']>): string[] {
  const lines: string[] = [];
  if (c.keyProblem) lines.push(`checkpoint key: ${c.keyProblem}`);
  const by = c.publicKey === 'file' ? ' (key from --public-key)' : c.publicKey === 'store' ? ' (key from the store)' : '';
  const latest = c.latest ? `, latest ${c.latest.seq}:${c.latest.hash} at ${new Date(c.latest.time).toISOString()}` : '';
  lines.push(`checkpoints: ${c.verified} verified${latest}${by}`);
  if (c.failure) lines.push(`checkpoint ${c.failure.seq}: FAILED: ${FAILURE_TEXT[c.failure.reason]}`);
  return lines;
}

/** The result as text for people. */
export function describeVerifyResult(r: VerifyResult): string {
  const lines = [`audit log: ${r.source}`];
  if (!r.intact) {
    lines.push(`chain: BROKEN at seq ${r.brokenAtSeq} (records 1..${r.records} verify; seq ${r.brokenAtSeq} was altered, removed, inserted or moved)`);
    return lines.join('\n');
  }
  lines.push(r.head ? `records: ${r.records} (seq 1..${r.head.seq})` : 'records: 0');
  if (r.head) lines.push(`head: ${r.head.seq}:${r.head.hash}`);
  lines.push('chain: intact');
  if (r.anchor) {
    const a = r.anchor;
    lines.push(`anchor ${a.seq}: ${a.matches ? 'matches' : a.found ? `DIFFERS (the log has another record at seq ${a.seq})` : `MISSING (the log ends before seq ${a.seq}: records were cut off)`}`);
  }
  if (r.checkpoints) lines.push(...describeCheckpoints(r.checkpoints));
  return lines.join('\n');
}
