// Roots of trust on PostgreSQL (issue 11 §2, §4): two nodes share one initialised database and its barrier, yet each
// node is sealed and unsealed on its own; a backup taken while a node serves (one REPEATABLE READ transaction) restores
// into an empty database, where every key and ciphertext works and new keys continue after the restored ones.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { failure } from '../support/lifecycle-helpers.js';
import { health, keyward, operatorInit, startInstallation, submitUnsealKey, type Initialised } from '../support/operator.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import type { TestServer } from '../support/server.js';

const tmp = mkdtempSync(join(tmpdir(), 'keyward-pg-seal-'));
let cluster: TestPostgres;
let urlA: string;
let init: Initialised;
const servers: TestServer[] = [];
const blobs: { blob: Uint8Array; text: string }[] = [];

const client = (s: TestServer) => new KMSClient({
  endpoint: s.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: init.accessKeyId, secretAccessKey: init.secretAccessKey },
});

async function node(url: string, name: string): Promise<TestServer> {
  const s = await startInstallation(join(tmp, name), ['--database-url', url]);
  servers.push(s);
  return s;
}

async function decryptsAll(s: TestServer): Promise<void> {
  const kms = client(s);
  for (const { blob, text } of blobs) {
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { t: text } }))).Plaintext!).toString(), text);
  }
  kms.destroy();
}

before(async () => {
  cluster = await startPostgres();
  urlA = await cluster.createSchema('seal_a');
  init = await operatorInit(['--database-url', urlA, '--shares', '3', '--threshold', '2']);
});

after(async () => {
  for (const s of servers) await s.stop();
  await cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

let n1: TestServer;
let n2: TestServer;

test('two nodes on one database: each starts sealed and is unsealed, and sealed, on its own', async () => {
  [n1, n2] = [await node(urlA, 'n1'), await node(urlA, 'n2')];
  for (const s of [n1, n2]) assert.equal((await health(s.url)).status, 503);
  for (const share of init.shares.slice(0, 2)) await submitUnsealKey(n1.url, share);
  assert.equal((await health(n1.url)).status, 200);
  assert.deepEqual([(await health(n2.url)).status, (await health(n2.url)).body.progress], [503, 0], 'the other node stays sealed');
  const kms = client(n1);
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  for (let i = 0; i < 5; i++) {
    const text = `pg ${i}`;
    blobs.push({ blob: (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(text), EncryptionContext: { t: text } }))).CiphertextBlob!, text });
  }
  kms.destroy();
  for (const share of init.shares.slice(1, 3)) await submitUnsealKey(n2.url, share);
  await decryptsAll(n2);
  const sealed = await keyward(['operator', 'seal', '--endpoint', n1.url], { env: { AWS_ACCESS_KEY_ID: init.accessKeyId, AWS_SECRET_ACCESS_KEY: init.secretAccessKey } });
  assert.equal(sealed.code, 0, sealed.stderr);
  assert.equal((await health(n1.url)).status, 503);
  assert.equal((await failure(client(n1).send(new ListKeysCommand({}))))?.name, 'KMSInternalException');
  await decryptsAll(n2); // sealing one node leaves the other serving
});

test('backup while a node serves; restore into an empty database; keys, ciphertexts and new keys work there', async () => {
  const out = join(tmp, 'pg.kwb');
  const kms = client(n2);
  let stop = false;
  let served = 0;
  const load = (async () => {
    for (; !stop; served++) await kms.send(new CreateKeyCommand({}));
  })();
  const b = await keyward(['operator', 'backup', '--database-url', urlA, '--out', out, '--json']);
  stop = true;
  await load;
  kms.destroy();
  assert.equal(b.code, 0, b.stderr);
  const m = JSON.parse(b.stdout) as { engine: string; tables: Record<string, number> };
  assert.equal(m.engine, 'postgres');
  assert.ok(served > 0 && m.tables.keys! >= 1);
  const urlB = await cluster.createSchema('seal_b');
  const r = await keyward(['operator', 'restore', out, '--database-url', urlB, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { tables: Record<string, number> }).tables.keys, m.tables.keys);
  const sqliteRestore = await keyward(['operator', 'restore', out, '--data-dir', join(tmp, 'sqlite-target')]);
  assert.match(sqliteRestore.stderr, /backup is of a postgres installation/);
  assert.equal(existsSync(join(tmp, 'sqlite-target')), false, 'refused before the target was touched');
  const n3 = await node(urlB, 'n3');
  for (const share of [init.shares[0]!, init.shares[2]!]) await submitUnsealKey(n3.url, share);
  await decryptsAll(n3);
  const kms3 = client(n3);
  let keys = 0;
  for (let marker: string | undefined, more = true; more;) {
    const page = await kms3.send(new ListKeysCommand({ Marker: marker }));
    keys += page.Keys!.length;
    [marker, more] = [page.NextMarker, page.Truncated === true];
  }
  assert.equal(keys, m.tables.keys);
  const fresh = (await kms3.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!; // identity sequences moved past the restored rows
  assert.ok((await kms3.send(new EncryptCommand({ KeyId: fresh, Plaintext: Buffer.from('after restore') }))).CiphertextBlob);
  kms3.destroy();
});
