// Backups (issue 11 §4): `keyward operator backup` under load writes a consistent, still-sealed snapshot with a
// manifest and checksum; `restore` into a fresh data directory brings back every key and ciphertext (unsealed with the
// same shares); damaged files and non-empty targets are refused; a key destroyed after the backup stays destroyed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSClient, ListKeysCommand, ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { advanceClock, DAY, failure, pool } from '../support/lifecycle-helpers.js';
import { keyward, operatorInit, startInstallation, submitUnsealKey, type Initialised } from '../support/operator.js';
import type { TestServer } from '../support/server.js';

const root = mkdtempSync(join(tmpdir(), 'keyward-backup-'));
const dirA = join(root, 'a');
const b0 = join(root, 'b0.kwb');
let init: Initialised;
let a: TestServer;
const servers: TestServer[] = [];
const blobs: { keyId: string; blob: Uint8Array; text: string }[] = [];

const client = (s: TestServer) => new KMSClient({
  endpoint: s.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: init.accessKeyId, secretAccessKey: init.secretAccessKey },
});

async function unsealed(dataDir: string, args: string[] = []): Promise<TestServer> {
  const s = await startInstallation(dataDir, args);
  servers.push(s);
  for (const share of init.shares.slice(0, 2)) await submitUnsealKey(s.url, share);
  return s;
}

async function encryptUnder(kms: KMSClient, keyId: string, text: string) {
  const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(text), EncryptionContext: { t: text } }));
  return { keyId, blob: out.CiphertextBlob!, text };
}

async function allKeyIds(kms: KMSClient): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let marker: string | undefined; ;) {
    const page = await kms.send(new ListKeysCommand({ Marker: marker }));
    for (const k of page.Keys ?? []) ids.add(k.KeyId!);
    if (!page.Truncated) return ids;
    marker = page.NextMarker;
  }
}

async function restoreInto(dir: string, file: string, extra: string[] = []) {
  return keyward(['operator', 'restore', file, '--data-dir', dir, '--json', ...extra]);
}

before(async () => {
  init = await operatorInit(['--data-dir', dirA, '--shares', '3', '--threshold', '2']);
  a = await unsealed(dirA, ['--dev', '--test-clock']); // an initialised installation: its shares, not a key file
  const kms = client(a);
  for (let i = 0; i < 6; i++) {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    for (let j = 0; j < 3; j++) blobs.push(await encryptUnder(kms, keyId, `before backup ${i}.${j}`));
  }
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/backed-up', TargetKeyId: blobs[0]!.keyId }));
  kms.destroy();
});

after(async () => {
  for (const s of servers) await s.stop();
  rmSync(root, { recursive: true, force: true });
});

const loadBlobs: { keyId: string; blob: Uint8Array; text: string }[] = [];

test('backup under load: a manifest with row counts and a SHA-256; the file is 0600 and holds no plaintext or secret', async () => {
  const kms = client(a);
  let stop = false;
  const load = (async () => {
    for (let n = 0; !stop; n++) {
      const keyId = n % 5 === 0 ? (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId! : blobs[n % blobs.length]!.keyId;
      loadBlobs.push(await encryptUnder(kms, keyId, `under load ${n}`));
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const r = await keyward(['operator', 'backup', '--data-dir', dirA, '--out', b0, '--json']);
  stop = true;
  await load;
  kms.destroy();
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout) as { format: string; engine: string; schemaVersion: number; tables: Record<string, number>; sha256: string };
  assert.deepEqual([m.format, m.engine], ['keyward-backup', 'sqlite']);
  assert.ok(m.tables.keys! >= 6 && m.tables.key_versions! >= m.tables.keys! && m.tables.barrier_keys === 1 && m.tables.audit_log! > 0, JSON.stringify(m.tables));
  assert.match(m.sha256, /^[0-9a-f]{64}$/);
  assert.ok(loadBlobs.length > 0, 'requests were served during the backup');
  assert.equal(statSync(b0).mode & 0o777, 0o600);
  assert.equal((await keyward(['operator', 'backup', '--data-dir', dirA, '--out', b0])).code, 1, 'an existing file is not overwritten');
  const { gunzipSync } = await import('node:zlib');
  const bytes = readFileSync(b0);
  const body = gunzipSync(bytes.subarray(bytes.indexOf(0x0a) + 1));
  for (const secret of ['before backup 0.0', 'under load 1', init.secretAccessKey, ...init.shares]) {
    assert.ok(!body.includes(secret) && !bytes.includes(secret), 'the backup holds a plaintext or secret');
  }
});

test('restore into a fresh data directory: sealed until the same shares unseal it; every key, alias and ciphertext works', async () => {
  const dirB = join(root, 'b');
  const r = await restoreInto(dirB, b0);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { tables: Record<string, number>; skippedDestroyedKeys: string[] };
  assert.deepEqual(report.skippedDestroyedKeys, []);
  const b = await startInstallation(dirB);
  servers.push(b);
  const kms = client(b);
  assert.equal((await failure(kms.send(new ListKeysCommand({}))))?.name, 'KMSInternalException', 'restored installations start sealed');
  for (const share of init.shares.slice(1, 3)) await submitUnsealKey(b.url, share);
  const keys = await allKeyIds(kms);
  assert.equal(keys.size, report.tables.keys);
  await pool(blobs, 8, async ({ blob, text }) => {
    const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { t: text } }));
    assert.equal(Buffer.from(out.Plaintext!).toString(), text);
  });
  // Ciphertexts made during the backup decrypt whenever their key made it into the snapshot (one consistent instant).
  const inSnapshot = loadBlobs.filter((x) => keys.has(x.keyId));
  assert.ok(inSnapshot.length > 0);
  await pool(inSnapshot, 8, async ({ blob, text }) => {
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { t: text } }))).Plaintext!).toString(), text);
  });
  const viaAlias = await kms.send(new EncryptCommand({ KeyId: 'alias/backed-up', Plaintext: Buffer.from('x') }));
  assert.equal(viaAlias.KeyId?.endsWith(blobs[0]!.keyId), true);
  kms.destroy();
  const again = await restoreInto(dirB, b0);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /not empty/);
});

test('a damaged or altered backup is refused before anything is written', async () => {
  const bad = join(root, 'bad.kwb');
  const bytes = Buffer.from(readFileSync(b0));
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
  writeFileSync(bad, bytes);
  const r = await restoreInto(join(root, 'never'), bad);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /damaged or altered: its checksum does not match the manifest/);
  const notBackup = join(root, 'not.kwb');
  writeFileSync(notBackup, 'hello\nworld');
  assert.match((await restoreInto(join(root, 'never2'), notBackup)).stderr, /is not a Keyward backup/);
});

test('a key destroyed after the backup stays destroyed: restores honour every destruction ledger, which only grows', async () => {
  const kms = client(a);
  const doomed = blobs[3]!.keyId;
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
  await advanceClock(a.url, 8 * DAY, { accessKeyId: init.accessKeyId, secretAccessKey: init.secretAccessKey });
  assert.equal((await failure(kms.send(new DescribeKeyCommand({ KeyId: doomed }))))?.name, 'NotFoundException');
  kms.destroy();
  const b1 = join(root, 'b1.kwb');
  assert.equal((await keyward(['operator', 'backup', '--data-dir', dirA, '--out', b1])).code, 0);
  const dirC = join(root, 'c');
  const r = await restoreInto(dirC, b0, ['--ledger-from', b1]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as { skippedDestroyedKeys: string[] }).skippedDestroyedKeys, [doomed]);
  const c = await startInstallation(dirC);
  servers.push(c);
  for (const share of [init.shares[0]!, init.shares[2]!]) await submitUnsealKey(c.url, share);
  const ckms = client(c);
  assert.equal((await failure(ckms.send(new DescribeKeyCommand({ KeyId: doomed }))))?.name, 'NotFoundException');
  const doomedBlob = blobs.find((x) => x.keyId === doomed)!;
  assert.equal((await failure(ckms.send(new DecryptCommand({ CiphertextBlob: doomedBlob.blob, EncryptionContext: { t: doomedBlob.text } }))))?.name,
    'InvalidCiphertextException');
  const kept = blobs.find((x) => x.keyId !== doomed)!;
  assert.equal(Buffer.from((await ckms.send(new DecryptCommand({ CiphertextBlob: kept.blob, EncryptionContext: { t: kept.text } }))).Plaintext!).toString(), kept.text);
  ckms.destroy();
  const db = new Database(join(dirC, 'keyward.db'));
  try {
    assert.ok(db.prepare('SELECT 1 FROM destruction_ledger WHERE key_id = ?').get(doomed), 'the restored ledger lists the key');
    assert.throws(() => db.prepare('DELETE FROM destruction_ledger').run(), /append-only/);
    const ops = (db.prepare("SELECT operation FROM audit_log WHERE principal LIKE '%keyward%' OR operation = 'RestoreBackup'").all() as { operation: string }[]).map((x) => x.operation);
    assert.ok(ops.includes('RestoreBackup'), 'the restore is audited as a system event');
  } finally {
    db.close();
  }
});
