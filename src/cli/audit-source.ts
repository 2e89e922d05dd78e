// Opens an installation's audit log read-only for the audit commands: the SQLite database in a data directory
// (opened read-only, so a running server is not disturbed) or a PostgreSQL database; for verification (in seq order)
// or for queries (newest first, filtered).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AuditSource } from '../audit/log-verifier.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { auditFromRow, checkpointFromRow } from '../store/sqlite/rows.js';
import { UsageError } from './usage-error.js';
import type { AuditRecord } from '../core/model.js';
import { auditSearchSql, type AuditFilter } from '../store/audit-search.js';

/** PostgreSQL's SQLSTATE undefined_table: a database not yet migrated to checkpoints has none. */
const UNDEFINED_TABLE = '42P01';

export interface StoreLocation {
  dataDir: string;
  databaseUrl?: string | undefined;
}

export function openAuditSource(at: StoreLocation): AuditSource {
  if (at.databaseUrl !== undefined) {
    const store = new PostgresStore(at.databaseUrl);
    return {
      describe: 'postgresql',
      read: (after, limit) => store.readAudit(after, limit),
      checkpoints: (after, limit) => store.readAuditCheckpoints(after, limit).catch((err: { code?: string }) => {
        if (err.code === UNDEFINED_TABLE) return [];
        throw err;
      }),
      meta: (name) => store.getMeta(name),
      close: () => store.close(),
    };
  }
  const file = join(resolve(at.dataDir), 'keyward.db');
  if (!existsSync(file)) throw new UsageError(`no Keyward database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const page = db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?');
  const hasCheckpoints = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_checkpoints'").get() !== undefined;
  const cps = hasCheckpoints ? db.prepare('SELECT * FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?') : undefined;
  const meta = db.prepare('SELECT value FROM meta WHERE name = ?');
  return {
    describe: `sqlite ${file}`,
    read: async (after, limit) => (page.all(after, limit) as Record<string, unknown>[]).map(auditFromRow),
    checkpoints: async (after, limit) => (cps?.all(after, limit) as Record<string, unknown>[] | undefined ?? []).map(checkpointFromRow),
    meta: async (name) => (meta.get(name) as { value: string } | undefined)?.value,
    close: async () => void db.close(),
  };
}

/** The audit log searched newest first (`keyward audit query`), read-only as above. */
export interface AuditQuerySource {
  search(filter: AuditFilter, limit: number): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

export function openAuditQuery(at: StoreLocation): AuditQuerySource {
  if (at.databaseUrl !== undefined) {
    const store = new PostgresStore(at.databaseUrl);
    return { search: (f, limit) => store.searchAudit(f, limit), close: () => store.close() };
  }
  const file = join(resolve(at.dataDir), 'keyward.db');
  if (!existsSync(file)) throw new UsageError(`no Keyward database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    search: async (f, limit) => {
      const q = auditSearchSql(f, limit, () => '?');
      return (db.prepare(q.text).all(...q.params) as Record<string, unknown>[]).map(auditFromRow);
    },
    close: async () => void db.close(),
  };
}
