// Behaviour-checklist items (reference/clients-and-wire.md §2.2, aws-kms-api.md §2 and §4) not covered elsewhere,
// through the unmodified @aws-sdk/client-kms: exact AWS texts, DryRun with IGNORE_CIPHERTEXT, ListKeyRotations members.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand, DecryptCommand, DisableKeyRotationCommand, EnableKeyRotationCommand, GenerateMacCommand,
  GetKeyPolicyCommand, GetKeyRotationStatusCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, KMSClient,
  ListKeyRotationsCommand, PutKeyPolicyCommand, ReEncryptCommand, RotateKeyOnDemandCommand, type KeyUsageType,
} from '@aws-sdk/client-kms';
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { rejects } from '../support/lifecycle-helpers.js';
import { useTestServer } from '../support/server.js';

const DRY_RUN = 'The request would have succeeded, but the DryRun option is set.';

let kms: KMSClient;
useTestServer({}, (_s, k) => {
  kms = k;
});

async function importMaterial(keyId: string, extra: Record<string, unknown>): Promise<string> {
  const params = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  const publicKey = createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' });
  const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32));
  const out = await kms.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ...extra }));
  return out.KeyMaterialId!;
}

describe('exact AWS texts', () => {
  test('item 12: a symmetric key with another KeyUsage', async () => {
    for (const usage of ['SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as KeyUsageType[]) {
      await rejects(kms.send(new CreateKeyCommand({ KeyUsage: usage })), 'ValidationException',
        `The operation failed because the KeyUsage value of the CMK is ${usage}. To perform this operation, the KeyUsage value must be ENCRYPT_DECRYPT.`);
    }
    await rejects(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'KEY_AGREEMENT' })), 'ValidationException',
      'KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048');
  });

  test('item 120: a bad MacAlgorithm lists the enum in AWS order', async () => {
    const mac = (await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!;
    await rejects(kms.send(new GenerateMacCommand({ KeyId: mac.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'INVALID' as never })),
      'ValidationException',
      "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]");
  });

  test('item 90: the policyName pattern is quoted as the model writes it', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const message = "1 validation error detected: Value 'no-such' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+";
    await rejects(kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'no-such' })), 'ValidationException', message);
    await rejects(kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'no-such', Policy: '{"Statement":[]}' })), 'ValidationException', message);
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).PolicyName, 'default');
  });
});

describe('DryRun with DryRunModifiers IGNORE_CIPHERTEXT (reference §4.11)', () => {
  test('Decrypt and ReEncrypt check the named keys, then answer DryRunOperationException', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await rejects(kms.send(new DecryptCommand({ KeyId: key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] })),
      'DryRunOperationException', DRY_RUN);
    await rejects(kms.send(new DecryptCommand({ DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] })), 'ValidationException');
    await rejects(kms.send(new ReEncryptCommand({
      SourceKeyId: key.Arn, DestinationKeyId: key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'],
    })), 'DryRunOperationException', DRY_RUN);
    const signing = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    await rejects(kms.send(new ReEncryptCommand({
      SourceKeyId: key.KeyId, DestinationKeyId: signing.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'],
    })), 'InvalidKeyUsageException', `${signing.Arn} key usage is SIGN_VERIFY which is not valid for ReEncrypt.`);
  });
});

describe('rotation of imported material', () => {
  test('ListKeyRotations: pending material is no rotation; ALL_KEY_MATERIAL shows its state, import state and expiry', async () => {
    const key = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
    const validTo = new Date(Date.now() + 3 * 86_400_000);
    const first = await importMaterial(key.KeyId!, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo, KeyMaterialDescription: 'first' });
    const second = await importMaterial(key.KeyId!, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL' });
    const none = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
    assert.deepEqual(none.Rotations, []);
    assert.equal(none.Truncated, false);
    const all = (await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!;
    assert.deepEqual(all.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState, r.ExpirationModel]), [
      [first, 'CURRENT', 'IMPORTED', 'KEY_MATERIAL_EXPIRES'], [second, 'PENDING_ROTATION', 'IMPORTED', 'KEY_MATERIAL_DOES_NOT_EXPIRE'],
    ]);
    assert.ok(Math.abs(all[0]!.ValidTo!.getTime() - validTo.getTime()) < 2000);
    assert.equal(all[0]!.KeyMaterialDescription, 'first');
    assert.equal(all[1]!.ValidTo, undefined);

    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }))).Rotations!;
    assert.deepEqual(rotations.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.RotationType]), [[second, 'CURRENT', 'ON_DEMAND']]);
    assert.ok(rotations[0]!.RotationDate instanceof Date);
  });

  test('automatic-rotation settings on an EXTERNAL key with material name the origin', async () => {
    const key = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!;
    await importMaterial(key.KeyId!, { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const message = `${key.Arn} origin is EXTERNAL which is not valid for this operation.`;
    await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })), 'UnsupportedOperationException', message);
    await rejects(kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId })), 'UnsupportedOperationException', message);
    await rejects(kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId })), 'UnsupportedOperationException', message);
  });
});
