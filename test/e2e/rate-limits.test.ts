// Rate limits through the real server: a --rate-limits file lowering ListKeys for the administrator and Encrypt on one
// key makes the next request fail with AWS's ThrottlingException (which SDKs retry), other quotas and keys unaffected.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateKeyCommand, EncryptCommand, ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import { rejects } from '../support/lifecycle-helpers.js';
import { kmsClient, startTestServer, TEST_ACCOUNT, type TestServer } from '../support/server.js';

const THROTTLED = 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';
let server: TestServer;
let kms: KMSClient;
let limitedKey = '';
let otherKey = '';

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-limits-'));
  // A first start creates the keys, so the limits file can name one of them.
  const first = await startTestServer({ dataDir });
  const k = kmsClient(first);
  limitedKey = (await k.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  otherKey = (await k.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  k.destroy();
  await first.stop();
  const file = join(dataDir, 'limits.json');
  writeFileSync(file, JSON.stringify({
    awsDefaults: false,
    principals: { [`arn:aws:iam::${TEST_ACCOUNT}:user/keyward-admin`]: { ListKeys: 2 } },
    keys: { [limitedKey]: { 'Cryptographic operations (symmetric)': 3 } },
  }));
  server = await startTestServer({ dataDir, args: ['--rate-limits', file] });
  kms = kmsClient(server);
});

after(async () => {
  kms?.destroy();
  await server?.stop(true);
});

test('the principal limit: two ListKeys in a burst, the third is throttled', async () => {
  await kms.send(new ListKeysCommand({}));
  await kms.send(new ListKeysCommand({}));
  await rejects(kms.send(new ListKeysCommand({})), 'ThrottlingException', THROTTLED);
});

test('the key limit: three Encrypts on the limited key, then throttled; the other key is not limited', async () => {
  for (let i = 0; i < 3; i++) await kms.send(new EncryptCommand({ KeyId: limitedKey, Plaintext: Buffer.from('x') }));
  await rejects(kms.send(new EncryptCommand({ KeyId: limitedKey, Plaintext: Buffer.from('x') })), 'ThrottlingException', THROTTLED);
  for (let i = 0; i < 10; i++) await kms.send(new EncryptCommand({ KeyId: otherKey, Plaintext: Buffer.from('x') }));
  await new Promise((r) => setTimeout(r, 400)); // 3 per second: one token back after a third of a second
  await kms.send(new EncryptCommand({ KeyId: limitedKey, Plaintext: Buffer.from('x') }));
});

test('a malformed limits file stops the server at start with a one-line reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-limits-bad-'));
  writeFileSync(join(dir, 'bad.json'), '{"principals": {"x": {"ListKeys": "fast"}}}');
  await assert.rejects(startTestServer({ dataDir: dir, args: ['--rate-limits', join(dir, 'bad.json')] }), /--rate-limits .*expected/);
});
