// ECDSA (DER signatures, X9.62 / RFC 3279 §2.2.3) and ECDH (SP 800-56A cofactor Diffie-Hellman) on the NIST
// curves and secp256k1. Messages are signed with node:crypto. Node 20 has no API to sign or verify a
// precomputed digest (sign(null, ...) hashes again with SHA-256), so MessageType DIGEST uses @noble/curves'
// ECDSA with prehash disabled; the private scalar is exported from the cached KeyObject per call.
import { createPublicKey, diffieHellman, sign, verify, type KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { HASH_BYTES, type HashName } from './digest.js';

export type Curve = 'P-256' | 'P-384' | 'P-521' | 'secp256k1';

/** OpenSSL's name for each curve, as KeyObject.asymmetricKeyDetails.namedCurve reports it. */
export const OPENSSL_CURVE: Readonly<Record<Curve, string>> = {
  'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256k1: 'secp256k1',
};
const NOBLE = { 'P-256': p256, 'P-384': p384, 'P-521': p521, secp256k1 } as const;

export type EcInput = { message: Uint8Array } | { digest: Uint8Array };

export function ecdsaSign(key: KeyObject, curve: Curve, hash: HashName, input: EcInput): Buffer {
  if ('message' in input) return sign(hash, input.message, { key, dsaEncoding: 'der' });
  if (input.digest.length !== HASH_BYTES[hash]) throw new RangeError('digest length');
  const d = Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
  try {
    return Buffer.from(NOBLE[curve].sign(input.digest, d, { prehash: false, format: 'der', lowS: false }));
  } finally {
    d.fill(0);
  }
}

/** True only for a valid DER signature. Never throws for malformed input. */
export function ecdsaVerify(publicKey: KeyObject, curve: Curve, hash: HashName, input: EcInput, signature: Uint8Array): boolean {
  try {
    if ('message' in input) return verify(hash, input.message, { key: publicKey, dsaEncoding: 'der' }, signature);
    if (input.digest.length !== HASH_BYTES[hash]) return false;
    const point = publicKey.export({ format: 'der', type: 'spki' }).subarray(-pointBytes(curve));
    return NOBLE[curve].verify(signature, input.digest, point, { prehash: false, format: 'der', lowS: false });
  } catch {
    return false;
  }
}

/** Uncompressed point length (0x04 ‖ X ‖ Y), the tail of the SPKI node:crypto exports. */
function pointBytes(curve: Curve): number {
  const field = { 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 }[curve];
  return 1 + 2 * field;
}

/**
 * Parses a peer's DER SubjectPublicKeyInfo for ECDH on `curve`, or returns null. Accepted: canonical DER with
 * the named curve and a point on it (OpenSSL checks this when decoding; compressed points, SEC 1 §2.3.3, are
 * decompressed and checked too). Anything else (other curves, explicit or unnamed parameters, trailing bytes,
 * points off the curve) is refused, which defeats invalid-curve attacks.
 */
export function parsePeerPublicKey(spki: Uint8Array, curve: Curve): KeyObject | null {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== OPENSSL_CURVE[curve]) return null;
  const canonical = key.export({ format: 'der', type: 'spki' });
  return canonical.equals(Buffer.from(spki)) ? key : null;
}

/** The raw ECDH shared secret (the x-coordinate, SP 800-56A §5.7.1.2). */
export function ecdhDerive(privateKey: KeyObject, peer: KeyObject): Buffer {
  return diffieHellman({ privateKey, publicKey: peer });
}
