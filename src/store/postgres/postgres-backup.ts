// PostgreSQL backups: every table read inside one REPEATABLE READ, READ ONLY transaction (one snapshot, consistent
// while other nodes keep writing), and the restore into an empty, migrated database in one transaction, identity
// sequences moved past the restored rows. https://www.postgresql.org/docs/15/transaction-iso.html#XACT-REPEATABLE-READ
import pg from 'pg';
import type { Row } from '../backup/backup-format.js';
import { LEDGER, NOT_BACKED_UP, restoreOrder, type EngineBackup, type EngineRestore } from '../backup/backup-tables.js';

/** Rows per INSERT statement (well under PostgreSQL's 65535 parameters for Keyward's widest table). */
const BATCH = 200;

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'keyward-backup' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function tableNames(c: pg.Client): Promise<string[]> {
  const r = await c.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
  return r.rows.map((x) => x.name).filter((n) => !NOT_BACKED_UP.has(n));
}

async function references(c: pg.Client): Promise<Map<string, string[]>> {
  const r = await c.query<{ t: string; r: string }>(
    "SELECT conrelid::regclass::text AS t, confrelid::regclass::text AS r FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace");
  const refs = new Map<string, string[]>();
  for (const { t, r: ref } of r.rows) refs.set(t, [...(refs.get(t) ?? []), ref]);
  return refs;
}

const schemaVersion = async (c: pg.Client) => Number((await c.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]!.v);

export function snapshotPostgres(url: string): Promise<EngineBackup> {
  return withClient(url, async (c) => {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const names = await tableNames(c);
      const order = restoreOrder(names, await references(c));
      const tables = [];
      for (const name of order) tables.push({ name, rows: (await c.query<Row>(`SELECT * FROM "${name}"`)).rows });
      return { schemaVersion: await schemaVersion(c), tables };
    } finally {
      await c.query('ROLLBACK');
    }
  });
}

export function postgresRestoreTarget(url: string): EngineRestore {
  return {
    schemaVersion: () => withClient(url, schemaVersion),
    count: (table) => withClient(url, async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n)),
    ledger: () => withClient(url, async (c) => (await c.query<Row>(`SELECT key_id, destroyed_at FROM ${LEDGER}`)).rows),
    replace: (tables) => withClient(url, async (c) => {
      await c.query('BEGIN');
      try {
        // Rows a migration seeded (e.g. AWS managed policies) go first; the backup carries its own copy of them.
        for (const t of [...tables].reverse()) if (t.name !== LEDGER) await c.query(`DELETE FROM "${t.name}"`);
        for (const t of tables) await insertAll(c, t.name, t.rows);
        await moveIdentitySequences(c, tables.map((t) => t.name));
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      }
    }),
  };
}

async function insertAll(c: pg.Client, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const conflict = table === LEDGER ? ' ON CONFLICT DO NOTHING' : '';
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const values = batch.map((_, r) => `(${cols.map((_c, k) => `$${r * cols.length + k + 1}`).join(', ')})`).join(', ');
    await c.query(`INSERT INTO "${table}" (${cols.map((x) => `"${x}"`).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${values}${conflict}`,
      batch.flatMap((row) => cols.map((x) => row[x] ?? null)));
  }
}

/** GENERATED ALWAYS AS IDENTITY columns continue after the largest restored value. */
async function moveIdentitySequences(c: pg.Client, tables: string[]): Promise<void> {
  const r = await c.query<{ t: string; col: string }>(
    "SELECT table_name AS t, column_name AS col FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'");
  for (const { t, col } of r.rows.filter((x) => tables.includes(x.t))) {
    await c.query(`SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT max("${col}") FROM "${t}"), 1))`, [t, col]);
  }
}
