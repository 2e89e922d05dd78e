// Worker thread that appends audit entries to the SQLite database on its own connection, so the commit's fsync
// never blocks the event loop that serves requests. A batch arrives as one JSON string; one transaction per batch.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditEntry } from '../../core/audit-chain.js';
import { prepareAuditAppend } from './audit-append.js';

const db = new Database((workerData as { path: string }).path);
db.pragma('synchronous = FULL'); // durable before the batch is acknowledged
db.pragma('busy_timeout = 5000');
const append = prepareAuditAppend(db);

parentPort!.on('message', (msg: { id: number; batch: string } | 'close') => {
  if (msg === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    append(JSON.parse(msg.batch) as AuditEntry[]);
    parentPort!.postMessage({ id: msg.id, ok: true });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, ok: false, error: String(err) });
  }
});
