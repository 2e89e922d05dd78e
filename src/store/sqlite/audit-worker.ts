// Worker thread that appends audit entries to the SQLite database on its own connection, so the commit's fsync
// never blocks the event loop that serves requests. A batch arrives as one JSON string and is numbered, hash-chained
// and inserted in one transaction.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { chainRows, GENESIS_HASH, type AuditEntry } from '../../core/audit-chain.js';

type Row = Record<string, unknown>;

const db = new Database((workerData as { path: string }).path);
db.pragma('synchronous = FULL'); // durable before the batch is acknowledged
db.pragma('busy_timeout = 5000');
const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
const insert = db.prepare(`INSERT INTO audit_log (seq, time, request_id, principal, access_key_id, source, operation,
  key_arn, key_version, outcome, error_code, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

const append = db.transaction((entries: AuditEntry[]) => {
  const h = head.get() as Row | undefined;
  for (const row of chainRows(entries, (h?.seq as number) ?? 0, (h?.hash as string) ?? GENESIS_HASH)) insert.run(row);
});

parentPort!.on('message', (msg: { id: number; batch: string } | 'close') => {
  if (msg === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    append.immediate(JSON.parse(msg.batch) as AuditEntry[]);
    parentPort!.postMessage({ id: msg.id, ok: true });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, ok: false, error: String(err) });
  }
});
