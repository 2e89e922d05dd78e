// `keyward operator backup` and `restore` (issue 11 §4): a snapshot of an installation written as a Keyward backup file,
// and its restore into an empty installation of the same engine and schema. Restores never bring back a key that a
// destruction ledger lists — the target's own, the backup's, or one of a newer backup named by `--ledger-from`.
import { BACKUP_FORMAT, BACKUP_VERSION, writeBackup, type Backup, type BackupManifest, type Row } from './backup-format.js';
import { filterForRestore, LEDGER, type EngineBackup, type EngineRestore, type RestoreReport } from './backup-tables.js';

export type Engine = BackupManifest['engine'];

/** Tables that must be empty for an installation to count as empty: never initialised, no keys, no access keys. */
const MUST_BE_EMPTY = ['barrier_keys', 'keys', 'iam_access_keys'];

export class RestoreRefusedError extends Error {}

export async function takeBackup(engine: Engine, snapshot: () => Promise<EngineBackup>, out: string, now: number): Promise<BackupManifest> {
  const snap = await snapshot();
  return writeBackup(out, {
    manifest: { format: BACKUP_FORMAT, version: BACKUP_VERSION, engine, schemaVersion: snap.schemaVersion, createdAt: new Date(now).toISOString() },
    tables: snap.tables,
  });
}

/** A backup restores into the engine it was taken from (column types differ between SQLite and PostgreSQL). */
export function checkEngine(backup: Backup, engine: Engine): void {
  const m = backup.manifest;
  if (m.engine !== engine) throw new RestoreRefusedError(`this backup is of a ${m.engine} installation; restore it into ${m.engine}`);
}

export async function restoreBackup(engine: Engine, target: EngineRestore, backup: Backup, newerLedgers: Backup[]): Promise<RestoreReport> {
  checkEngine(backup, engine);
  const m = backup.manifest;
  const version = await target.schemaVersion();
  if (m.schemaVersion !== version) {
    throw new RestoreRefusedError(`this backup has schema version ${m.schemaVersion}, the target ${version}: restore it with the Keyward version that made it`);
  }
  for (const t of MUST_BE_EMPTY) {
    if ((await target.count(t)) > 0) throw new RestoreRefusedError(`the target installation is not empty (${t} has rows): restore into a new data directory or database`);
  }
  const ledger = new Map<string, number>();
  const add = (rows: Row[]) => {
    for (const r of rows) if (!ledger.has(r.key_id as string)) ledger.set(r.key_id as string, Number(r.destroyed_at));
  };
  add(await target.ledger());
  for (const b of newerLedgers) add(b.tables.find((t) => t.name === LEDGER)?.rows ?? []);
  const { tables, skipped } = filterForRestore(backup.tables, ledger);
  await target.replace(tables);
  return { tables: Object.fromEntries(tables.map((t) => [t.name, t.rows.length])), skippedDestroyedKeys: skipped };
}
