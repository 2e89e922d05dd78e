// SQLite backups: a consistent online snapshot through SQLite's online backup API (better-sqlite3 `db.backup`, copied
// in one step so a busy server cannot keep restarting it), then read table by table; and the restore of such a
// snapshot into an empty, migrated database in one transaction. https://www.sqlite.org/backup.html
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from '../backup/backup-format.js';
import { LEDGER, NOT_BACKED_UP, restoreOrder, type EngineBackup, type EngineRestore } from '../backup/backup-tables.js';

/** Pages per backup step: more than any Keyward database has, so the copy is one step (one read snapshot). */
const ONE_STEP = 0x7fffffff;

const tableNames = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
  .map((r) => r.name).filter((n) => !NOT_BACKED_UP.has(n));

function references(db: Database.Database, tables: string[]): Map<string, string[]> {
  return new Map(tables.map((t) => [t, (db.pragma(`foreign_key_list("${t}")`) as { table: string }[]).map((f) => f.table)]));
}

export async function snapshotSqlite(dbFile: string): Promise<EngineBackup> {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-backup-'));
  const copy = join(dir, 'snapshot.db');
  try {
    const source = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      await source.backup(copy, { progress: () => ONE_STEP });
    } finally {
      source.close();
    }
    const db = new Database(copy, { readonly: true });
    try {
      const names = tableNames(db);
      const order = restoreOrder(names, references(db, names));
      return {
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        tables: order.map((name) => ({ name, rows: db.prepare(`SELECT * FROM "${name}"`).all() as Row[] })),
      };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true }); // the copy holds sealed material: do not leave it in /tmp
  }
}

/** The target side of a restore, on a database `migrate()` has brought to the current schema. */
export function sqliteRestoreTarget(dbFile: string): EngineRestore {
  const withDb = async <T>(fn: (db: Database.Database) => T): Promise<T> => {
    const db = new Database(dbFile, { fileMustExist: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    schemaVersion: () => withDb((db) => db.pragma('user_version', { simple: true }) as number),
    count: (table) => withDb((db) => (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n),
    ledger: () => withDb((db) => db.prepare(`SELECT key_id, destroyed_at FROM ${LEDGER}`).all() as Row[]),
    replace: (tables) => withDb((db) => {
      db.pragma('foreign_keys = ON');
      db.transaction(() => {
        // Rows a migration seeded (e.g. AWS managed policies) go first; the backup carries its own copy of them.
        for (const t of [...tables].reverse()) if (t.name !== LEDGER) db.prepare(`DELETE FROM "${t.name}"`).run();
        for (const t of tables) insertAll(db, t.name, t.rows, t.name === LEDGER ? 'INSERT OR IGNORE' : 'INSERT');
      }).immediate();
    }),
  };
}

function insertAll(db: Database.Database, table: string, rows: Row[], verb: string): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const stmt = db.prepare(`${verb} INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  for (const r of rows) stmt.run(cols.map((c) => r[c] ?? null));
}
