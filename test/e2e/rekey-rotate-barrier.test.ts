// Rekey and barrier rotation (issue 11): rekey replaces the shares (authorised by a quorum of the current ones) and
// keeps every ciphertext decryptable and the passphrase root working; rotate-barrier re-seals everything under a new
// term online and retires the old one; a SIGKILL in the middle of a rotation loses nothing and the rotation resumes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { termOf } from '../../src/core/secrets/barrier.js';
import { SEALED_KIND_NAMES } from '../../src/core/secrets/sealed-values.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { signedJsonHeaders } from '../../src/auth/sigv4-sign.js';
import { pool } from '../support/lifecycle-helpers.js';
import { health, keyward, operatorInit, startInstallation, submitUnsealKey, type Initialised } from '../support/operator.js';
import type { TestServer } from '../support/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'keyward-rekey-'));
const passFile = join(dataDir, '..', `${dataDir.split('/').pop()}-pass`);
const PASSPHRASE = 'a rekey keeps this passphrase working';
let init: Initialised;
let shares: string[];
let server: TestServer | undefined;
const blobs: { blob: Uint8Array; text: string }[] = [];

const client = (s: TestServer) => new KMSClient({
  endpoint: s.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: init.accessKeyId, secretAccessKey: init.secretAccessKey },
});
const adminEnv = () => ({ AWS_ACCESS_KEY_ID: init.accessKeyId, AWS_SECRET_ACCESS_KEY: init.secretAccessKey });
const adminKey = () => ({ accessKeyId: init.accessKeyId, secretAccessKey: init.secretAccessKey });

async function unsealWith(s: TestServer, keys: string[]): Promise<void> {
  for (const k of keys) await submitUnsealKey(s.url, k);
  assert.equal((await health(s.url)).status, 200, 'unsealed');
}

async function restart(): Promise<TestServer> {
  await server?.stop();
  server = await startInstallation(dataDir);
  return server;
}

async function everyBlobDecrypts(s: TestServer): Promise<void> {
  const kms = client(s);
  try {
    await pool(blobs, 8, async ({ blob, text }) => {
      const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { t: text } }));
      assert.equal(Buffer.from(out.Plaintext!).toString(), text);
    });
  } finally {
    kms.destroy();
  }
}

/** The barrier terms the sealed values in the database are under (read while the server runs: SQLite WAL readers). */
async function termsInUse(): Promise<Set<number>> {
  const store = new SqliteStore(join(dataDir, 'keyward.db'));
  const terms = new Set<number>();
  try {
    for (const kind of SEALED_KIND_NAMES) {
      let after: string | undefined;
      do {
        const page = await store.seal.sealedValues(kind, 1000, after);
        for (const v of page.items) terms.add(termOf(v.sealed));
        after = page.next;
      } while (after);
    }
  } finally {
    await store.close();
  }
  return terms;
}

before(async () => {
  writeFileSync(passFile, PASSPHRASE + '\n', { mode: 0o600 });
  init = await operatorInit(['--data-dir', dataDir, '--shares', '5', '--threshold', '3', '--passphrase-file', passFile]);
  shares = init.shares;
  const s = await restart();
  await unsealWith(s, shares.slice(0, 3));
  const kms = client(s);
  const keys = await pool(Array.from({ length: 150 }, (_, i) => i), 8, async () => (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
  await pool(keys, 8, async (keyId, i) => {
    const text = `value-${i}`;
    blobs.push({ blob: (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(text), EncryptionContext: { t: text } }))).CiphertextBlob!, text });
  });
  kms.destroy();
});

after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(passFile, { force: true });
});

test('rekey: a quorum of current shares authorises new shares; old shares stop working; ciphertexts and the passphrase survive', async () => {
  const endpoint = ['--endpoint', server!.url];
  const noPass = await keyward(['operator', 'rekey', ...endpoint, '--shares', '4', '--threshold', '2', '--json']);
  assert.equal(noPass.code, 1, 'the passphrase root must be kept explicitly');
  const start = await keyward(['operator', 'rekey', ...endpoint, '--shares', '4', '--threshold', '2', '--passphrase-file', passFile, '--json']);
  assert.equal(start.code, 0, start.stderr);
  const { nonce, required } = JSON.parse(start.stdout) as { nonce: string; required: number };
  assert.equal(required, 3);
  const wrong = await keyward(['operator', 'rekey', ...endpoint, '--nonce', nonce, '--json'], { input: 'not-a-share' });
  assert.equal(wrong.code, 1);
  let last: { shares?: string[]; threshold?: number; progress?: number } = {};
  for (const share of [shares[4]!, shares[2]!, shares[0]!]) {
    const r = await keyward(['operator', 'rekey', ...endpoint, '--nonce', nonce, '--json'], { input: share });
    assert.equal(r.code, 0, r.stderr);
    last = JSON.parse(r.stdout);
  }
  assert.equal(last.shares?.length, 4);
  assert.equal(last.threshold, 2);
  await everyBlobDecrypts(server!);
  const s = await restart();
  const old = await submitUnsealKey(s.url, shares[0]!);
  assert.deepEqual([old.status, old.body.progress], [400, 0], 'an old share is refused');
  await unsealWith(s, last.shares!.slice(1, 3));
  await everyBlobDecrypts(s);
  shares = last.shares!;
  const p = await restart();
  assert.equal((await submitUnsealKey(p.url, PASSPHRASE)).body.sealed, false, 'the passphrase root was re-protected');
});

test('rotate-barrier: every value re-sealed under a new term while serving, the old term retired, all ciphertexts decrypt', async () => {
  const s = server!;
  assert.deepEqual([...(await termsInUse())], [1]);
  const kms = client(s);
  let stop = false;
  let served = 0;
  const traffic = (async () => {
    while (!stop) {
      const { blob, text } = blobs[served % blobs.length]!;
      const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { t: text } }));
      assert.equal(Buffer.from(out.Plaintext!).toString(), text);
      served++;
    }
  })();
  const r = await keyward(['operator', 'rotate-barrier', '--endpoint', s.url, '--wait', '--json'], { env: adminEnv() });
  stop = true;
  await traffic;
  kms.destroy();
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout) as { CurrentTerm: number; Terms: number[]; Rotation: { State: string; Resealed: number; RetiredTerms: number[] } };
  assert.deepEqual([d.CurrentTerm, d.Terms, d.Rotation.State, d.Rotation.RetiredTerms], [2, [2], 'COMPLETED', [1]]);
  assert.ok(d.Rotation.Resealed >= 150, `resealed ${d.Rotation.Resealed}`);
  assert.ok(served > 0, 'requests were served during the rotation');
  assert.deepEqual([...(await termsInUse())], [2]);
  await everyBlobDecrypts(s);
  await unsealWith(await restart(), shares.slice(0, 2));
  await everyBlobDecrypts(server!);
  const stranger = await keyward(['operator', 'rotate-barrier', '--endpoint', server!.url], { env: { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNUNKNOWN00', AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) } });
  assert.equal(stranger.code, 1);
});

/** KeywardService.<operation>, SigV4-signed in this process (no CLI start-up between the call and the next poll). */
async function keywardCall(url: string, operation: string, input: Record<string, unknown>) {
  const body = JSON.stringify(input);
  const headers = signedJsonHeaders(new URL(url), `KeywardService.${operation}`, body, adminKey(), 'us-east-1');
  const res = await fetch(url, { method: 'POST', headers, body });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { Rotation: { State: string; Resealed: number; TargetTerm: number } };
}

test('a SIGKILL in the middle of rotate-barrier loses nothing; after the restart the rotation resumes and completes', async () => {
  const s = server!;
  const started = await keywardCall(s.url, 'RotateBarrier', { BatchSize: 1 });
  assert.equal(started.Rotation.TargetTerm, 3);
  for (let i = 0; i < 2000; i++) {
    const d = await keywardCall(s.url, 'DescribeBarrier', {});
    if (d.Rotation.Resealed >= 5) break; // part re-sealed, part not: kill it now
    assert.equal(d.Rotation.State, 'IN_PROGRESS', 'the rotation was still running when polled');
  }
  s.process.kill('SIGKILL');
  await new Promise((r) => s.process.once('exit', r));
  const mid = await termsInUse();
  assert.ok(mid.has(2) && mid.has(3), `killed mid-rotation: terms in use ${[...mid]}`);
  const again = await restart();
  await unsealWith(again, shares.slice(2, 4));
  await everyBlobDecrypts(again); // values under both terms open
  let state = '';
  for (let i = 0; i < 60 && state !== 'COMPLETED'; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    state = (await keywardCall(again.url, 'DescribeBarrier', {})).Rotation.State;
  }
  assert.equal(state, 'COMPLETED');
  assert.deepEqual([...(await termsInUse())], [3]);
  await everyBlobDecrypts(again);
});
