// The import story once more with the PostgreSQL store (a throwaway cluster): import, delete and re-import, rotation
// to material imported as PENDING_ROTATION, token expiry and material expiry by the scheduler under the test clock.
// The SQLite path is covered in depth by import.test.ts; this checks the store methods of the other backend.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import {
  CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EncryptCommand,
  GetParametersForImportCommand, ImportKeyMaterialCommand, KMSClient, RotateKeyOnDemandCommand,
  type ImportKeyMaterialCommandInput,
} from '@aws-sdk/client-kms';
import { advanceClock, DAY, kmsClient, rejects, serverNowMs } from '../support/lifecycle-helpers.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/server.js';

const skip = postgresAvailable() ? false : 'PostgreSQL binaries not installed';
let cluster: TestPostgres | undefined;
let server: TestServer | undefined;
let kms: KMSClient;

before(async () => {
  if (skip) return;
  cluster = await startPostgres();
  server = await startTestServer({ args: ['--test-clock', '--database-url', await cluster.createDatabase()] });
  kms = kmsClient(server);
});

after(async () => {
  kms?.destroy();
  await server?.stop(true);
  await cluster?.stop();
});

async function importMaterial(keyId: string, material: Buffer, extra: Partial<ImportKeyMaterialCommandInput> = {}): Promise<string> {
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  const key = createPublicKey({ key: Buffer.from(p.PublicKey!), format: 'der', type: 'spki' });
  const wrapped = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
  const out = await kms.send(new ImportKeyMaterialCommand({
    KeyId: keyId, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ...extra,
  }));
  return out.KeyMaterialId!;
}

const plaintext = Buffer.from('postgres byok');
const state = async (keyId: string) => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState;

test('import, delete, re-import, rotate, and expire on time with the PostgreSQL store', { skip }, async () => {
  const md = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
  assert.equal(md.KeyState, 'PendingImport');
  const m1 = randomBytes(32);
  const id1 = await importMaterial(md.KeyId!, m1);
  assert.equal(await state(md.KeyId!), 'Enabled');
  const ct = (await kms.send(new EncryptCommand({ KeyId: md.KeyId!, Plaintext: plaintext }))).CiphertextBlob!;

  await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: md.KeyId! }));
  assert.equal(await state(md.KeyId!), 'PendingImport');
  await rejects(importMaterial(md.KeyId!, randomBytes(32)), 'IncorrectKeyMaterialException');
  assert.equal(await importMaterial(md.KeyId!, m1), id1);
  assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!), plaintext);

  const id2 = await importMaterial(md.KeyId!, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' });
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: md.KeyId! }));
  assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: md.KeyId! }))).KeyMetadata!.CurrentKeyMaterialId, id2);
  assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: ct }))).Plaintext!), plaintext);

  // Expiry: a second key whose material expires in two days.
  const ex = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
  const now = await serverNowMs(server!.url);
  await importMaterial(ex.KeyId!, randomBytes(32), { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now + 2 * DAY * 1000) });
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: ex.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' }));
  await advanceClock(server!.url, DAY);
  assert.equal(await state(ex.KeyId!), 'Enabled');
  await advanceClock(server!.url, DAY);
  assert.equal(await state(ex.KeyId!), 'PendingImport');
  await rejects(kms.send(new EncryptCommand({ KeyId: ex.KeyId!, Plaintext: plaintext })), 'KMSInvalidStateException', `${ex.Arn} is pending import.`);
  // The token from a day before the first advance is past its 24 hours (and its private key is shredded).
  await rejects(kms.send(new ImportKeyMaterialCommand({
    KeyId: ex.KeyId!, ImportToken: p.ImportToken!, EncryptedKeyMaterial: randomBytes(256), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  })), 'ExpiredImportTokenException');
  assert.equal(await state(md.KeyId!), 'Enabled', 'material that does not expire stays');
});
