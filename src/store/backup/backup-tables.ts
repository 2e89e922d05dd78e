// Which tables a backup carries and in what order they are restored, and the destruction-ledger rule of a restore:
// no row of a key the ledger lists comes back, and the ledgers are merged, never shrunk (migration 10).
import type { Row } from './backup-format.js';

/** What an engine's snapshot yields: its schema version and every table, in restore order. */
export interface EngineBackup {
  schemaVersion: number;
  tables: { name: string; rows: Row[] }[];
}

/** An engine's side of a restore, on a target that migrate() brought to the current schema. */
export interface EngineRestore {
  schemaVersion(): Promise<number>;
  count(table: string): Promise<number>;
  ledger(): Promise<Row[]>;
  /** In one transaction: every backed-up table's rows replaced by these (the ledger only ever gains rows). */
  replace(tables: { name: string; rows: Row[] }[]): Promise<void>;
}

/** Per-process or per-node state that a backup does not carry (the change feed, leases, migration bookkeeping). */
export const NOT_BACKED_UP: ReadonlySet<string> = new Set(['key_changes', 'leases', 'schema_migrations', 'sqlite_sequence']);
export const LEDGER = 'destruction_ledger';

/** Tables ordered so that every table comes after the tables its foreign keys reference. */
export function restoreOrder(tables: string[], references: Map<string, string[]>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t) || path.has(t)) return;
    path.add(t);
    for (const r of references.get(t) ?? []) if (tables.includes(r) && r !== t) visit(r, path);
    seen.add(t);
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return out;
}

/** Whether a row belongs to a key that was destroyed (its own key id, or the key an alias points at). */
export function belongsToDestroyedKey(row: Row, destroyed: ReadonlySet<string>): boolean {
  return (typeof row.key_id === 'string' && destroyed.has(row.key_id)) || (typeof row.target_key_id === 'string' && destroyed.has(row.target_key_id));
}

export interface RestoreReport {
  tables: Record<string, number>;
  /** Keys in the backup that a destruction ledger lists: not restored. */
  skippedDestroyedKeys: string[];
}

/** The rows to restore: the backup's, less those of destroyed keys; the ledger table as the union of every ledger. */
export function filterForRestore(tables: { name: string; rows: Row[] }[], ledger: Map<string, number>): { tables: { name: string; rows: Row[] }[]; skipped: string[] } {
  for (const r of tables.find((t) => t.name === LEDGER)?.rows ?? []) if (!ledger.has(r.key_id as string)) ledger.set(r.key_id as string, Number(r.destroyed_at));
  const destroyed = new Set(ledger.keys());
  const skipped = (tables.find((t) => t.name === 'keys')?.rows ?? []).map((r) => r.key_id as string).filter((id) => destroyed.has(id));
  return {
    skipped,
    tables: tables.map((t) => (t.name === LEDGER
      ? { name: t.name, rows: [...ledger].map(([key_id, destroyed_at]) => ({ key_id, destroyed_at })) }
      : { name: t.name, rows: t.rows.filter((r) => !belongsToDestroyedKey(r, destroyed)) })),
  };
}
