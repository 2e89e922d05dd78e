// Bring your own key, with the unmodified AWS SDK for JavaScript v3 against the real server: material generated
// outside Keyward, wrapped client-side (node:crypto only) with each wrapping algorithm, imports and works; deleted or
// expired material comes back by re-importing the same material, and old ciphertexts decrypt again; wrong, expired
// and foreign tokens, other material and bad parameters get AWS's errors; expiry happens on time under the test clock.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  constants, createCipheriv, createHmac, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, verify,
} from 'node:crypto';
import {
  CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EncryptCommand,
  GenerateMacCommand, GetParametersForImportCommand, GetPublicKeyCommand, ImportKeyMaterialCommand, KMSClient,
  RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, SignCommand,
  type AlgorithmSpec, type CreateKeyCommandInput, type ImportKeyMaterialCommandInput, type KeyMetadata, type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { advanceClock, DAY, HEX64, rejects, serverNowMs, withReadonlyDb } from '../support/lifecycle-helpers.js';
import { useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let kms: KMSClient;

useTestServer({ args: ['--test-clock'] }, (s, k) => {
  server = s;
  kms = k;
});

const OAEP_HASH: Record<string, 'sha1' | 'sha256'> = {
  RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256', RSA_AES_KEY_WRAP_SHA_1: 'sha1', RSA_AES_KEY_WRAP_SHA_256: 'sha256',
};

/**
 * Wraps material as an AWS KMS client does, with node:crypto alone: RSA-OAEP (MGF1 with the same hash), or for
 * RSA_AES_KEY_WRAP_* an ephemeral AES-256 key under RSA-OAEP followed by the material under AES-KWP (RFC 5649).
 */
function wrapMaterial(algorithm: string, publicKeyDer: Uint8Array, material: Buffer): Buffer {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const oaep = (data: Buffer) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[algorithm]! }, data);
  if (!algorithm.startsWith('RSA_AES_KEY_WRAP_')) return oaep(material);
  const aesKey = randomBytes(32);
  const kwp = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([oaep(aesKey), kwp.update(material), kwp.final()]);
}

async function createExternal(input: CreateKeyCommandInput = {}): Promise<KeyMetadata> {
  return (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', ...input }))).KeyMetadata!;
}

async function describe_(keyId: string): Promise<KeyMetadata> {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

interface Params {
  token: Uint8Array;
  publicKey: Uint8Array;
  algorithm: AlgorithmSpec;
}

async function params(keyId: string, algorithm: AlgorithmSpec = 'RSAES_OAEP_SHA_256', spec: WrappingKeySpec = 'RSA_2048'): Promise<Params> {
  const out = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }));
  return { token: out.ImportToken!, publicKey: out.PublicKey!, algorithm };
}

/** GetParametersForImport, wrap, ImportKeyMaterial (no expiry unless `extra` says so); returns the KeyMaterialId. */
async function importMaterial(
  keyId: string, material: Buffer, extra: Partial<ImportKeyMaterialCommandInput> = {}, algorithm: AlgorithmSpec = 'RSAES_OAEP_SHA_256',
): Promise<string> {
  const p = await params(keyId, algorithm);
  const out = await kms.send(new ImportKeyMaterialCommand({
    KeyId: keyId, ImportToken: p.token, EncryptedKeyMaterial: wrapMaterial(algorithm, p.publicKey, material),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ...extra,
  }));
  assert.match(out.KeyMaterialId!, HEX64);
  return out.KeyMaterialId!;
}

const plaintext = Buffer.from('bring your own key');

async function encrypt(keyId: string): Promise<Uint8Array> {
  return (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'import' } }))).CiphertextBlob!;
}

async function decrypt(ciphertext: Uint8Array): Promise<Buffer> {
  const out = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { purpose: 'import' } }));
  return Buffer.from(out.Plaintext!);
}

describe('an EXTERNAL key before import', () => {
  test('CreateKey Origin EXTERNAL → PendingImport, disabled, no material id; crypto refused as pending import', async () => {
    const md = await createExternal({ Description: 'byok' });
    assert.equal(md.Origin, 'EXTERNAL');
    assert.equal(md.KeyState, 'PendingImport');
    assert.equal(md.Enabled, false);
    assert.equal(md.CurrentKeyMaterialId, undefined);
    assert.equal(md.ExpirationModel, undefined);
    const described = await describe_(md.KeyId!);
    assert.equal(described.KeyState, 'PendingImport');
    assert.equal(described.CurrentKeyMaterialId, undefined);
    await rejects(kms.send(new EncryptCommand({ KeyId: md.KeyId!, Plaintext: plaintext })), 'KMSInvalidStateException', `${md.Arn} is pending import.`);
    await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: md.KeyId! })), 'KMSInvalidStateException', `${md.Arn} is pending import.`);
    // Nothing imported yet: deleting is a no-op that leaves the key as it is.
    const del = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: md.KeyId! }));
    assert.equal(del.KeyId, md.Arn);
    assert.equal((await describe_(md.KeyId!)).KeyState, 'PendingImport');
  });

  test('import operations on an AWS_KMS key → UnsupportedOperationException', async () => {
    const md = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const msg = `${md.Arn} origin is AWS_KMS which is not valid for this operation.`;
    await rejects(kms.send(new GetParametersForImportCommand({ KeyId: md.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
      'UnsupportedOperationException', msg);
    await rejects(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: md.KeyId! })), 'UnsupportedOperationException', msg);
  });

  test('GetParametersForImport: DER SPKI of the asked size, 24 h validity; PKCS#1 v1.5 refused', async () => {
    const md = await createExternal();
    const now = await serverNowMs(server.url);
    const out = await kms.send(new GetParametersForImportCommand({ KeyId: md.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' }));
    assert.equal(out.KeyId, md.Arn);
    const pub = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
    assert.equal(pub.asymmetricKeyType, 'rsa');
    assert.equal(pub.asymmetricKeyDetails?.modulusLength, 3072);
    assert.ok(out.ImportToken!.length > 0);
    const validTo = out.ParametersValidTo!.getTime();
    assert.ok(Math.abs(validTo - (now + DAY * 1000)) < 60_000, `ParametersValidTo ${out.ParametersValidTo!.toISOString()} is now + 24 h`);
    await rejects(kms.send(new GetParametersForImportCommand({ KeyId: md.KeyId!, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' })),
      'ValidationException');
  });
});

describe('import with every wrapping algorithm', () => {
  const cases: [AlgorithmSpec, WrappingKeySpec][] = [
    ['RSAES_OAEP_SHA_1', 'RSA_2048'], ['RSAES_OAEP_SHA_256', 'RSA_3072'],
    ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_4096'], ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'],
  ];
  for (const [algorithm, spec] of cases) {
    test(`${algorithm} with ${spec}: imports, the key is Enabled and encrypts/decrypts`, async () => {
      const md = await createExternal();
      const material = randomBytes(32);
      const p = await params(md.KeyId!, algorithm, spec);
      const out = await kms.send(new ImportKeyMaterialCommand({
        KeyId: md.Arn!, ImportToken: p.token, EncryptedKeyMaterial: wrapMaterial(algorithm, p.publicKey, material),
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }));
      assert.equal(out.KeyId, md.Arn);
      assert.match(out.KeyMaterialId!, HEX64);
      const after = await describe_(md.KeyId!);
      assert.equal(after.KeyState, 'Enabled');
      assert.equal(after.Enabled, true);
      assert.equal(after.Origin, 'EXTERNAL');
      assert.equal(after.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
      assert.equal(after.ValidTo, undefined);
      assert.equal(after.CurrentKeyMaterialId, out.KeyMaterialId);
      assert.deepEqual(await decrypt(await encrypt(md.KeyId!)), plaintext);
    });
  }
});

describe('delete and re-import', () => {
  test('a ciphertext made before the material was deleted decrypts again after the same material is re-imported', async () => {
    const md = await createExternal();
    const material = randomBytes(32);
    const id = await importMaterial(md.KeyId!, material);
    const ciphertext = await encrypt(md.KeyId!);
    const del = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: md.KeyId! }));
    assert.deepEqual([del.KeyId, del.KeyMaterialId], [md.Arn, id]);
    const gone = await describe_(md.KeyId!);
    assert.equal(gone.KeyState, 'PendingImport');
    assert.equal(gone.Enabled, false);
    assert.equal(gone.CurrentKeyMaterialId, undefined);
    await rejects(kms.send(new EncryptCommand({ KeyId: md.KeyId!, Plaintext: plaintext })), 'KMSInvalidStateException', `${md.Arn} is pending import.`);
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { purpose: 'import' } })),
      'KMSInvalidStateException', `${md.Arn} is pending import.`);
    // Other material is refused, and changes nothing.
    await rejects(importMaterial(md.KeyId!, randomBytes(32)), 'IncorrectKeyMaterialException');
    assert.equal((await describe_(md.KeyId!)).KeyState, 'PendingImport');
    // The same material, wrapped afresh under a new token, brings the key back with the same KeyMaterialId.
    assert.equal(await importMaterial(md.KeyId!, material, {}, 'RSA_AES_KEY_WRAP_SHA_256'), id);
    const back = await describe_(md.KeyId!);
    assert.equal(back.KeyState, 'Enabled');
    assert.equal(back.CurrentKeyMaterialId, id);
    assert.deepEqual(await decrypt(ciphertext), plaintext);
  });

  test('different material for a key that has material → IncorrectKeyMaterialException; re-importing the same is allowed', async () => {
    const md = await createExternal();
    const material = randomBytes(32);
    const id = await importMaterial(md.KeyId!, material);
    await rejects(importMaterial(md.KeyId!, randomBytes(32)), 'IncorrectKeyMaterialException');
    await rejects(importMaterial(md.KeyId!, material, { KeyMaterialId: 'ab'.repeat(32) }), 'IncorrectKeyMaterialException');
    assert.equal(await importMaterial(md.KeyId!, material, { KeyMaterialId: id }), id);
    assert.equal((await describe_(md.KeyId!)).KeyState, 'Enabled');
  });

  test('DeleteImportedKeyMaterial leaves a PendingDeletion key PendingDeletion', async () => {
    const md = await createExternal();
    await importMaterial(md.KeyId!, randomBytes(32));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId!, PendingWindowInDays: 7 }));
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: md.KeyId! }));
    assert.equal((await describe_(md.KeyId!)).KeyState, 'PendingDeletion');
  });
});

describe('refusals', () => {
  test('a token for another key, or garbage → InvalidImportTokenException; a bad wrapping → InvalidCiphertextException', async () => {
    const a = await createExternal();
    const b = await createExternal();
    const pb = await params(b.KeyId!);
    const wrapped = wrapMaterial(pb.algorithm, pb.publicKey, randomBytes(32));
    await rejects(kms.send(new ImportKeyMaterialCommand({
      KeyId: a.KeyId!, ImportToken: pb.token, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    })), 'InvalidImportTokenException');
    await rejects(kms.send(new ImportKeyMaterialCommand({
      KeyId: b.KeyId!, ImportToken: randomBytes(64), EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    })), 'InvalidImportTokenException');
    const bad = Buffer.from(wrapped);
    bad[10]! ^= 1;
    await rejects(kms.send(new ImportKeyMaterialCommand({
      KeyId: b.KeyId!, ImportToken: pb.token, EncryptedKeyMaterial: bad, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    })), 'InvalidCiphertextException');
    // Wrapped with the other algorithm than the token was issued for.
    await rejects(kms.send(new ImportKeyMaterialCommand({
      KeyId: b.KeyId!, ImportToken: pb.token, EncryptedKeyMaterial: wrapMaterial('RSAES_OAEP_SHA_1', pb.publicKey, randomBytes(32)),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    })), 'InvalidCiphertextException');
    for (const md of [a, b]) assert.equal((await describe_(md.KeyId!)).KeyState, 'PendingImport');
    // The token still works for its own key.
    await kms.send(new ImportKeyMaterialCommand({
      KeyId: b.KeyId!, ImportToken: pb.token, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }));
    assert.equal((await describe_(b.KeyId!)).KeyState, 'Enabled');
  });

  test('expiration model and ValidTo are checked as AWS does; symmetric material must be 256 bits', async () => {
    const md = await createExternal();
    const p = await params(md.KeyId!);
    const send = (material: Buffer, extra: Partial<ImportKeyMaterialCommandInput>) => kms.send(new ImportKeyMaterialCommand({
      KeyId: md.KeyId!, ImportToken: p.token, EncryptedKeyMaterial: wrapMaterial(p.algorithm, p.publicKey, material), ...extra,
    }));
    const material = randomBytes(32);
    await rejects(send(material, {}), 'ValidationException', 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
    await rejects(send(material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES' }), 'ValidationException',
      'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
    const now = await serverNowMs(server.url);
    await rejects(send(material, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: new Date(now + 86_400_000) }), 'ValidationException');
    await rejects(send(material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now + 366 * 86_400_000) }), 'ValidationException');
    await rejects(send(material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now - 60_000) }), 'ValidationException');
    await rejects(send(randomBytes(16), { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }), 'IncorrectKeyMaterialException');
    assert.equal((await describe_(md.KeyId!)).KeyState, 'PendingImport');
    await send(material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now + 365 * 86_400_000 - 60_000) });
    const after = await describe_(md.KeyId!);
    assert.equal(after.KeyState, 'Enabled');
    assert.equal(after.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
  });
});

describe('on-demand rotation of an imported symmetric key', () => {
  test('new material waits as PENDING_ROTATION; RotateKeyOnDemand makes it current; old ciphertexts still decrypt', async () => {
    const md = await createExternal();
    const first = await importMaterial(md.KeyId!, randomBytes(32));
    await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: md.KeyId! })), 'KMSInvalidStateException',
      `No available key material pending rotation for the key: ${md.Arn}.`);
    const before = await encrypt(md.KeyId!);
    const second = await importMaterial(md.KeyId!, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' });
    assert.notEqual(second, first);
    assert.equal((await describe_(md.KeyId!)).CurrentKeyMaterialId, first, 'pending material is not current yet');
    const third = randomBytes(32);
    await rejects(importMaterial(md.KeyId!, third, { ImportType: 'NEW_KEY_MATERIAL' }), 'KMSInvalidStateException',
      /^New key material \(id: [0-9a-f]{64}\) cannot be imported into KMS key .+, because another key material \(id: [0-9a-f]{64}\) is pending rotation\.$/);
    const rotated = await kms.send(new RotateKeyOnDemandCommand({ KeyId: md.KeyId! }));
    assert.equal(rotated.KeyId, md.Arn);
    assert.equal((await describe_(md.KeyId!)).CurrentKeyMaterialId, second);
    assert.deepEqual(await decrypt(before), plaintext);
    assert.deepEqual(await decrypt(await encrypt(md.KeyId!)), plaintext);
    await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: md.KeyId! })), 'KMSInvalidStateException',
      `No available key material pending rotation for the key: ${md.Arn}.`);
  });
});

describe('imported asymmetric and HMAC material', () => {
  test('an imported ECC_NIST_P256 signing key: GetPublicKey is the outside key, and its signatures verify outside', async () => {
    const md = await createExternal({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await importMaterial(md.KeyId!, privateKey.export({ format: 'der', type: 'pkcs8' }));
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: md.KeyId! }));
    assert.deepEqual(Buffer.from(pub.PublicKey!), publicKey.export({ format: 'der', type: 'spki' }));
    const message = Buffer.from('signed by an imported key');
    const sig = await kms.send(new SignCommand({ KeyId: md.KeyId!, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
    assert.ok(verify('sha256', message, publicKey, Buffer.from(sig.Signature!)));
  });

  test('an imported RSA_2048 key needs RSA_AES_KEY_WRAP, then signs verifiably', async () => {
    const md = await createExternal({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    await rejects(kms.send(new GetParametersForImportCommand({ KeyId: md.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' })),
      'ValidationException');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await importMaterial(md.KeyId!, privateKey.export({ format: 'der', type: 'pkcs8' }), {}, 'RSA_AES_KEY_WRAP_SHA_256');
    const message = Buffer.from('signed by an imported RSA key');
    const sig = await kms.send(new SignCommand({ KeyId: md.KeyId!, Message: message, MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }));
    assert.ok(verify('sha256', message, publicKey, Buffer.from(sig.Signature!)));
  });

  test('an imported HMAC_256 key MACs as node:crypto does; other material is refused', async () => {
    const md = await createExternal({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const material = randomBytes(32);
    await importMaterial(md.KeyId!, material);
    const message = Buffer.from('mac me');
    const mac = await kms.send(new GenerateMacCommand({ KeyId: md.KeyId!, Message: message, MacAlgorithm: 'HMAC_SHA_256' }));
    assert.deepEqual(Buffer.from(mac.Mac!), createHmac('sha256', material).update(message).digest());
    await rejects(importMaterial(md.KeyId!, randomBytes(32)), 'IncorrectKeyMaterialException');
  });
});

// Moves the service clock: keep last in this file.
describe('time', () => {
  test('an import token expires after 24 hours → ExpiredImportTokenException', async () => {
    const md = await createExternal();
    const p = await params(md.KeyId!);
    const wrapped = wrapMaterial(p.algorithm, p.publicKey, randomBytes(32));
    await advanceClock(server.url, 25 * 3600);
    await rejects(kms.send(new ImportKeyMaterialCommand({
      KeyId: md.KeyId!, ImportToken: p.token, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    })), 'ExpiredImportTokenException');
    assert.equal((await describe_(md.KeyId!)).KeyState, 'PendingImport');
  });

  test('material expires on time: usable a day before ValidTo, PendingImport at ValidTo (a system action), back after re-import', async () => {
    const md = await createExternal();
    const material = randomBytes(32);
    const now = await serverNowMs(server.url);
    const validTo = new Date(now + 2 * DAY * 1000);
    await importMaterial(md.KeyId!, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
    const described = await describe_(md.KeyId!);
    assert.equal(described.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
    assert.equal(Math.round(described.ValidTo!.getTime() / 1000), Math.round(validTo.getTime() / 1000));
    const ciphertext = await encrypt(md.KeyId!);

    await advanceClock(server.url, DAY);
    assert.deepEqual(await decrypt(await encrypt(md.KeyId!)), plaintext, 'still usable one day before ValidTo');

    await advanceClock(server.url, DAY);
    await rejects(kms.send(new EncryptCommand({ KeyId: md.KeyId!, Plaintext: plaintext })), 'KMSInvalidStateException', `${md.Arn} is pending import.`);
    const expired = await describe_(md.KeyId!);
    assert.equal(expired.KeyState, 'PendingImport');
    assert.equal(expired.Enabled, false);
    const audit = withReadonlyDb(server.dataDir, (db) => db.prepare(
      `SELECT principal, details FROM audit_log WHERE operation = 'DeleteImportedKeyMaterial' AND key_arn = ?`).all(md.Arn) as
      { principal: string; details: string }[]);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.principal, 'keyward:system');
    assert.equal(JSON.parse(audit[0]!.details).reason, 'KeyMaterialExpired');

    await importMaterial(md.KeyId!, material);
    assert.equal((await describe_(md.KeyId!)).KeyState, 'Enabled');
    assert.deepEqual(await decrypt(ciphertext), plaintext, 'the ciphertext from before expiry decrypts after re-import');
  });
});
