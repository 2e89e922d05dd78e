// The receipt path once more with the PostgreSQL store (a throwaway cluster): an imported key is scheduled for
// deletion (pre-flight on, unused key), destroyed by the scheduler under the test clock, and its receipt verifies
// offline against the public key `keyward audit public-key --database-url` prints; the residue search reports its
// scope honestly (rows, after VACUUM; not the data files) and finds neither the material nor its sealed bytes, which a
// direct query confirms. The SQLite path is covered in depth by destruction.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CreateKeyCommand, ScheduleKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import { advanceClock, DAY, kmsClient } from '../support/lifecycle-helpers.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { keywardClient } from '../support/keyward.js';
import { runCli } from '../support/cli.js';
import { importKnownMaterial, materialForms } from '../support/import-material.js';
import type { KeywardClient } from '../../src/client/index.js';

const skip = postgresAvailable() ? false : 'PostgreSQL binaries not installed';
let cluster: TestPostgres | undefined;
let server: TestServer | undefined;
let url = '';
let kms: KMSClient;
let kw: KeywardClient;

before(async () => {
  if (skip) return;
  cluster = await startPostgres();
  url = await cluster.createDatabase();
  server = await startTestServer({ args: ['--test-clock', '--destruction-preflight', 'on', '--database-url', url] });
  kms = kmsClient(server);
  kw = keywardClient(server);
});

after(async () => {
  kms?.destroy();
  await server?.stop(true);
  await cluster?.stop();
});

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

test('a deletion on PostgreSQL issues a receipt that verifies offline; no row holds the material afterwards', { skip }, async () => {
  const material = randomBytes(32);
  const md = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
  await importKnownMaterial(kms, md.KeyId!, material);
  const [row] = await query<{ sealed_material: Buffer; commitment: string }>('SELECT sealed_material, commitment FROM key_versions WHERE key_id = $1', [md.KeyId!]);
  assert.match(row!.commitment, /^hmac-sha256:[0-9a-f]{64}$/);
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId!, PendingWindowInDays: 7 }));
  await advanceClock(server!.url, 8 * DAY);

  const got = await kw.getDestructionReceipt({ KeyId: md.Arn! });
  assert.equal(got.ScanResult, 'CLEAN');
  const receipt = JSON.parse(got.Receipt);
  assert.equal(receipt.Versions[0].Commitment, row!.commitment);
  assert.equal(receipt.Versions[0].CommitmentMatched, true);
  assert.ok(receipt.Scan.Scope.includes('rows of key_versions.sealed_material (PostgreSQL)'));
  assert.ok(receipt.Scan.Notes.some((n: string) => /data files, WAL \(pg_wal\) and freed disk blocks are not readable/.test(n)));
  assert.ok(receipt.Scan.Notes.some((n: string) => /key_versions was vacuumed first/.test(n)));

  const dir = mkdtempSync(join(tmpdir(), 'keyward-receipt-pg-'));
  const pem = await runCli(['audit', 'public-key', '--database-url', url]);
  assert.equal(pem.code, 0, pem.stderr);
  writeFileSync(join(dir, 'keyward.pem'), pem.stdout);
  writeFileSync(join(dir, 'receipt.json'), got.Receipt);
  const ok = await runCli(['receipt', 'verify', join(dir, 'receipt.json'), '--public-key', join(dir, 'keyward.pem'), '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout.toString()), { Verified: true, KeyId: md.Arn!, Versions: [1], DestroyedDate: receipt.DestroyedDate, ScanResult: 'CLEAN' });
  const flipped = Buffer.from(got.Receipt);
  const at = flipped.indexOf(Buffer.from(md.KeyId!)) + 3;
  flipped[at] = flipped[at] === 0x61 ? 0x62 : 0x61;
  writeFileSync(join(dir, 'flipped.json'), flipped);
  assert.equal((await runCli(['receipt', 'verify', join(dir, 'flipped.json'), '--public-key', join(dir, 'keyward.pem')])).code, 1);

  const left = await query<{ n: number }>('SELECT count(*)::int AS n FROM key_versions WHERE position($1::bytea in sealed_material) > 0 OR position($2::bytea in sealed_material) > 0', [row!.sealed_material, material]);
  assert.equal(left[0]!.n, 0);
  const audit = await query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE ' + materialForms(material).map((_, i) => `strpos(details, $${i + 1}) > 0`).join(' OR '), materialForms(material));
  assert.equal(audit[0]!.n, 0);
  assert.deepEqual((await kw.listDestructionReceipts({})).Receipts.map((r) => r.KeyId), [md.Arn!]);
});
