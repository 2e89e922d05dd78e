// The audit append transaction on one SQLite connection: number and hash-chain the entries after the stored head
// (read inside the write transaction, so several processes extend one chain) and insert them.
import type Database from 'better-sqlite3';
import { chainRows, GENESIS_HASH, type AuditEntry } from '../../core/audit-chain.js';

type Row = Record<string, unknown>;

export function prepareAuditAppend(db: Database.Database): (entries: AuditEntry[]) => void {
  const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(`INSERT INTO audit_log (seq, time, request_id, principal, access_key_id, source, operation,
    key_arn, key_version, outcome, error_code, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const append = db.transaction((entries: AuditEntry[]) => {
    const h = head.get() as Row | undefined;
    for (const row of chainRows(entries, (h?.seq as number) ?? 0, (h?.hash as string) ?? GENESIS_HASH)) insert.run(row);
  });
  return (entries) => append.immediate(entries);
}
