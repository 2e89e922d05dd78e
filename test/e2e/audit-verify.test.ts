// `keyward audit verify` on a log written by the real server: intact, then with a record edited, deleted or cut off the
// end, with anchors, with bad usage, and on the PostgreSQL store. The CLI runs as a separate process, as operators run it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { auditCli, DbCopies } from '../support/audit-tamper.js';
import { rejects } from '../support/lifecycle-helpers.js';
import { postgresAvailable, withPostgresServer } from '../support/postgres.js';
import { kmsClient, startTestServer } from '../support/server.js';

const verify = (...args: string[]) => auditCli('verify', ...args);

/** Some successful and failed requests, so the log has records of both outcomes. */
async function traffic(kms: KMSClient): Promise<void> {
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  for (let i = 0; i < 5; i++) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(`audit ${i}`) }));
  await rejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })), 'NotFoundException');
}

const copies = new DbCopies();
let original: string;
let records: number;
let head: string;

/** A copy of the stopped server's data directory, to tamper with. */
const copyDir = () => copies.copy();

before(async () => {
  const server = await startTestServer();
  const kms = kmsClient(server);
  await traffic(kms);
  kms.destroy();
  await server.stop(); // closing checkpoints the WAL into keyward.db
  original = copies.original = server.dataDir;
});

after(() => copies.cleanup());

test('an untouched log verifies; its head is printed and works as an anchor', () => {
  const r = verify('--data-dir', original);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /chain: intact/);
  const json = JSON.parse(verify('--data-dir', original, '--json').stdout);
  assert.equal(json.intact, true);
  assert.ok(json.records >= 7, `only ${json.records} records`);
  records = json.records;
  head = `${json.head.seq}:${json.head.hash}`;
  assert.match(r.stdout, new RegExp(`head: ${head}`));
  const anchored = verify('--data-dir', original, '--anchor', head);
  assert.equal(anchored.status, 0, anchored.stdout);
  assert.match(anchored.stdout, new RegExp(`anchor ${json.head.seq}: matches`));
});

test('an edited record breaks the chain at that record', () => {
  const { dir, db } = copyDir();
  db.prepare("UPDATE audit_log SET outcome = 'failure' WHERE seq = 3").run();
  db.close();
  const r = verify('--data-dir', dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /chain: BROKEN at seq 3 /);
  assert.equal(JSON.parse(verify('--data-dir', dir, '--json').stdout).brokenAtSeq, 3);
});

test('a deleted record breaks the chain at the next one', () => {
  const { dir, db } = copyDir();
  db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
  db.close();
  const r = verify('--data-dir', dir, '--json');
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout).brokenAtSeq, 5);
});

test('a record re-hashed to hide an edit still breaks the link to the next one', () => {
  const { dir, db } = copyDir();
  db.prepare("UPDATE audit_log SET hash = '" + 'ab'.repeat(32) + "' WHERE seq = 2").run();
  db.close();
  assert.equal(JSON.parse(verify('--data-dir', dir, '--json').stdout).brokenAtSeq, 2);
});

test('records cut off the end leave an intact chain, which an earlier anchor exposes', () => {
  const { dir, db } = copyDir();
  db.prepare('DELETE FROM audit_log WHERE seq > ?').run(records - 2);
  // A checkpoint beyond the cut would expose it (test/e2e/audit-checkpoints.test.ts); cutting those too needs the anchor.
  db.prepare('DELETE FROM audit_checkpoints WHERE seq > ?').run(records - 2);
  db.close();
  assert.equal(verify('--data-dir', dir).status, 0);
  const r = verify('--data-dir', dir, '--anchor', head);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /MISSING/);
  const wrong = verify('--data-dir', original, '--anchor', `2:${'0'.repeat(64)}`);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stdout, /anchor 2: DIFFERS/);
});

test('usage errors exit 2 and touch nothing', () => {
  const missing = verify('--data-dir', join(tmpdir(), 'keyward-no-such-dir'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no Keyward database/);
  assert.equal(verify('--data-dir', original, '--anchor', 'nope').status, 2);
  assert.equal(verify('--bogus').status, 2);
  const other = auditCli('frobnicate');
  assert.equal(other.status, 2);
});

const skipPg = postgresAvailable() ? false : 'PostgreSQL binaries not installed';

test('the PostgreSQL log verifies, and an edit there is found too', { skip: skipPg }, async () => {
  await withPostgresServer([], async ({ url, kms }) => {
    await traffic(kms);
    kms.destroy();
    const ok = verify('--database-url', url, '--json');
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(JSON.parse(ok.stdout).source, 'postgresql');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("UPDATE audit_log SET operation = 'Decrypt' WHERE seq = 6");
    await client.end();
    const bad = verify('--database-url', url, '--json');
    assert.equal(bad.status, 1);
    assert.equal(JSON.parse(bad.stdout).brokenAtSeq, 6);
  });
});
