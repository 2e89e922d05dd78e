// The other roots of trust (issue 11): a passphrase (Argon2id) unseals an installation; a PKCS#11 installation
// (SoftHSM2) unseals itself at every start and stays sealed when the token or the PIN is wrong; an installation with
// several roots unseals with any one of them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { health, keyward, operatorInit, startInstallation, submitUnsealKey, type Initialised } from '../support/operator.js';
import type { TestServer } from '../support/server.js';
import { createTokens } from '../support/softhsm.js';

const dirs: string[] = [];
const fresh = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `keyward-${name}-`));
  dirs.push(d);
  return d;
};
const [token, otherToken] = createTokens(['kw-root', 'kw-other']);
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  token!.remove();
});

const PASSPHRASE = 'correct horse battery staple, 2026';
function passphraseFile(dir: string, text = PASSPHRASE): string {
  const f = join(dir, 'passphrase');
  writeFileSync(f, text + '\n', { mode: 0o600 });
  return f;
}

const kmsFor = (s: TestServer, init: Initialised) => new KMSClient({
  endpoint: s.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: init.accessKeyId, secretAccessKey: init.secretAccessKey },
});

async function roundTrip(s: TestServer, init: Initialised, blob?: Uint8Array): Promise<Uint8Array> {
  const kms = kmsFor(s, init);
  try {
    if (blob) {
      const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob }));
      assert.equal(Buffer.from(out.Plaintext!).toString(), 'rooted');
      return blob;
    }
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    return (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('rooted') }))).CiphertextBlob!;
  } finally {
    kms.destroy();
  }
}

test('a passphrase installation: too short a passphrase is refused at init; the wrong one keeps it sealed, the right one unseals', async () => {
  const dir = fresh('pass');
  const short = await keyward(['operator', 'init', '--data-dir', dir, '--passphrase-file', passphraseFile(dir, 'short'), '--json']);
  assert.equal(short.code, 2);
  assert.match(short.stderr, /at least 15 characters/);
  const init = await operatorInit(['--data-dir', dir, '--passphrase-file', passphraseFile(dir)]);
  assert.deepEqual([init.shares, init.threshold], [[], 0]);
  const s = await startInstallation(dir);
  try {
    assert.equal((await health(s.url)).status, 503);
    const wrong = await submitUnsealKey(s.url, 'correct horse battery staple, 2025');
    assert.deepEqual([wrong.status, wrong.body.sealed], [400, true]);
    const right = await submitUnsealKey(s.url, PASSPHRASE);
    assert.deepEqual([right.status, right.body.sealed], [200, false]);
    const blob = await roundTrip(s, init);
    await s.stop();
    const again = await startInstallation(dir);
    try {
      const r = await keyward(['operator', 'unseal', '--endpoint', again.url, '--key-file', passphraseFile(dir)]);
      assert.equal(r.code, 0, r.stderr);
      await roundTrip(again, init, blob);
    } finally {
      await again.stop();
    }
  } finally {
    await s.stop();
  }
});

test('a PKCS#11 installation unseals itself on every start, and stays sealed when the token or the PIN is wrong', async () => {
  const dir = fresh('pkcs11');
  const pk = ['--pkcs11-module', token!.module, '--pkcs11-token-label', token!.label, '--pkcs11-pin-file', token!.pinFile];
  const init = await operatorInit(['--data-dir', dir, ...pk], token!.env);
  assert.match(token!.listObjects(), /Secret Key Object; AES length 32\s+label:\s+keyward-root-[0-9a-f]{12}[\s\S]*Access:\s+sensitive, always sensitive, never extractable/);
  let s = await startInstallation(dir, pk, token!.env);
  let blob: Uint8Array;
  try {
    assert.equal((await health(s.url)).status, 200, 'unsealed by the token at start');
    blob = await roundTrip(s, init);
  } finally {
    await s.stop();
  }
  s = await startInstallation(dir, pk, token!.env);
  try {
    await roundTrip(s, init, blob);
  } finally {
    await s.stop();
  }
  const wrongPin = join(dir, 'wrong-pin');
  writeFileSync(wrongPin, 'not-the-pin\n', { mode: 0o600 });
  for (const args of [
    ['--pkcs11-module', token!.module, '--pkcs11-token-label', token!.label, '--pkcs11-pin-file', wrongPin],
    ['--pkcs11-module', token!.module, '--pkcs11-token-label', otherToken!.label, '--pkcs11-pin-file', token!.pinFile],
  ]) {
    s = await startInstallation(dir, args, token!.env);
    try {
      const h = await health(s.url);
      assert.deepEqual([h.status, h.body.sealed], [503, true], args.join(' '));
      assert.match(s.output(), /PKCS#11 root could not unseal/);
      assert.ok(!s.output().includes(token!.pin), 'the PIN is never logged');
    } finally {
      await s.stop();
    }
  }
});

test('several roots: shares, a passphrase and a token each unseal the same installation', async () => {
  const dir = fresh('multi');
  const pk = ['--pkcs11-module', token!.module, '--pkcs11-token-label', token!.label, '--pkcs11-pin-file', token!.pinFile];
  const init = await operatorInit(['--data-dir', dir, '--shares', '3', '--threshold', '2', '--passphrase-file', passphraseFile(dir), ...pk], token!.env);
  let s = await startInstallation(dir, pk, token!.env);
  const blob = await roundTrip(s, init).finally(() => s.stop());
  s = await startInstallation(dir, [], token!.env); // no token configured: sealed, the other roots open it
  try {
    assert.equal((await health(s.url)).status, 503);
    assert.equal((await submitUnsealKey(s.url, PASSPHRASE)).body.sealed, false);
    await roundTrip(s, init, blob);
  } finally {
    await s.stop();
  }
  s = await startInstallation(dir, [], token!.env);
  try {
    await submitUnsealKey(s.url, init.shares[2]!);
    assert.equal((await submitUnsealKey(s.url, init.shares[0]!)).body.sealed, false);
    await roundTrip(s, init, blob);
  } finally {
    await s.stop();
  }
});
