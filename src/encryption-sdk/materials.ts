// Encryption and decryption materials (the default CMM's job): the signing key pair and its public key in the context,
// the data key from the keyring, the checks on reserved context keys; with an optional bounded cache.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/default-cmm.md and caching-cmm.md.
import type { KeyObject } from 'node:crypto';
import type { AlgorithmSuite } from './algorithm-suites.js';
import { PUBLIC_KEY_CONTEXT_KEY, checkCallerContext, serializeContext, type EncryptionContext } from './encryption-context.js';
import { EsdkError, needs } from './errors.js';
import type { EncryptedDataKey } from './header.js';
import type { Keyring } from './keyring.js';
import type { MaterialsCache } from './materials-cache.js';
import { generateSigningKey, verificationKey, type SigningKey } from './signature.js';

export interface EncryptionMaterials {
  suite: AlgorithmSuite;
  /** The caller's context plus, for signed suites, aws-crypto-public-key. */
  context: EncryptionContext;
  dataKey: Buffer;
  edks: EncryptedDataKey[];
  signingKey: SigningKey | null;
}

export async function encryptionMaterials(keyring: Keyring, suite: AlgorithmSuite, callerContext: EncryptionContext, maxEdks: number): Promise<EncryptionMaterials> {
  checkCallerContext(callerContext);
  const signingKey = suite.signature ? generateSigningKey(suite.signature) : null;
  const context: EncryptionContext = signingKey
    ? { ...callerContext, [PUBLIC_KEY_CONTEXT_KEY]: signingKey.compressedPublicKey.toString('base64') }
    : { ...callerContext };
  serializeContext(context); // fails early (before any KMS call) on a context too large for the header
  const { dataKey, edks } = await keyring.onEncrypt(suite, context);
  needs(edks.length <= maxEdks, `Encryption would write ${edks.length} encrypted data keys, more than the maximum of ${maxEdks}`);
  return { suite, context, dataKey, edks, signingKey };
}

/** Encryption materials through the cache when one is given and the plaintext length is known (as the caching CMM). */
export async function cachedEncryptionMaterials(
  keyring: Keyring, suite: AlgorithmSuite, callerContext: EncryptionContext, maxEdks: number, cache: MaterialsCache | undefined, plaintextLength: number | undefined,
): Promise<EncryptionMaterials> {
  if (!cache || plaintextLength === undefined) return encryptionMaterials(keyring, suite, callerContext, maxEdks);
  const id = `${suite.id}:${serializeContext(callerContext).toString('base64')}`;
  const hit = cache.takeEncrypt(id, plaintextLength);
  if (hit) return hit;
  const fresh = await encryptionMaterials(keyring, suite, callerContext, maxEdks);
  cache.putEncrypt(id, fresh, plaintextLength);
  return fresh;
}

export interface DecryptionMaterials {
  dataKey: Buffer;
  verificationKey: KeyObject | null;
}

export async function decryptionMaterials(
  keyring: Keyring, suite: AlgorithmSuite, context: EncryptionContext, edks: readonly EncryptedDataKey[], cache?: MaterialsCache,
): Promise<DecryptionMaterials> {
  const encodedKey = context[PUBLIC_KEY_CONTEXT_KEY];
  // Spec default-cmm.md Decrypt Materials: a signed suite needs the public key in the context; an unsigned one must not have it.
  if (suite.signature) needs(encodedKey !== undefined, 'The message is signed but its encryption context has no public key');
  else needs(encodedKey === undefined, 'The message is unsigned but its encryption context carries a signing public key');
  const verification = suite.signature ? verificationKey(suite.signature, Buffer.from(encodedKey!, 'base64')) : null;
  const id = cache ? decryptCacheId(suite, context, edks) : '';
  const cached = cache?.takeDecrypt(id);
  if (cached) return { dataKey: cached, verificationKey: verification };
  const dataKey = await keyring.onDecrypt(suite, context, edks);
  if (dataKey.length !== suite.keyLength) throw new EsdkError('The keyring returned a data key of the wrong length');
  cache?.putDecrypt(id, dataKey);
  return { dataKey, verificationKey: verification };
}

function decryptCacheId(suite: AlgorithmSuite, context: EncryptionContext, edks: readonly EncryptedDataKey[]): string {
  const parts = edks.map((e) => `${e.providerId}\u0000${e.providerInfo.toString('base64')}\u0000${e.ciphertext.toString('base64')}`).sort();
  return `${suite.id}:${serializeContext(context).toString('base64')}:${parts.join('\u0001')}`;
}
