// How each KeySpec maps onto the crypto layer: key-pair kind, HMAC key length, curve, ML-DSA level, and the
// asymmetric material a loaded key version carries. Source: KMS Developer Guide "Key spec reference".
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Curve } from '../../crypto/ecc.js';
import type { KeyPairKind } from '../../crypto/key-pairs.js';
import { mlDsaKeysFromSeed, mlDsaSpki, type MlDsaKeys } from '../../crypto/ml-dsa.js';
import type { KeySpec } from '../../protocol/enums.js';

/** HMAC key length in bytes = the spec's size (KMS: "HMAC_224 … 224-bit key"). */
export const HMAC_KEY_BYTES: Partial<Record<KeySpec, number>> = { HMAC_224: 28, HMAC_256: 32, HMAC_384: 48, HMAC_512: 64 };

export const CURVE_OF: Partial<Record<KeySpec, Curve>> = {
  ECC_NIST_P256: 'P-256', ECC_NIST_P384: 'P-384', ECC_NIST_P521: 'P-521', ECC_SECG_P256K1: 'secp256k1',
};

/** The key-pair kind generated for an asymmetric KeySpec (also used for DataKeyPairSpec, same names). */
export const KEY_PAIR_KIND: Partial<Record<string, KeyPairKind>> = {
  RSA_2048: { kind: 'rsa', bits: 2048 }, RSA_3072: { kind: 'rsa', bits: 3072 }, RSA_4096: { kind: 'rsa', bits: 4096 },
  ECC_NIST_P256: { kind: 'ec', curve: 'P-256' }, ECC_NIST_P384: { kind: 'ec', curve: 'P-384' },
  ECC_NIST_P521: { kind: 'ec', curve: 'P-521' }, ECC_SECG_P256K1: { kind: 'ec', curve: 'secp256k1' },
  ECC_NIST_EDWARDS25519: { kind: 'ed25519' },
  ML_DSA_44: { kind: 'ml-dsa', level: 44 }, ML_DSA_65: { kind: 'ml-dsa', level: 65 }, ML_DSA_87: { kind: 'ml-dsa', level: 87 },
};

/** What an asymmetric key version holds once loaded: parsed once, reused by every request. */
export interface AsymmetricMaterial {
  /** The private key (absent for ML-DSA, whose keys live in `mlDsa`). */
  privateKey?: KeyObject;
  publicKey?: KeyObject;
  /** DER SubjectPublicKeyInfo, as GetPublicKey returns it. */
  spki: Buffer;
  mlDsa?: MlDsaKeys;
}

export function isAsymmetricSpec(spec: KeySpec): boolean {
  return KEY_PAIR_KIND[spec] !== undefined;
}

/** Parses stored asymmetric material (PKCS#8 DER, or an ML-DSA seed) into cached key objects. */
export function asymmetricMaterial(spec: KeySpec, raw: Buffer): AsymmetricMaterial {
  const kind = KEY_PAIR_KIND[spec];
  if (!kind) throw new Error(`${spec} is not asymmetric`);
  if (kind.kind === 'ml-dsa') {
    const keys = mlDsaKeysFromSeed(kind.level, raw);
    return { mlDsa: keys, spki: mlDsaSpki(kind.level, keys.publicKey) };
  }
  const privateKey = createPrivateKey({ key: raw, format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, spki: publicKey.export({ format: 'der', type: 'spki' }) };
}
