// Asymmetric key operations shared by Sign, Verify, Encrypt/Decrypt/ReEncrypt (RSA), DeriveSharedSecret and
// the data-key-pair operations: algorithm checks against the key-spec table, message checks, and dispatch to
// the crypto layer — inline for cheap operations, on the worker pool for expensive ones.
import type { HashName } from '../../crypto/digest.js';
import { ecdhDerive, ecdsaSign, ecdsaVerify, parsePeerPublicKey, type Curve } from '../../crypto/ecc.js';
import { ed25519phSign, ed25519phVerify, ed25519Sign, ed25519Verify } from '../../crypto/eddsa.js';
import { oaepEncrypt, oaepMaxPlaintext, rsaVerify } from '../../crypto/rsa.js';
import { offload } from '../../crypto/worker-pool.js';
import type { EncryptionAlgorithm, KeySpec, SigningAlgorithm } from '../../protocol/enums.js';
import { KmsError } from '../../protocol/errors.js';
import type { OperationContext, UsableKey } from '../context.js';
import type { VersionMaterial } from '../keys/key-cache.js';
import { algorithmsFor, type AlgorithmLists } from '../keys/key-spec-table.js';
import { CURVE_OF, KEY_PAIR_KIND, type AsymmetricMaterial } from '../keys/key-spec-crypto.js';
import type { KeyAccess } from '../keys/key-state-table.js';
import { SIGNING_TABLE, type MessageType } from './signing-table.js';
import { openCiphertext, requireSymmetricAlgorithm, requireUsage, sealWith } from './symmetric.js';

/** AWS: InvalidKeyUsageException "Algorithm ECDSA_SHA_256 is incompatible with key spec ECC_NIST_P521." */
export function requireAlgorithm(key: UsableKey, list: keyof AlgorithmLists, algorithm: string | undefined): void {
  const allowed = (algorithmsFor(key.record.keySpec, key.record.keyUsage)[list] ?? []) as readonly string[];
  if (algorithm === undefined || !allowed.includes(algorithm)) {
    throw new KmsError('InvalidKeyUsageException', `Algorithm ${algorithm ?? 'SYMMETRIC_DEFAULT'} is incompatible with key spec ${key.record.keySpec}.`);
  }
}

/** The key's current version with its asymmetric material, recorded as used. */
export function currentPair(ctx: OperationContext, key: UsableKey): { v: VersionMaterial; pair: AsymmetricMaterial } {
  const v = key.current();
  if (!v.asym) throw new Error(`key ${key.record.keyId} has no asymmetric material`);
  ctx.used(key, v.version);
  return { v, pair: v.asym };
}

/** A key named by KeyId, checked for usage. */
export async function usableKey(ctx: OperationContext, keyId: string, access: KeyAccess & string, usage: string): Promise<UsableKey> {
  const key = await ctx.key(keyId, access, 'any');
  requireUsage(key, usage, access);
  return key;
}

// ---- Sign / Verify ----

/** What Sign and Verify share before the signature itself: usage, algorithm for the spec, MessageType, DryRun. */
export async function signingKey(
  ctx: OperationContext, access: 'Sign' | 'Verify',
  input: { KeyId: string; SigningAlgorithm: SigningAlgorithm; MessageType?: MessageType; Message: Buffer; DryRun?: boolean },
): Promise<{ key: UsableKey; messageType: MessageType; pair: AsymmetricMaterial }> {
  const key = await usableKey(ctx, input.KeyId, access, 'SIGN_VERIFY');
  requireAlgorithm(key, 'SigningAlgorithms', input.SigningAlgorithm);
  const messageType = input.MessageType ?? 'RAW';
  checkMessage(input.SigningAlgorithm, messageType, input.Message);
  ctx.dryRun(input.DryRun);
  return { key, messageType, pair: currentPair(ctx, key).pair };
}

/** Checks MessageType and length for the algorithm (AWS: "Digest is invalid length for algorithm ECDSA_SHA_256."). */
export function checkMessage(algorithm: SigningAlgorithm, messageType: MessageType, message: Buffer): void {
  const types = SIGNING_TABLE[algorithm].messageTypes;
  if (!(messageType in types)) {
    throw new KmsError('ValidationException', `MessageType ${messageType} is not supported for algorithm ${algorithm}.`);
  }
  const length = types[messageType];
  if (length !== undefined && message.length !== length) {
    throw new KmsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
  }
}

const curveOf = (spec: KeySpec): Curve => CURVE_OF[spec]!;
const mlDsaLevel = (spec: KeySpec) => {
  const kind = KEY_PAIR_KIND[spec];
  if (kind?.kind !== 'ml-dsa') throw new Error(`${spec} is not ML-DSA`);
  return kind.level;
};
const input = (messageType: MessageType, message: Buffer) => (messageType === 'DIGEST' ? { digest: message } : { message });

export async function signMessage(spec: KeySpec, pair: AsymmetricMaterial, algorithm: SigningAlgorithm, messageType: MessageType, message: Buffer): Promise<Buffer> {
  const scheme = SIGNING_TABLE[algorithm].scheme;
  const key = pair.privateKey!;
  switch (scheme.family) {
    case 'rsa': return offload('rsaSign', { key, hash: scheme.hash, padding: scheme.padding, input: input(messageType, message) });
    case 'ecdsa': {
      const curve = curveOf(spec);
      const args = { key, curve, hash: scheme.hash, input: input(messageType, message) };
      return curve === 'P-256' && messageType === 'RAW' ? ecdsaSign(key, curve, scheme.hash, args.input) : offload('ecdsaSign', args);
    }
    case 'ed25519': return ed25519Sign(key, message);
    case 'ed25519ph': return ed25519phSign(key, message);
    case 'ml-dsa':
      return offload('mlDsaSign', { level: mlDsaLevel(spec), secretKey: pair.mlDsa!.secretKey, data: message, externalMu: messageType === 'EXTERNAL_MU' });
    case 'sm2': throw new KmsError('UnsupportedOperationException', 'SM2 is not supported by this Keyward server.');
  }
}

export async function verifyMessage(
  spec: KeySpec, pair: AsymmetricMaterial, algorithm: SigningAlgorithm, messageType: MessageType, message: Buffer, signature: Buffer,
): Promise<boolean> {
  const scheme = SIGNING_TABLE[algorithm].scheme;
  const key = pair.publicKey!;
  switch (scheme.family) {
    case 'rsa': return rsaVerify(key, scheme.hash, scheme.padding, input(messageType, message), signature);
    case 'ecdsa': {
      const curve = curveOf(spec);
      const args = { key, curve, hash: scheme.hash, input: input(messageType, message), signature };
      return curve === 'P-256' && messageType === 'RAW' ? ecdsaVerify(key, curve, scheme.hash, args.input, signature) : offload('ecdsaVerify', args);
    }
    case 'ed25519': return ed25519Verify(key, message, signature);
    case 'ed25519ph': return ed25519phVerify(key, message, signature);
    case 'ml-dsa':
      return offload('mlDsaVerify', {
        level: mlDsaLevel(spec), publicKey: pair.mlDsa!.publicKey, data: message, signature, externalMu: messageType === 'EXTERNAL_MU',
      });
    case 'sm2': throw new KmsError('UnsupportedOperationException', 'SM2 is not supported by this Keyward server.');
  }
}

// ---- RSA encryption (RSAES-OAEP) ----

const OAEP_HASH: Partial<Record<EncryptionAlgorithm, HashName>> = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' };

export const isRsaEncryption = (alg: EncryptionAlgorithm | undefined): boolean => alg !== undefined && OAEP_HASH[alg] !== undefined;
export const isAsymmetricKey = (key: UsableKey): boolean => KEY_PAIR_KIND[key.record.keySpec] !== undefined;

/** Asymmetric keys take no encryption context (it is a symmetric-only AAD). */
export function refuseContext(ec: Record<string, string> | undefined): void {
  if (ec !== undefined && Object.keys(ec).length > 0) {
    throw new KmsError('ValidationException', 'EncryptionContext is not supported for asymmetric KMS keys.');
  }
}

/** RSAES-OAEP under the key's public key; AWS's message when the plaintext exceeds k - 2hLen - 2. */
export function rsaSeal(ctx: OperationContext, key: UsableKey, algorithm: EncryptionAlgorithm | undefined, plaintext: Buffer): { blob: Buffer; algorithm: EncryptionAlgorithm } {
  requireAlgorithm(key, 'EncryptionAlgorithms', algorithm);
  const hash = OAEP_HASH[algorithm!]!;
  const { pair } = currentPair(ctx, key);
  const max = oaepMaxPlaintext(pair.publicKey!, hash);
  if (plaintext.length > max) {
    throw new KmsError('ValidationException', `Algorithm ${algorithm} and key spec ${key.record.keySpec} cannot encrypt data larger than ${max} bytes.`);
  }
  ctx.audit.details.bytes = plaintext.length;
  return { blob: oaepEncrypt(pair.publicKey!, hash, plaintext), algorithm: algorithm! };
}

/**
 * The checks before opening raw RSAES-OAEP ciphertext (as produced offline with the public key): KeyId and an
 * RSAES algorithm are required; then rsaDecrypt, whose every failure is the same InvalidCiphertextException.
 */
export async function rsaOpen(
  ctx: OperationContext, keyId: string | undefined, algorithm: EncryptionAlgorithm, access: KeyAccess & string, operation: string,
): Promise<{ key: UsableKey; pair: AsymmetricMaterial }> {
  if (keyId === undefined) {
    throw new KmsError('ValidationException', 'KeyId is required when decrypting with an asymmetric KMS key.');
  }
  const key = await ctx.key(keyId, access, 'any');
  requireUsage(key, 'ENCRYPT_DECRYPT', operation);
  requireAlgorithm(key, 'EncryptionAlgorithms', algorithm);
  return { key, pair: currentPair(ctx, key).pair };
}

/**
 * DryRun with DryRunModifiers IGNORE_CIPHERTEXT (Decrypt, ReEncrypt's source): the ciphertext is not looked at, so
 * the KeyId must name the key; its state, usage and the algorithm are checked as a real decryption would check them.
 */
export async function decryptKeyWithoutCiphertext(
  ctx: OperationContext, keyId: string | undefined, algorithm: EncryptionAlgorithm | undefined,
  ec: Record<string, string> | undefined, access: KeyAccess & string, operation: string, keyMember = 'KeyId',
): Promise<{ key: UsableKey; algorithm: EncryptionAlgorithm }> {
  if (keyId === undefined) {
    throw new KmsError('ValidationException', `${keyMember} is required when DryRunModifiers contains IGNORE_CIPHERTEXT.`);
  }
  const key = await ctx.key(keyId, access, 'any');
  requireUsage(key, 'ENCRYPT_DECRYPT', operation);
  if (isAsymmetricKey(key)) {
    refuseContext(ec);
    requireAlgorithm(key, 'EncryptionAlgorithms', algorithm);
    return { key, algorithm: algorithm! };
  }
  return { key, algorithm: requireSymmetricAlgorithm(key, algorithm) };
}

/** The worker-pool half of rsaOpen, split so DryRun can stop between checks and decryption. */
export async function rsaDecrypt(pair: AsymmetricMaterial, algorithm: EncryptionAlgorithm, blob: Buffer): Promise<Buffer> {
  const plaintext = await offload('oaepDecrypt', { key: pair.privateKey!, hash: OAEP_HASH[algorithm]!, ciphertext: blob });
  if (plaintext === null) throw new KmsError('InvalidCiphertextException');
  return plaintext;
}

// ---- ECDH ----

/** ECDH with the key's private key and a peer DER SPKI; a bad peer key is a ValidationException without message. */
export async function deriveShared(spec: KeySpec, pair: AsymmetricMaterial, peerSpki: Buffer): Promise<Buffer> {
  const curve = curveOf(spec);
  const peer = parsePeerPublicKey(peerSpki, curve);
  if (!peer) throw new KmsError('ValidationException');
  return curve === 'P-256' ? ecdhDerive(pair.privateKey!, peer) : offload('ecdhDerive', { key: pair.privateKey!, peer });
}


// ---- ReEncrypt across symmetric and RSA keys ----

/** ReEncrypt's source side: RSA ciphertext when an RSAES algorithm is named, else a symmetric blob. */
export async function openForReEncrypt(
  ctx: OperationContext, blob: Buffer, ec: Record<string, string> | undefined, keyId: string | undefined, algorithm: EncryptionAlgorithm | undefined,
): Promise<{ key: UsableKey; plaintext: Buffer; algorithm: EncryptionAlgorithm; materialId?: string }> {
  if (isRsaEncryption(algorithm)) {
    refuseContext(ec);
    const { key, pair } = await rsaOpen(ctx, keyId, algorithm!, 'ReEncryptFrom', 'ReEncrypt');
    const plaintext = await rsaDecrypt(pair, algorithm!, blob);
    ctx.audit.details.bytes = plaintext.length;
    return { key, plaintext, algorithm: algorithm! };
  }
  const opened = await openCiphertext(ctx, blob, ec, 'ReEncryptFrom', keyId);
  return { ...opened, algorithm: requireSymmetricAlgorithm(opened.key, algorithm) };
}

/** ReEncrypt's destination side: the checks, then a sealer for either key kind (run after DryRun). */
export async function destinationForReEncrypt(
  ctx: OperationContext, keyId: string, algorithm: EncryptionAlgorithm | undefined, ec: Record<string, string> | undefined,
): Promise<{ key: UsableKey; algorithm: EncryptionAlgorithm; seal(plaintext: Buffer): { blob: Buffer; materialId?: string } }> {
  const key = await ctx.key(keyId, 'ReEncryptTo', 'any');
  requireUsage(key, 'ENCRYPT_DECRYPT', 'ReEncrypt');
  if (isAsymmetricKey(key)) {
    refuseContext(ec);
    requireAlgorithm(key, 'EncryptionAlgorithms', algorithm);
    return { key, algorithm: algorithm!, seal: (pt) => ({ blob: rsaSeal(ctx, key, algorithm, pt).blob }) };
  }
  return { key, algorithm: requireSymmetricAlgorithm(key, algorithm), seal: (pt) => sealWith(ctx, key, pt, ec) };
}
