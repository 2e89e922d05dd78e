// The operator's story with Shamir shares (issue 11): init 3-of-5 → the server starts sealed and refuses KMS calls
// with a retryable error → two shares leave it sealed, a wrong or repeated share is refused without losing progress
// → a third unseals it without a restart → keys and old ciphertexts work → restart: sealed again → three other shares
// unseal it; nonces keep attempts apart; an administrator seals it again over SigV4.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { health, keyward, operatorInit, startInstallation, submitUnsealKey, type Initialised } from '../support/operator.js';
import type { TestServer } from '../support/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'keyward-shares-'));
let init: Initialised;
let server: TestServer | undefined;

const client = (s: TestServer, maxAttempts = 1) => new KMSClient({
  endpoint: s.url, region: 'us-east-1', maxAttempts,
  credentials: { accessKeyId: init.accessKeyId, secretAccessKey: init.secretAccessKey },
});

before(async () => {
  init = await operatorInit(['--data-dir', dataDir, '--shares', '5', '--threshold', '3']);
});

after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('init prints 5 shares, the threshold and the administrator once, as JSON only', async () => {
  assert.equal(init.shares.length, 5);
  assert.equal(new Set(init.shares).size, 5);
  assert.equal(init.threshold, 3);
  assert.match(init.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
  assert.ok(init.secretAccessKey.length >= 40);
  const again = await keyward(['operator', 'init', '--data-dir', dataDir, '--shares', '5', '--threshold', '3', '--json']);
  assert.equal(again.code, 1, 'a second init is refused');
  assert.match(again.stderr, /already initialised/);
  assert.equal(again.stdout, '');
});

let ciphertext: Uint8Array;
let keyId: string;

test('the server starts sealed: healthz 503, every KMS call refused with a retryable error naming the state', async () => {
  server = await startInstallation(dataDir);
  const h = await health(server.url);
  assert.equal(h.status, 503);
  assert.deepEqual([h.body.sealed, h.body.progress, h.body.threshold], [true, 0, 3]);
  const once = client(server);
  await assert.rejects(once.send(new ListKeysCommand({})), (err: Error & { $fault?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, 'KMSInternalException');
    assert.match(err.message, /sealed/);
    assert.equal(err.$metadata?.httpStatusCode, 503);
    return true;
  });
  const retrying = client(server, 3);
  await assert.rejects(retrying.send(new ListKeysCommand({})), (err: Error & { $metadata?: { attempts?: number } }) => {
    assert.equal(err.$metadata?.attempts, 3, 'the SDK retries the sealed answer');
    return true;
  });
  once.destroy();
  retrying.destroy();
});

test('two shares leave it sealed; a wrong or repeated share is refused and the progress is kept; the third unseals', async () => {
  const s = server!;
  const first = await submitUnsealKey(s.url, init.shares[0]!);
  assert.deepEqual([first.status, first.body.sealed, first.body.progress, first.body.threshold], [200, true, 1, 3]);
  assert.match(first.body.nonce, /^[0-9a-f]{32}$/);
  const second = await submitUnsealKey(s.url, init.shares[1]!, first.body.nonce);
  assert.deepEqual([second.body.sealed, second.body.progress], [true, 2]);
  const wrong = await submitUnsealKey(s.url, randomBytes(33).toString('base64'));
  assert.equal(wrong.status, 400);
  assert.deepEqual([wrong.body.sealed, wrong.body.progress], [true, 2]);
  const repeated = await submitUnsealKey(s.url, init.shares[1]!);
  assert.equal(repeated.status, 400);
  assert.match(repeated.body.error!, /already submitted/);
  assert.equal(repeated.body.progress, 2);
  const otherAttempt = await submitUnsealKey(s.url, init.shares[2]!, 'f'.repeat(32));
  assert.equal(otherAttempt.status, 400, 'a share for another attempt (nonce) is refused');
  assert.equal(otherAttempt.body.progress, 2);
  assert.equal((await health(s.url)).status, 503);
  const third = await submitUnsealKey(s.url, init.shares[2]!, first.body.nonce);
  assert.deepEqual([third.status, third.body.sealed], [200, false]);
  const h = await health(s.url);
  assert.deepEqual([h.status, h.body.sealed], [200, false]);
});

test('unsealed without a restart: keys and ciphertexts work', async () => {
  const kms = client(server!);
  keyId = (await kms.send(new CreateKeyCommand({ Description: 'after unseal' }))).KeyMetadata!.KeyId!;
  ciphertext = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('sealed at rest'), EncryptionContext: { a: 'b' } }))).CiphertextBlob!;
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { a: 'b' } }));
  assert.equal(Buffer.from(out.Plaintext!).toString(), 'sealed at rest');
  kms.destroy();
});

test('after a restart it is sealed again; three other shares (CLI, key file and pipe) unseal it; old ciphertexts decrypt', async () => {
  await server!.stop();
  server = await startInstallation(dataDir);
  assert.equal((await health(server.url)).body.sealed, true);
  const endpoint = ['--endpoint', server.url];
  const status = await keyward(['operator', 'status', ...endpoint, '--json']);
  assert.equal(status.code, 1, 'status exits 1 while sealed');
  assert.deepEqual(JSON.parse(status.stdout).progress, 0);
  const a = await keyward(['operator', 'unseal', ...endpoint, '--json'], { input: init.shares[4]! + '\n' });
  assert.equal(a.code, 0, a.stderr);
  const progress = JSON.parse(a.stdout) as { progress: number; nonce: string; sealed: boolean };
  assert.deepEqual([progress.sealed, progress.progress], [true, 1]);
  const b = await keyward(['operator', 'unseal', ...endpoint, '--nonce', progress.nonce], { input: init.shares[3]! });
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stdout, /progress: 2 of 3/);
  const bad = await keyward(['operator', 'unseal', ...endpoint], { input: 'not a share' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /refused/);
  const c = await keyward(['operator', 'unseal', ...endpoint, '--json'], { input: init.shares[1]! });
  assert.equal(JSON.parse(c.stdout).sealed, false);
  const kms = client(server);
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { a: 'b' } }));
  assert.equal(Buffer.from(out.Plaintext!).toString(), 'sealed at rest');
  kms.destroy();
});

test('--reset forgets the progress; an administrator seals the node over SigV4; anyone else may not', async () => {
  const s = server!;
  const env = { AWS_ACCESS_KEY_ID: init.accessKeyId, AWS_SECRET_ACCESS_KEY: init.secretAccessKey };
  const stranger = await keyward(['operator', 'seal', '--endpoint', s.url], { env: { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNUNKNOWN00', AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) } });
  assert.equal(stranger.code, 1);
  assert.match(stranger.stderr, /UnrecognizedClientException/);
  const sealed = await keyward(['operator', 'seal', '--endpoint', s.url, '--json'], { env });
  assert.equal(sealed.code, 0, sealed.stderr);
  assert.deepEqual(JSON.parse(sealed.stdout), { sealed: true });
  assert.equal((await health(s.url)).status, 503);
  await submitUnsealKey(s.url, init.shares[0]!);
  const reset = await keyward(['operator', 'unseal', '--endpoint', s.url, '--reset', '--json']);
  assert.equal(JSON.parse(reset.stdout).progress, 0);
  for (const share of init.shares.slice(2)) await submitUnsealKey(s.url, share);
  assert.equal((await health(s.url)).status, 200);
});

test('root and seal events are audited as system events, without any share', async () => {
  await server!.stop();
  const db = new Database(join(dataDir, 'keyward.db'), { readonly: true });
  const rows = db.prepare("SELECT operation, error_code, details FROM audit_log WHERE principal = 'keyward:system' ORDER BY seq").all() as { operation: string; error_code: string | null; details: string }[];
  db.close();
  const ops = rows.map((r) => `${r.operation}${r.error_code ? `:${r.error_code}` : ''}`);
  assert.equal(ops[0], 'InitializeInstallation');
  assert.ok(ops.includes('Unseal'));
  assert.ok(ops.includes('Unseal:UnsealKeyRejected'));
  assert.ok(ops.includes('Seal'));
  const text = JSON.stringify(rows);
  for (const share of init.shares) assert.ok(!text.includes(share));
  server = undefined;
});
