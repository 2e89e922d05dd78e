// After a real workload and a clean stop, no key material, data key, plaintext or secret is found in plaintext in any database file, and the audit log holds exactly one hash-chained, secret-free record per request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, KMSClient, ListKeysCommand, ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { verifyChain } from '../../src/audit/audit-chain.js';
import { purpose, unsealBarrier } from '../../src/core/secrets/barrier.js';
import { openBlob, parseCiphertextBlob } from '../../src/core/data-plane/ciphertext-format.js';
import { KeyFileRoot } from '../../src/seal/dev-key-file.js';
import { auditFromRow } from '../../src/store/sqlite/rows.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startTestServer, TEST_ACCOUNT, TEST_SECRET_ACCESS_KEY, type TestServer } from '../support/server.js';

const ADMIN = `arn:aws:iam::${TEST_ACCOUNT}:user/keyward-admin`;
const EC_A = { tenant: 'ctx-value-9f3a', purpose: 'ctx-value-7b21' };
const EC_B = { stage: 'ctx-value-c0d4' };
const EC_VALUES = [...Object.values(EC_A), ...Object.values(EC_B)];

let server: TestServer;
let scanDir: string;
let serverOutput = '';
let exitCode: number | null = null;
let keyIds: string[] = [];
let keyArns: string[] = [];
/** x-amzn-RequestId of every request this test made, successful or not. */
const requestIds: string[] = [];
const plaintexts: Buffer[] = [];
const dataKeys: Buffer[] = [];
const sampleBlobs: { keyId: string; blob: Buffer; ec?: Record<string, string>; plaintext: Buffer }[] = [];
let failedDecryptId = '';
let failedDescribeId = '';
let badSignatureId = '';
const materials = new Map<string, Buffer>(); // `${keyId}:${version}` → 32 bytes
const sealed: Buffer[] = []; // the barrier-encrypted rows, as stored
let barrierKeys: Buffer[] = [];
let rootKeyHex = '';
let scannedFiles: string[] = [];
let auditRows: Record<string, unknown>[] = [];

interface SdkError extends Error {
  $metadata?: { requestId?: string; httpStatusCode?: number };
}

/** Sends one command and records its request id; returns the output or the error. */
async function call<T extends { $metadata: { requestId?: string } }>(client: KMSClient, cmd: unknown): Promise<T> {
  try {
    const out = (await client.send(cmd as never)) as T;
    assert.ok(out.$metadata.requestId, 'request id on success');
    requestIds.push(out.$metadata.requestId);
    return out;
  } catch (e) {
    const id = (e as SdkError).$metadata?.requestId;
    assert.ok(id, `request id on failure (${(e as Error).name})`);
    requestIds.push(id);
    throw e;
  }
}

async function callFails(client: KMSClient, cmd: unknown, name: string): Promise<string> {
  try {
    await call(client, cmd);
  } catch (e) {
    assert.equal((e as Error).name, name);
    return requestIds[requestIds.length - 1]!;
  }
  assert.fail(`expected ${name}`);
}

before(async () => {
  server = await startTestServer();
  const kms = new KMSClient({ endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
  const badKms = new KMSClient({
    endpoint: server.url, region: server.region, maxAttempts: 1,
    credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: 'not-the-secret-access-key' },
  });
  try {
    // The workload: several keys, every implemented data-plane operation, and a few failures.
    for (let i = 0; i < 3; i++) {
      const out = await call<{ KeyMetadata?: { KeyId?: string; Arn?: string } } & { $metadata: { requestId?: string } }>(
        kms, new CreateKeyCommand({ Description: `at-rest ${i}`, Tags: [{ TagKey: 'suite', TagValue: 'at-rest' }] }));
      keyIds.push(out.KeyMetadata!.KeyId!);
      keyArns.push(out.KeyMetadata!.Arn!);
    }
    const mrk = await call<any>(kms, new CreateKeyCommand({ MultiRegion: true }));
    keyIds.push(mrk.KeyMetadata.KeyId);
    keyArns.push(mrk.KeyMetadata.Arn);
    await call(kms, new DescribeKeyCommand({ KeyId: keyIds[0] }));
    await call(kms, new ListKeysCommand({}));

    for (const [i, keyId] of keyIds.entries()) {
      const pt = Buffer.from(`at-rest plaintext ${i} ${'9e1f'.repeat(6)} — never stored`, 'utf8');
      plaintexts.push(pt);
      const ec = i % 2 === 0 ? EC_A : undefined;
      const enc = await call<any>(kms, new EncryptCommand({ KeyId: keyId, Plaintext: pt, ...(ec ? { EncryptionContext: ec } : {}) }));
      sampleBlobs.push({ keyId, blob: Buffer.from(enc.CiphertextBlob), plaintext: pt, ...(ec ? { ec } : {}) });
      const dec = await call<any>(kms, new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, ...(ec ? { EncryptionContext: ec } : {}) }));
      assert.deepEqual(Buffer.from(dec.Plaintext), pt);
    }
    for (const keyId of keyIds.slice(0, 2)) {
      const dk = await call<any>(kms, new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: EC_B }));
      dataKeys.push(Buffer.from(dk.Plaintext));
      sampleBlobs.push({ keyId, blob: Buffer.from(dk.CiphertextBlob), ec: EC_B, plaintext: Buffer.from(dk.Plaintext) });
      const dk64 = await call<any>(kms, new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 64 }));
      dataKeys.push(Buffer.from(dk64.Plaintext));
    }
    const wp = await call<any>(kms, new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyIds[2], KeySpec: 'AES_256', EncryptionContext: EC_A }));
    const wpDec = await call<any>(kms, new DecryptCommand({ CiphertextBlob: wp.CiphertextBlob, EncryptionContext: EC_A }));
    dataKeys.push(Buffer.from(wpDec.Plaintext));
    const re = await call<any>(kms, new ReEncryptCommand({
      CiphertextBlob: sampleBlobs[0]!.blob, SourceEncryptionContext: EC_A, DestinationKeyId: keyIds[1], DestinationEncryptionContext: EC_B,
    }));
    sampleBlobs.push({ keyId: keyIds[1]!, blob: Buffer.from(re.CiphertextBlob), ec: EC_B, plaintext: sampleBlobs[0]!.plaintext });
    const rnd = await call<any>(kms, new GenerateRandomCommand({ NumberOfBytes: 48 }));
    dataKeys.push(Buffer.from(rnd.Plaintext));

    // Failures are audited too.
    failedDecryptId = await callFails(kms, new DecryptCommand({
      CiphertextBlob: sampleBlobs[0]!.blob, EncryptionContext: { tenant: 'ctx-value-9f3a', purpose: 'ctx-value-wrong-5e6f' },
    }), 'InvalidCiphertextException');
    failedDescribeId = await callFails(kms, new DescribeKeyCommand({ KeyId: 'alias/at-rest-missing' }), 'NotFoundException');
    badSignatureId = await callFails(badKms, new ListKeysCommand({}), 'InvalidSignatureException');
    await callFails(kms, new EncryptCommand({ KeyId: keyIds[0], Plaintext: plaintexts[0], EncryptionContext: EC_A, DryRun: true }),
      'DryRunOperationException');
  } finally {
    kms.destroy();
    badKms.destroy();
  }

  // Copy every file aside while the server still runs (the WAL holds the freshest pages) and again after a
  // SIGTERM stop, before anything opens the database (opening may checkpoint the WAL).
  scanDir = mkdtempSync(join(tmpdir(), 'keyward-at-rest-scan-'));
  const copyAside = (prefix: string) => {
    for (const name of readdirSync(server.dataDir)) {
      if (name === 'root.key') continue; // the root of trust itself, necessarily in the clear
      copyFileSync(join(server.dataDir, name), join(scanDir, prefix + name));
      scannedFiles.push(prefix + name);
    }
  };
  copyAside('live-');
  await server.stop(); // SIGTERM; keep the data directory
  exitCode = server.process.exitCode;
  serverOutput = server.output();
  copyAside('');

  // Recover every key's material with the project's own code, from the originals.
  rootKeyHex = readFileSync(join(server.dataDir, 'root.key'), 'utf8').trim();
  const root = KeyFileRoot.open(join(server.dataDir, 'root.key'), false);
  const store = new SqliteStore(join(server.dataDir, 'keyward.db'));
  try {
    barrierKeys = await Promise.all((await store.getBarrierKeys()).map((b) => root.unwrap(b.wrapped)));
    const barrier = await unsealBarrier(store, root);
    for (const keyId of keyIds) {
      const versions = await store.getKeyVersions(keyId);
      assert.ok(versions.length >= 1, `key ${keyId} has material`);
      for (const v of versions) sealed.push(Buffer.from(v.sealedMaterial));
      for (const v of versions) materials.set(`${keyId}:${v.version}`, barrier.open(purpose.keyMaterial(keyId, v.version), v.sealedMaterial));
    }
  } finally {
    await store.close();
  }

  const db = new Database(join(server.dataDir, 'keyward.db'), { readonly: true, fileMustExist: true });
  try {
    auditRows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
});

after(async () => {
  await server?.stop(true);
  if (scanDir) rmSync(scanDir, { recursive: true, force: true });
});

/** Every form a secret could take in a file: raw bytes, hex (both cases), base64 and base64url. */
function forms(label: string, secret: Buffer): { label: string; bytes: Buffer }[] {
  const out = [
    { label: `${label} raw`, bytes: secret },
    { label: `${label} hex`, bytes: Buffer.from(secret.toString('hex'), 'latin1') },
    { label: `${label} HEX`, bytes: Buffer.from(secret.toString('hex').toUpperCase(), 'latin1') },
    { label: `${label} base64`, bytes: Buffer.from(secret.toString('base64'), 'latin1') },
    { label: `${label} base64url`, bytes: Buffer.from(secret.toString('base64url'), 'latin1') },
  ];
  return out;
}

test('SIGTERM stops the server cleanly', () => {
  assert.equal(exitCode, 0, serverOutput.slice(-2000));
});

test('the recovered material is the real key material: it opens the ciphertexts the server made', () => {
  assert.equal(materials.size, keyIds.length);
  for (const m of materials.values()) assert.equal(m.length, 32);
  assert.equal(new Set([...materials.values()].map((m) => m.toString('hex'))).size, materials.size, 'every key has its own material');
  for (const s of sampleBlobs) {
    const parsed = parseCiphertextBlob(s.blob);
    assert.equal(parsed.keyId, s.keyId);
    const material = materials.get(`${s.keyId}:${parsed.keyVersion}`);
    assert.ok(material);
    assert.deepEqual(openBlob(parsed, material, s.ec), s.plaintext);
  }
});

test('no key material, barrier key, data key, plaintext or bootstrap secret appears in any database file', () => {
  assert.ok(scannedFiles.includes('keyward.db') && scannedFiles.includes('live-keyward.db'), `scanned: ${scannedFiles.join(', ')}`);
  // Positive control: the scan sees the stored key rows (sealed), so an unsealed copy would be seen too.
  const all = Buffer.concat(scannedFiles.filter((n) => !n.startsWith('live-')).map((name) => readFileSync(join(scanDir, name))));
  assert.equal(sealed.length, materials.size);
  for (const [i, s] of sealed.entries()) assert.notEqual(all.indexOf(s), -1, `sealed material ${i} is in the copied files`);
  const needles = [
    ...[...materials].flatMap(([id, m]) => forms(`material ${id}`, m)),
    ...barrierKeys.flatMap((b, i) => forms(`barrier key ${i}`, b)),
    ...forms('root key', Buffer.from(rootKeyHex, 'hex')),
    ...dataKeys.flatMap((d, i) => forms(`data key/random ${i}`, d)),
    ...plaintexts.flatMap((p, i) => [
      { label: `plaintext ${i}`, bytes: p }, { label: `plaintext ${i} base64`, bytes: Buffer.from(p.toString('base64'), 'latin1') },
    ]),
    { label: 'bootstrap secret access key', bytes: Buffer.from(TEST_SECRET_ACCESS_KEY, 'utf8') },
    { label: 'bootstrap secret access key base64', bytes: Buffer.from(Buffer.from(TEST_SECRET_ACCESS_KEY).toString('base64'), 'latin1') },
  ];
  for (const name of scannedFiles) {
    const content = readFileSync(join(scanDir, name));
    for (const n of needles) assert.equal(content.indexOf(n.bytes), -1, `${n.label} found in ${name}`);
  }
});

test('the server log holds no key material, data key or plaintext', () => {
  const log = Buffer.from(serverOutput, 'utf8');
  const needles = [
    ...[...materials].flatMap(([id, m]) => forms(`material ${id}`, m).slice(1)),
    ...dataKeys.flatMap((d, i) => forms(`data key ${i}`, d).slice(1)),
    ...plaintexts.map((p, i) => ({ label: `plaintext ${i} base64`, bytes: Buffer.from(p.toString('base64')) })),
    { label: 'bootstrap secret', bytes: Buffer.from(TEST_SECRET_ACCESS_KEY) },
    ...EC_VALUES.map((v) => ({ label: `context value ${v}`, bytes: Buffer.from(v) })),
  ];
  for (const n of needles) assert.equal(log.indexOf(n.bytes), -1, `${n.label} found in the server output`);
});

test('the audit log has exactly one record per request made, failures included', () => {
  const requests = auditRows.filter((r) => r.principal !== 'keyward:system');
  assert.equal(requests.length, requestIds.length, `audit rows: ${requests.map((r) => r.operation).join(', ')}`);
  assert.deepEqual(requests.map((r) => r.request_id), requestIds, 'in request order, with the ids the clients saw');
});

test('audit records name the principal, operation, key and outcome', () => {
  const byId = new Map(auditRows.map((r) => [r.request_id as string, r]));
  for (const id of requestIds.filter((i) => i !== badSignatureId)) {
    assert.equal(byId.get(id)!.principal, ADMIN, `principal of ${id}`);
    assert.equal(byId.get(id)!.access_key_id, server.credentials.accessKeyId);
  }
  const failed = byId.get(failedDecryptId)!;
  assert.equal(failed.operation, 'Decrypt');
  assert.equal(failed.outcome, 'failure');
  assert.equal(failed.error_code, 'InvalidCiphertextException');

  const notFound = byId.get(failedDescribeId)!;
  assert.equal(notFound.operation, 'DescribeKey');
  assert.equal(notFound.outcome, 'failure');
  assert.equal(notFound.error_code, 'NotFoundException');

  const unsigned = byId.get(badSignatureId)!;
  assert.equal(unsigned.operation, 'ListKeys');
  assert.equal(unsigned.outcome, 'failure');
  assert.equal(unsigned.error_code, 'InvalidSignatureException');
  assert.notEqual(unsigned.principal, ADMIN, 'a request that failed authentication is not attributed to the key owner');

  const encrypts = auditRows.filter((r) => r.operation === 'Encrypt' && r.outcome === 'success');
  assert.equal(encrypts.length, keyIds.length);
  assert.deepEqual(encrypts.map((r) => r.key_arn), keyArns, 'Encrypt records name the key ARN');
  for (const r of auditRows) assert.equal(r.outcome, r.error_code === null ? 'success' : 'failure', `seq ${r.seq}`);
  // four requests failed: the Decrypt, the DescribeKey, the badly signed ListKeys and the DryRun Encrypt
  const mine = new Set(requestIds);
  assert.equal(auditRows.filter((r) => mine.has(r.request_id as string) && r.outcome === 'failure').length, 4);
});

test('no audit record contains a plaintext or an encryption-context value (keys may appear)', () => {
  const forbidden = [
    ...plaintexts.flatMap((p) => [p.toString('base64'), p.toString('utf8')]),
    ...dataKeys.flatMap((d) => [d.toString('base64'), d.toString('hex')]),
    ...EC_VALUES,
    'ctx-value-wrong-5e6f',
    TEST_SECRET_ACCESS_KEY,
  ];
  for (const r of auditRows) {
    const text = JSON.stringify(r);
    for (const f of forbidden) assert.ok(!text.includes(f), `audit seq ${r.seq} (${r.operation}) contains ${f}`);
  }
});

test('the audit hash chain verifies, and an edited record breaks it', () => {
  const records = auditRows.map(auditFromRow);
  assert.ok(records.length > 0);
  assert.equal(verifyChain(records), undefined);
  const edited = records.map((r) => ({ ...r }));
  const victim = edited[Math.floor(edited.length / 2)]!;
  victim.outcome = victim.outcome === 'success' ? 'failure' : 'success';
  assert.equal(verifyChain(edited), victim.seq);
  const dropped = records.filter((_, i) => i !== 3);
  assert.equal(verifyChain(dropped), records[4]!.seq);
});
