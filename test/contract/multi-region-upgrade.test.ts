// Migration 14 (multi-Region keys) on a database that already holds keys and aliases (both stores): earlier multi-Region keys become their
// own primary, single-Region keys get none, existing aliases stay reachable in their Region, one alias name can then
// exist in a second Region, and the rebuilt aliases table still announces changes on the change feed (SQLite).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Store } from '../../src/core/ports.js';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { MIGRATIONS as PG_MIGRATIONS, migrate } from '../../src/store/postgres/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

const MRK = `mrk-${'12'.repeat(16)}`;
const UUID = '0b0b0b0b-1111-4222-8333-444444444444';
const T0 = 1_700_000_000_000;
/** The schema version just before multi-Region keys (migration 14 is the first that knows them). */
const BEFORE_MRK = 13;

/** Rows as a version-10 Keyward wrote them: a multi-Region and a single-Region key, one version each, an alias. */
const SEED: { sql: string; params: unknown[] }[] = [MRK, UUID].flatMap((id, i) => [
  {
    sql: `INSERT INTO keys (key_id, account_id, region, created_at, description, key_spec, key_usage, origin, state, multi_region,
      policy, current_version, revision) VALUES ($1, '111122223333', 'us-east-1', ${T0}, '', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT',
      'AWS_KMS', 'Enabled', ${i === 0 ? 'TRUE' : 'FALSE'}, '{}', 1, 1)`,
    params: [id],
  },
  { sql: `INSERT INTO key_versions (key_id, version, material_id, created_at, sealed_material) VALUES ($1, 1, $2, ${T0}, $3)`, params: [id, 'ab'.repeat(32), Buffer.from('sealed')] },
]).concat([{
  sql: `INSERT INTO aliases (alias_name, account_id, region, target_key_id, created_at, updated_at) VALUES ('alias/old', '111122223333', 'us-east-1', $1, ${T0}, ${T0})`,
  params: [UUID],
}]);

async function checkUpgraded(store: Store): Promise<void> {
  assert.equal((await store.getKey(MRK))!.primaryRegion, 'us-east-1', 'an earlier multi-Region key is its own primary');
  assert.equal((await store.getKey(UUID))!.primaryRegion, undefined);
  assert.equal((await store.getAlias('alias/old', 'us-east-1'))!.targetKeyId, UUID);
  assert.equal(await store.getAlias('alias/old', 'eu-west-1'), undefined);
  await store.createKey({ ...(await store.getKey(MRK))!, keyId: `${MRK}/eu-west-1`, region: 'eu-west-1', revision: 1 }, undefined, []);
  await store.createAlias({ aliasName: 'alias/old', accountId: '111122223333', region: 'eu-west-1', targetKeyId: `${MRK}/eu-west-1`, createdAt: T0, updatedAt: T0 });
  assert.equal((await store.getAlias('alias/old', 'eu-west-1'))!.targetKeyId, `${MRK}/eu-west-1`);
  assert.deepEqual((await store.listAliases(10, undefined, UUID)).items.map((a) => a.region), ['us-east-1']);
  assert.deepEqual((await store.relatedKeys(MRK, ['us-east-1', 'eu-west-1'])).map((k) => k.keyId), [MRK, `${MRK}/eu-west-1`]);
}

describe('migration 14 upgrades a populated SQLite database', () => {
  test('keys, aliases and the aliases change triggers survive the table rebuild', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-mrk-upgrade-'));
    const path = join(dir, 'keyward.db');
    try {
      const db = new Database(path);
      db.pragma('foreign_keys = ON');
      for (let v = 0; v < BEFORE_MRK; v++) db.exec(SQLITE_MIGRATIONS[v]!);
      db.pragma(`user_version = ${BEFORE_MRK}`);
      for (const s of SEED) {
        db.prepare(s.sql.replace(/\$\d/g, '?').replace('TRUE', '1').replace('FALSE', '0')).run(...s.params);
      }
      db.close();
      const store = new SqliteStore(path);
      try {
        await checkUpgraded(store);
        const check = new Database(path, { readonly: true });
        const changes = () => (check.prepare('SELECT count(*) AS n FROM key_changes WHERE key_id = ?').get(UUID) as { n: number }).n;
        const before = changes();
        assert.equal(await store.updateAlias('alias/old', 'us-east-1', MRK, T0 + 1), true);
        assert.equal(changes(), before + 1, 'moving an alias announces its former target on the change feed');
        assert.equal((check.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, SQLITE_MIGRATIONS.length);
        check.close();
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 14 upgrades a populated PostgreSQL database', () => {
  let cluster: TestPostgres;
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    await cluster?.stop();
  });

  test('keys and aliases survive the new primary key', async () => {
    const url = await cluster.createSchema();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migrate(client, PG_MIGRATIONS.slice(0, BEFORE_MRK));
      for (const s of SEED) await client.query(s.sql, s.params);
    } finally {
      await client.end();
    }
    const store = new PostgresStore(url, { poolSize: 2 });
    try {
      await store.migrate();
      await checkUpgraded(store);
    } finally {
      await store.close();
    }
  });
});
