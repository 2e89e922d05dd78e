// The audit hash chain: each record's hash covers the previous record's hash and the record's own fields,
// so deletion, reordering or editing of any record is detectable by recomputing the chain.
import { createHash } from 'node:crypto';
import type { AuditRecord } from './model.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The exact bytes hashed for a record: fixed field order, JSON-encoded, previous hash first. */
export function chainHash(prevHash: string, r: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  const body = JSON.stringify([
    r.seq, r.time, r.requestId, r.principal, r.accessKeyId ?? null, r.sourceAddress, r.operation,
    r.keyArn ?? null, r.keyVersion ?? null, r.outcome, r.errorCode ?? null, r.details ?? null,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Recomputes the chain over consecutive records; returns the seq of the first broken link, or undefined. */
export function verifyChain(records: AuditRecord[], prevHash = GENESIS_HASH, prevSeq = 0): number | undefined {
  for (const r of records) {
    if (r.seq !== prevSeq + 1 || r.prevHash !== prevHash || chainHash(prevHash, r) !== r.hash) return r.seq;
    prevHash = r.hash;
    prevSeq = r.seq;
  }
  return undefined;
}

/** An audit record as a request produces it, before the log numbers and chains it. */
export type AuditEntry = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/** Numbers and chains entries after the head (seq, hash) of the stored log. */
export function chainEntries(entries: AuditEntry[], headSeq: number, headHash: string): AuditRecord[] {
  let seq = headSeq;
  let prev = headHash;
  return entries.map((entry) => {
    seq += 1;
    const withSeq = { ...entry, seq };
    const hash = chainHash(prev, withSeq);
    const record: AuditRecord = { ...withSeq, prevHash: prev, hash };
    prev = hash;
    return record;
  });
}
