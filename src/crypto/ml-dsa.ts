// ML-DSA (FIPS 204) with @noble/post-quantum: Node 20's OpenSSL 3.0 has no ML-DSA. Keys are kept as the
// 32-byte seed ξ (FIPS 204 §5.1 ML-DSA.KeyGen); public keys travel as DER SubjectPublicKeyInfo with the
// NIST OIDs id-ml-dsa-44/65/87 (2.16.840.1.101.3.4.3.17/18/19, RFC 9881 / draft-ietf-lamps-dilithium-certificates).
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';

export type MlDsaLevel = 44 | 65 | 87;
const IMPL = { 44: ml_dsa44, 65: ml_dsa65, 87: ml_dsa87 } as const;
const OID_LAST = { 44: 0x11, 65: 0x12, 87: 0x13 } as const;
export const ML_DSA_PUBLIC_KEY_BYTES = { 44: 1312, 65: 1952, 87: 2592 } as const;
export const ML_DSA_SEED_BYTES = 32;
/** μ for MessageType EXTERNAL_MU is 64 bytes (FIPS 204 Algorithm 7, line 6). */
export const ML_DSA_MU_BYTES = 64;

export interface MlDsaKeys {
  level: MlDsaLevel;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function mlDsaKeysFromSeed(level: MlDsaLevel, seed: Uint8Array): MlDsaKeys {
  if (seed.length !== ML_DSA_SEED_BYTES) throw new RangeError('ML-DSA seed must be 32 bytes');
  const { publicKey, secretKey } = IMPL[level].keygen(seed);
  return { level, publicKey, secretKey };
}

/** Signs a message (pure ML-DSA, empty context, hedged) or, with `externalMu`, a caller-computed 64-byte μ. */
export function mlDsaSign(level: MlDsaLevel, secretKey: Uint8Array, data: Uint8Array, externalMu: boolean): Buffer {
  const impl = IMPL[level];
  return Buffer.from(externalMu ? impl.internal.sign(data, secretKey, { externalMu: true }) : impl.sign(data, secretKey));
}

/** True only for a valid signature; `context` is for test vectors (AWS KMS signs with an empty context). */
export function mlDsaVerify(
  level: MlDsaLevel, publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array, externalMu: boolean,
  context?: Uint8Array,
): boolean {
  const impl = IMPL[level];
  try {
    if (externalMu) return data.length === ML_DSA_MU_BYTES && impl.internal.verify(signature, data, publicKey, { externalMu: true });
    return impl.verify(signature, data, publicKey, context?.length ? { context } : {});
  } catch {
    return false;
  }
}

/** DER SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID }, BIT STRING { 0x00 ‖ pk } } (no parameters). */
export function mlDsaSpki(level: MlDsaLevel, publicKey: Uint8Array): Buffer {
  const algId = Buffer.from([0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, OID_LAST[level]]);
  const bitString = Buffer.concat([Buffer.from([0x03]), derLength(publicKey.length + 1), Buffer.from([0]), publicKey]);
  const body = Buffer.concat([algId, bitString]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** The raw public key inside a DER SPKI for `level`, or null unless the encoding is exactly canonical. */
export function mlDsaPublicKeyFromSpki(level: MlDsaLevel, spki: Uint8Array): Uint8Array | null {
  const n = ML_DSA_PUBLIC_KEY_BYTES[level];
  if (spki.length < n) return null;
  const pk = spki.subarray(spki.length - n);
  return mlDsaSpki(level, pk).equals(Buffer.from(spki)) ? pk : null;
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}
