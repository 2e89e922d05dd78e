// A SQLite column as a TableSource (better-sqlite3): rows by rowid, updates in one IMMEDIATE transaction per batch.
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { quoteIdent, valueBytes, type RowUpdate, type RowValue, type TableSource } from './table-source.js';

export function openSqliteTable(file: string, table: string, column: string, writable: boolean): TableSource {
  const path = resolve(file);
  const db = new Database(path, { readonly: !writable, fileMustExist: true });
  db.pragma('busy_timeout = 5000'); // another process's write lock: wait, as the server's own connections do
  const t = quoteIdent(table);
  const c = quoteIdent(column);
  const page = db.prepare(`SELECT rowid AS "rowid", ${c} AS "value" FROM ${t} WHERE rowid > ? AND typeof(${c}) IN ('blob', 'text') ORDER BY rowid LIMIT ?`);
  const update = writable ? db.prepare(`UPDATE ${t} SET ${c} = ? WHERE rowid = ? AND ${c} = ?`) : undefined;
  const updateAll = db.transaction((batch: readonly RowUpdate[]) => {
    return batch.map(({ row, value }) => {
      const fresh = row.text ? value.toString('utf8') : value;
      const old = row.text ? row.value.toString('utf8') : row.value;
      return update!.run(fresh, row.key[0], old).changes === 1;
    });
  });
  return {
    scope: `sqlite:${path}#${table}.${column}`,
    column: `${table}.${column}`,
    // Numbers cannot hold a ciphertext: only BLOB and TEXT values are read (SQLite columns hold any type).
    count: async () => (db.prepare(`SELECT count(*) AS n FROM ${t} WHERE typeof(${c}) IN ('blob', 'text')`).get() as { n: number }).n,
    async *batches(size) {
      let after: number | bigint = -1n << 63n;
      page.safeIntegers(true); // rowids are 64-bit
      for (;;) {
        const rows = page.all(after, size) as { rowid: bigint; value: unknown }[];
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.rowid;
        const out: RowValue[] = [];
        for (const r of rows) {
          const v = valueBytes(r.value);
          if (v) out.push({ label: `rowid=${r.rowid}`, key: [r.rowid], ...v });
        }
        yield out;
      }
    },
    update: async (batch) => updateAll.immediate(batch),
    close: async () => void db.close(),
  };
}
