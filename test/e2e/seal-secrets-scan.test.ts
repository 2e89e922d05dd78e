// Issue 11 §5: no secret of the roots of trust — a share, the passphrase, the token PIN (right or wrong), the root key
// or a barrier key — reaches a server log, an error answer, the CLI's output (other than init's, which prints the
// shares once by design), the audit log or a backup, across unseal attempts, seal, auto-unseal, rotation and backup.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { combine } from 'shamir-secret-sharing';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { RootKey } from '../../src/seal/root-key.js';
import { rawRequest } from '../support/raw-request.js';
import { keyward, operatorInit, startInstallation, submitUnsealKey, type Initialised } from '../support/operator.js';
import type { TestServer } from '../support/server.js';
import { createTokens } from '../support/softhsm.js';

const dir = mkdtempSync(join(tmpdir(), 'keyward-scan-'));
const [token] = createTokens(['kw-scan']);
after(() => {
  rmSync(dir, { recursive: true, force: true });
  token!.remove();
});
const PASSPHRASE = 'the scan must never find this passphrase';
const WRONG_PIN = 'wrong-pin-9876';
const seen: { where: string; text: string | Buffer }[] = [];

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text + '\n', { mode: 0o600 });
  return f;
}

async function cli(where: string, args: string[], env: Record<string, string> = {}) {
  const r = await keyward(args, { env: { ...token!.env, ...env } });
  seen.push({ where: `${where} stdout`, text: r.stdout }, { where: `${where} stderr`, text: r.stderr });
  return r;
}

async function stopped(s: TestServer, where: string): Promise<void> {
  await s.stop();
  seen.push({ where: `${where} log`, text: s.output() });
}

/** The root key (from two shares) and every barrier key in the store now, in the forms a leak could take. */
async function rootSecrets(init: Initialised): Promise<string[]> {
  const raw = Buffer.from(await combine(init.shares.slice(0, 2).map((x) => new Uint8Array(Buffer.from(x, 'base64')))));
  const root = RootKey.fromBytes(Buffer.from(raw));
  const db = new Database(join(dir, 'data', 'keyward.db'), { readonly: true });
  const rows = db.prepare('SELECT term, wrapped FROM barrier_keys').all() as { term: number; wrapped: Buffer }[];
  db.close();
  const keys = [raw, ...rows.map((r) => root.unwrap(r.wrapped, r.term))];
  return keys.flatMap((k) => [k.toString('hex'), k.toString('base64')]);
}

test('shares, passphrase, PIN, root and barrier keys appear in no log, error, CLI output, audit record or backup', async () => {
  const data = join(dir, 'data');
  const pk = ['--pkcs11-module', token!.module, '--pkcs11-token-label', token!.label];
  const init = await operatorInit(['--data-dir', data, '--shares', '3', '--threshold', '2', '--passphrase-file', file('pass', PASSPHRASE), ...pk,
    '--pkcs11-pin-file', token!.pinFile], token!.env);
  const term1 = await rootSecrets(init);
  const admin = { AWS_ACCESS_KEY_ID: init.accessKeyId, AWS_SECRET_ACCESS_KEY: init.secretAccessKey };

  let s = await startInstallation(data, [], token!.env); // no token configured: sealed
  const wrongShare = Buffer.from(init.shares[0]!, 'base64');
  wrongShare.writeUInt8(wrongShare.readUInt8(5) ^ 1, 5);
  for (const key of [init.shares[0]!, wrongShare.toString('base64'), init.shares[0]!, 'not the passphrase at all']) {
    seen.push({ where: 'unseal answer', text: JSON.stringify((await submitUnsealKey(s.url, key)).body) });
  }
  seen.push({ where: 'foreign nonce', text: JSON.stringify((await submitUnsealKey(s.url, init.shares[1]!, 'not-the-nonce')).body) });
  const sealedCall = await rawRequest(s.url, { path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' });
  seen.push({ where: 'sealed KMS answer', text: sealedCall.text });
  await cli('unseal wrong', ['operator', 'unseal', '--endpoint', s.url, '--key-file', file('wrong', 'x'.repeat(44))]);
  await cli('unseal passphrase', ['operator', 'unseal', '--endpoint', s.url, '--key-file', join(dir, 'pass'), '--json']);
  await cli('status', ['operator', 'status', '--endpoint', s.url, '--json']);
  const kms = new KMSClient({ endpoint: s.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: init.accessKeyId, secretAccessKey: init.secretAccessKey } });
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('scan') }));
  kms.destroy();
  assert.equal((await cli('rotate-barrier', ['operator', 'rotate-barrier', '--endpoint', s.url, '--wait', '--json'], admin)).code, 0);
  assert.equal((await cli('seal', ['operator', 'seal', '--endpoint', s.url, '--json'], admin)).code, 0);
  await stopped(s, 'shares/passphrase server');

  s = await startInstallation(data, [...pk, '--pkcs11-pin-file', file('wrong-pin', WRONG_PIN)], token!.env);
  await stopped(s, 'wrong-PIN server');
  assert.match(s.output(), /PKCS#11 root could not unseal/);
  s = await startInstallation(data, [...pk, '--pkcs11-pin-file', token!.pinFile], token!.env);
  assert.equal((await cli('backup', ['operator', 'backup', '--data-dir', data, '--out', join(dir, 'scan.kwb'), '--json'])).code, 0);
  await stopped(s, 'PKCS#11 server');
  const backup = readFileSync(join(dir, 'scan.kwb'));
  seen.push({ where: 'backup file', text: backup }, { where: 'backup body', text: gunzipSync(backup.subarray(backup.indexOf(0x0a) + 1)) });
  const db = new Database(join(data, 'keyward.db'), { readonly: true });
  seen.push({ where: 'audit log', text: JSON.stringify(db.prepare('SELECT * FROM audit_log').all()) });
  db.close();

  const term2 = await rootSecrets(init);
  const secrets = [...init.shares, ...init.shares.map((x) => Buffer.from(x, 'base64').toString('hex')), PASSPHRASE, token!.pin, WRONG_PIN,
    init.secretAccessKey, ...term1, ...term2];
  assert.ok(term2.some((x) => !term1.includes(x)), 'the rotated barrier key is scanned for too');
  assert.ok(seen.some((x) => x.where === 'audit log' && String(x.text).includes('Unseal')), 'the scan covers the seal events');
  for (const { where, text } of seen) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `a secret in the ${where}`);
  }
});
