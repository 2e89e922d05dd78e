// Importing material the test generated into an EXTERNAL key (GetParametersForImport + ImportKeyMaterial), wrapped
// with RSAES_OAEP_SHA_256 by node:crypto as an AWS client does: the test then knows the bytes to search for.
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { GetParametersForImportCommand, ImportKeyMaterialCommand, type KMSClient } from '@aws-sdk/client-kms';

export async function importKnownMaterial(kms: KMSClient, keyId: string, material: Buffer): Promise<void> {
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  const key = createPublicKey({ key: Buffer.from(p.PublicKey!), format: 'der', type: 'spki' });
  const wrapped = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
  await kms.send(new ImportKeyMaterialCommand({
    KeyId: keyId, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }));
}

/** The forms in which material must never appear in a log, an error or an audit record. */
export const materialForms = (material: Buffer): string[] => [material.toString('hex'), material.toString('hex').toUpperCase(), material.toString('base64'), material.toString('base64url')];
