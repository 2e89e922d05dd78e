// The audit hash chain: each record's hash covers the previous record's hash and the record's own fields,
// so deletion, reordering or editing of any record is detectable by recomputing the chain.
import * as crypto from 'node:crypto';
import type { AuditEntry, AuditLink, AuditRecord } from '../core/model.js';

export type { AuditEntry, AuditLink };

export const GENESIS_HASH = '0'.repeat(64);


// crypto.hash (one-shot) exists from Node 20.12; older 20.x fall back to createHash.
const sha256Hex: (data: string) => string = typeof crypto.hash === 'function'
  ? (data) => crypto.hash('sha256', data, 'hex')
  : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** The record's fields in their fixed order, as stored and as hashed. */
export function recordFields(seq: number, r: AuditEntry): unknown[] {
  return [
    seq, r.time, r.requestId, r.principal, r.accessKeyId ?? null, r.sourceAddress, r.operation,
    r.keyArn ?? null, r.keyVersion ?? null, r.outcome, r.errorCode ?? null, r.details ?? null,
  ];
}

/** The exact bytes hashed for a record: the previous hash, a newline, then the JSON array of its fields. */
export function chainHash(prevHash: string, r: AuditEntry & { seq: number }): string {
  return sha256Hex(prevHash + '\n' + JSON.stringify(recordFields(r.seq, r)));
}

/**
 * Numbers and chains entries after the head (seq, hash) of the stored log. Returns each record's stored fields
 * (recordFields order, then prevHash, hash) ready for insertion.
 */
export function chainRows(entries: AuditEntry[], headSeq: number, headHash: string): unknown[][] {
  let prev = headHash;
  return entries.map((entry, i) => {
    const fields = recordFields(headSeq + i + 1, entry);
    const hash = sha256Hex(prev + '\n' + JSON.stringify(fields));
    fields.push(prev, hash);
    prev = hash;
    return fields;
  });
}

/** The links of rows made by chainRows. */
export const linksOf = (rows: unknown[][]): AuditLink[] =>
  rows.map((f) => ({ seq: f[0] as number, prevHash: f[12] as string, hash: f[13] as string }));

/** Numbers and chains entries as full records (for stores that bind fields by name). */
export function chainEntries(entries: AuditEntry[], headSeq: number, headHash: string): AuditRecord[] {
  return chainRows(entries, headSeq, headHash).map((f, i) => Object.assign({}, entries[i]!, {
    seq: f[0] as number, prevHash: f[12] as string, hash: f[13] as string,
  }));
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
