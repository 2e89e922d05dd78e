// The audit search both stores run (LookupEvents, `keyward audit query`): newest first, filtered by time range,
// operation, principal, key, access key, request id and outcome, paged by sequence number. One SQL text for SQLite
// and PostgreSQL, differing only in placeholders. Filters scan back from the newest record (seq is the primary key).
import type { AuditFilter } from '../core/ports.js';

export type { AuditFilter };

/** WHERE clause and parameters; `ph(i)` writes the i-th placeholder (`?` for SQLite, `$i` for PostgreSQL). */
export function auditSearchSql(f: AuditFilter, limit: number, ph: (i: number) => string): { text: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(ph(params.length)));
  };
  if (f.beforeSeq !== undefined) add((p) => `seq < ${p}`, f.beforeSeq);
  if (f.startTime !== undefined) add((p) => `time >= ${p}`, f.startTime);
  if (f.endTime !== undefined) add((p) => `time <= ${p}`, f.endTime);
  if (f.operations !== undefined) {
    const list = f.operations.map((o) => {
      params.push(o);
      return ph(params.length);
    });
    where.push(list.length === 0 ? 'FALSE' : `operation IN (${list.join(', ')})`);
  }
  if (f.principal !== undefined) add((p) => `principal = ${p}`, f.principal);
  if (f.keyArn !== undefined) add((p) => `key_arn = ${p}`, f.keyArn);
  if (f.accessKeyId !== undefined) add((p) => `access_key_id = ${p}`, f.accessKeyId);
  if (f.requestId !== undefined) add((p) => `request_id = ${p}`, f.requestId);
  if (f.errorCode === '*') where.push(`outcome = 'failure'`);
  else if (f.errorCode !== undefined) add((p) => `error_code = ${p}`, f.errorCode);
  if (f.detailsContain !== undefined) add((p) => `details LIKE ${p} ESCAPE '\\'`, `%${f.detailsContain.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  params.push(limit);
  const text = `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${ph(params.length)}`;
  return { text, params };
}
