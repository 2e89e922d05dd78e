// Custom key stores on SoftHSM2 through AWS's API, driven by the AWS SDK for JavaScript (issue 11): the six operations
// with their states and errors, a key whose material is a sensitive, non-extractable token object that never appears
// in Keyward's database (pkcs11-tool and a byte scan), the data plane inside the token, Unavailable while
// disconnected, and the token object destroyed when the key's deletion falls due.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConnectCustomKeyStoreCommand, CreateCustomKeyStoreCommand, CreateKeyCommand, DecryptCommand, DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand, DescribeKeyCommand, DisconnectCustomKeyStoreCommand, EnableKeyRotationCommand, EncryptCommand,
  GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, ReEncryptCommand, ScheduleKeyDeletionCommand,
  UpdateCustomKeyStoreCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { KeyFileRoot } from '../../src/seal/dev-key-file.js';
import { unsealBarrier } from '../../src/core/secrets/barrier.js';
import { SEALED_KIND_NAMES, SEALED_KINDS } from '../../src/core/secrets/sealed-values.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { advanceClock, databaseFiles, DAY, rejects } from '../support/lifecycle-helpers.js';
import { useTestServer, type TestServer } from '../support/server.js';
import { containsKeyWithCheckValue, createTokens, tokenKeyCheckValue, trustAnchorPem } from '../support/softhsm.js';
import { join } from 'node:path';
import { createCipheriv, randomBytes } from 'node:crypto';

const [tokenA, tokenB] = createTokens(['kw-hsm-a', 'kw-hsm-b']);
const CLUSTER_A = 'cluster-abcdefghijk';
const CLUSTER_B = 'cluster-bcdefghijkl';
const anchor = trustAnchorPem();
let kms: KMSClient;
let server: TestServer;

useTestServer({
  args: ['--test-clock', '--hsm-clusters', `${CLUSTER_A}=${tokenA!.module}:${tokenA!.label},${CLUSTER_B}=${tokenB!.module}:${tokenB!.label}`],
  env: tokenA!.env,
}, (s, k) => {
  server = s;
  kms = k;
});

const describeStore = async (id: string) => (await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
let storeA = '';
let storeB = '';

test('CreateCustomKeyStore names a configured token; wrong clusters, anchors, names and passwords get AWS errors', async () => {
  const base = { TrustAnchorCertificate: anchor, KeyStorePassword: tokenA!.pin };
  await rejects(kms.send(new CreateCustomKeyStoreCommand({ ...base, CustomKeyStoreName: 'x', CloudHsmClusterId: 'cluster-zzzzzzzzzzz' })), 'CloudHsmClusterNotFoundException');
  await rejects(kms.send(new CreateCustomKeyStoreCommand({ ...base, CustomKeyStoreName: 'x', CloudHsmClusterId: CLUSTER_A, TrustAnchorCertificate: 'not a certificate' })), 'IncorrectTrustAnchorException');
  const short = await rejects(kms.send(new CreateCustomKeyStoreCommand({ ...base, CustomKeyStoreName: 'x', CloudHsmClusterId: CLUSTER_A, KeyStorePassword: 'abc' })), 'ValidationException');
  assert.ok(!short.message.includes("'abc'"), 'the password is not quoted');
  await rejects(kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: 'x', CustomKeyStoreType: 'EXTERNAL_KEY_STORE' })), 'UnsupportedOperationException');
  storeA = (await kms.send(new CreateCustomKeyStoreCommand({ ...base, CustomKeyStoreName: 'store-a', CloudHsmClusterId: CLUSTER_A }))).CustomKeyStoreId!;
  assert.match(storeA, /^cks-[0-9a-f]{17}$/);
  await rejects(kms.send(new CreateCustomKeyStoreCommand({ ...base, CustomKeyStoreName: 'store-a', CloudHsmClusterId: CLUSTER_B })), 'CustomKeyStoreNameInUseException');
  await rejects(kms.send(new CreateCustomKeyStoreCommand({ ...base, CustomKeyStoreName: 'other', CloudHsmClusterId: CLUSTER_A })), 'CloudHsmClusterInUseException');
  storeB = (await kms.send(new CreateCustomKeyStoreCommand({ ...base, KeyStorePassword: 'wrong-pin-000', CustomKeyStoreName: 'store-b', CloudHsmClusterId: CLUSTER_B }))).CustomKeyStoreId!;
  const a = await describeStore(storeA);
  assert.deepEqual([a.CustomKeyStoreName, a.CloudHsmClusterId, a.ConnectionState, a.CustomKeyStoreType, a.ConnectionErrorCode], ['store-a', CLUSTER_A, 'DISCONNECTED', 'AWS_CLOUDHSM', undefined]);
  assert.equal(a.TrustAnchorCertificate, anchor);
  assert.ok(a.CreationDate instanceof Date);
  const page1 = await kms.send(new DescribeCustomKeyStoresCommand({ Limit: 1 }));
  assert.deepEqual([page1.CustomKeyStores!.length, page1.Truncated], [1, true]);
  const page2 = await kms.send(new DescribeCustomKeyStoresCommand({ Limit: 1, Marker: page1.NextMarker }));
  assert.deepEqual([page2.CustomKeyStores![0]!.CustomKeyStoreId, page2.Truncated], [storeB, false]);
  assert.equal((await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: 'store-b' }))).CustomKeyStores![0]!.CustomKeyStoreId, storeB);
  await rejects(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: 'cks-00000000000000000' })), 'CustomKeyStoreNotFoundException');
});

test('connection states: a wrong password fails with INVALID_CREDENTIALS; FAILED must be disconnected before reconnecting', async () => {
  await rejects(kms.send(new CreateKeyCommand({ CustomKeyStoreId: storeA, Origin: 'AWS_CLOUDHSM' })), 'CustomKeyStoreInvalidStateException');
  await rejects(kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeB })), 'CustomKeyStoreInvalidStateException');
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeB }));
  const b = await describeStore(storeB);
  assert.deepEqual([b.ConnectionState, b.ConnectionErrorCode], ['FAILED', 'INVALID_CREDENTIALS']);
  await rejects(kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeB })), 'CustomKeyStoreInvalidStateException');
  await rejects(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeB, KeyStorePassword: tokenB!.pin })), 'CustomKeyStoreInvalidStateException');
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeB }));
  await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeB, KeyStorePassword: tokenB!.pin, NewCustomKeyStoreName: 'store-b2' }));
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeB }));
  const again = await describeStore(storeB);
  assert.deepEqual([again.ConnectionState, again.ConnectionErrorCode, again.CustomKeyStoreName], ['CONNECTED', undefined, 'store-b2']);
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeA }));
  assert.equal((await describeStore(storeA)).ConnectionState, 'CONNECTED');
});

let keyId = '';
let arn = '';
let blob: Uint8Array;

test('CreateKey in a connected store: Origin AWS_CLOUDHSM, the token holds a sensitive, non-extractable AES key', async () => {
  await rejects(kms.send(new CreateKeyCommand({ CustomKeyStoreId: storeA, Origin: 'AWS_CLOUDHSM', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })), 'UnsupportedOperationException');
  const md = (await kms.send(new CreateKeyCommand({ CustomKeyStoreId: storeA, Origin: 'AWS_CLOUDHSM', Description: 'in the token' }))).KeyMetadata!;
  keyId = md.KeyId!;
  arn = md.Arn!;
  assert.deepEqual([md.Origin, md.CustomKeyStoreId, md.CloudHsmClusterId, md.KeyState, md.KeySpec, md.CurrentKeyMaterialId], ['AWS_CLOUDHSM', storeA, CLUSTER_A, 'Enabled', 'SYMMETRIC_DEFAULT', undefined]);
  const d = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.deepEqual([d.Origin, d.CustomKeyStoreId, d.CloudHsmClusterId], ['AWS_CLOUDHSM', storeA, CLUSTER_A]);
  const objects = tokenA!.listObjects();
  const entry = new RegExp(`Secret Key Object; AES length 32\\s+label:\\s+keyward-key-${keyId}[\\s\\S]*?Access:\\s+sensitive, always sensitive, never extractable`);
  assert.match(objects, entry);
  await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: keyId })), 'UnsupportedOperationException', `${arn} origin is AWS_CLOUDHSM which is not valid for this operation.`);
});

test('Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext) and GenerateRandom run in the token', async () => {
  blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('inside the hsm'), EncryptionContext: { k: 'v' } }))).CiphertextBlob!;
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { k: 'v' } }));
  assert.deepEqual([Buffer.from(out.Plaintext!).toString(), out.KeyId], ['inside the hsm', arn]);
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { k: 'w' } })), 'InvalidCiphertextException');
  const soft = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const moved = await kms.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { k: 'v' }, DestinationKeyId: soft }));
  const back = await kms.send(new ReEncryptCommand({ CiphertextBlob: moved.CiphertextBlob, DestinationKeyId: keyId, DestinationEncryptionContext: { z: '1' } }));
  assert.equal(back.KeyId, arn);
  assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: back.CiphertextBlob, EncryptionContext: { z: '1' } }))).Plaintext!).toString(), 'inside the hsm');
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
  assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }))).Plaintext!), Buffer.from(dk.Plaintext!));
  const wp = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, NumberOfBytes: 48 }));
  assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: wp.CiphertextBlob }))).Plaintext!.length, 48);
  assert.equal((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 64, CustomKeyStoreId: storeA }))).Plaintext!.length, 64);
});

test('disconnecting makes the key Unavailable with AWS\'s error; reconnecting brings it back', async () => {
  await rejects(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeA, KeyStorePassword: tokenA!.pin })), 'CustomKeyStoreInvalidStateException');
  await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeA, NewCustomKeyStoreName: 'store-a-renamed' }));
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeA }));
  await rejects(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException', `${arn} is unavailable.`);
  await rejects(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { k: 'v' } })), 'KMSInvalidStateException', `${arn} is unavailable.`);
  await rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: storeA })), 'CustomKeyStoreInvalidStateException');
  const d = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.deepEqual([d.KeyState, d.Enabled], ['Unavailable', false]);
  await rejects(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeA })), 'CustomKeyStoreHasCMKsException');
  await rejects(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeA, CloudHsmClusterId: CLUSTER_B })), 'CloudHsmClusterNotRelatedException');
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeA }));
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'Enabled');
  assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { k: 'v' } }))).Plaintext!).toString(), 'inside the hsm');
});

test('the key material is nowhere in Keyward\'s database: not in the files, not inside any barrier-sealed value', async () => {
  const kcv = await tokenKeyCheckValue(tokenA!, `keyward-key-${keyId}`);
  const store = new SqliteStore(join(server.dataDir, 'keyward.db'));
  const plaintexts: Buffer[] = [];
  try {
    const barrier = await unsealBarrier(store, KeyFileRoot.open(join(server.dataDir, 'root.key'), false));
    for (const kind of SEALED_KIND_NAMES) {
      let after: string | undefined;
      do {
        const page = await store.seal.sealedValues(kind, 500, after);
        for (const v of page.items) plaintexts.push(barrier.open(SEALED_KINDS[kind](v.id), v.sealed));
        after = page.next;
      } while (after);
    }
  } finally {
    await store.close();
  }
  assert.ok(plaintexts.length > 3, 'the scan opened the sealed values');
  // The scan is not vacuous: a key whose check value is computed the token's way (GCM of a zero block, IV 0^12) is found.
  const known = randomBytes(32);
  const gcm = createCipheriv('aes-256-gcm', known, Buffer.alloc(12), { authTagLength: 16 });
  assert.ok(containsKeyWithCheckValue(Buffer.concat([randomBytes(7), known, randomBytes(5)]), gcm.update(Buffer.alloc(16))));
  for (const p of plaintexts) assert.equal(containsKeyWithCheckValue(p, kcv), false);
  for (const f of databaseFiles(server.dataDir)) assert.equal(containsKeyWithCheckValue(f.bytes, kcv), false, f.name);
});

test('deletion of the key destroys its token object when the waiting period ends; an empty, disconnected store deletes', async () => {
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  await advanceClock(server.url, 8 * DAY);
  await rejects(kms.send(new DescribeKeyCommand({ KeyId: keyId })), 'NotFoundException');
  assert.ok(!tokenA!.listObjects().includes(`keyward-key-${keyId}`), 'the token object is gone');
  await rejects(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeA })), 'CustomKeyStoreInvalidStateException');
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeA }));
  await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeA }));
  await rejects(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: storeA })), 'CustomKeyStoreNotFoundException');
  tokenA!.remove();
});
