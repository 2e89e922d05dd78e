// Symmetric encryption under a KMS key: usage and algorithm checks, sealing with the current version, and
// opening a blob with the version it names. Shared by Encrypt, Decrypt, ReEncrypt and the data-key operations.
import type { EncryptionAlgorithm } from '../../protocol/enums.js';
import { KmsError } from '../../protocol/errors.js';
import { openBlob, parseCiphertextBlob, sealBlob } from './ciphertext-format.js';
import type { OperationContext, UsableKey } from '../context.js';
import type { KeyAccess } from '../keys/key-state-table.js';
import { publicKeyId } from '../keys/arn.js';

/** AWS: InvalidKeyUsageException "<arn> key usage is SIGN_VERIFY which is not valid for Encrypt." */
export function requireUsage(key: UsableKey, usage: string, operation: string): void {
  if (key.record.keyUsage !== usage) {
    throw new KmsError('InvalidKeyUsageException',
      `${key.arn} key usage is ${key.record.keyUsage} which is not valid for ${operation}.`);
  }
}

/** Symmetric keys accept only SYMMETRIC_DEFAULT (the default when the member is absent). */
export function requireSymmetricAlgorithm(key: UsableKey, alg: EncryptionAlgorithm | undefined): 'SYMMETRIC_DEFAULT' {
  if (alg !== undefined && alg !== 'SYMMETRIC_DEFAULT') {
    throw new KmsError('InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${key.record.keySpec}.`);
  }
  return 'SYMMETRIC_DEFAULT';
}

/** A symmetric encryption key, checked for usage, for the given operation. */
export async function encryptionKey(ctx: OperationContext, keyId: string, access: KeyAccess, operation: string): Promise<UsableKey> {
  const key = await ctx.key(keyId, access, 'any');
  requireUsage(key, 'ENCRYPT_DECRYPT', operation);
  if (key.record.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new KmsError('InvalidKeyUsageException', `${key.arn} key spec is ${key.record.keySpec} which is not valid for ${operation}.`);
  }
  return key;
}

/** Seals plaintext under the key's current version; its size goes to the audit record (per-version byte counters). */
export function sealWith(ctx: OperationContext, key: UsableKey, plaintext: Buffer, ec?: Record<string, string>) {
  const v = key.current();
  ctx.used(key, v.version);
  ctx.audit.details.bytes = plaintext.length;
  return { blob: sealBlob(publicKeyId(key.record.keyId), v.version, v.key, plaintext, ec), materialId: v.materialId };
}

/**
 * Opens a symmetric ciphertext. `expectedKeyId` (a KeyId the caller named) must be the blob's key, else
 * IncorrectKeyException; every cryptographic failure is the same InvalidCiphertextException.
 */
export async function openCiphertext(
  ctx: OperationContext, blob: Buffer, ec: Record<string, string> | undefined, access: KeyAccess,
  expectedKeyId: string | undefined,
) {
  const parsed = parseCiphertextBlob(blob);
  if (expectedKeyId !== undefined) {
    const named = await ctx.resolveKeyId(expectedKeyId, 'any');
    if (named !== parsed.keyId) {
      await ctx.key(expectedKeyId, access, 'any'); // a missing or unusable named key reports that first
      throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
  }
  const key = await ctx.keyFromCiphertext(parsed.keyId, access);
  const v = key.version(parsed.keyVersion);
  if (!v) {
    key.checkVersion?.(parsed.keyVersion); // a destroyed version (material gone) is named; any other is not a ciphertext
    throw new KmsError('InvalidCiphertextException');
  }
  // The blob is authenticated before the version's lifecycle rules are applied: only a genuine ciphertext learns them.
  const plaintext = openBlob(parsed, v.key, ec);
  try {
    ctx.used(key, v.version);
  } catch (err) {
    plaintext.fill(0);
    throw err;
  }
  ctx.audit.details.bytes = plaintext.length;
  return { key, plaintext, materialId: v.materialId };
}
