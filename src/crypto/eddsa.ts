// Ed25519 (PureEdDSA) and Ed25519ph (HashEdDSA) per RFC 8032 §5.1.
// Ed25519 runs on node:crypto. Ed25519ph needs OpenSSL 3.2's "instance" parameter; Node 20 bundles OpenSSL
// 3.0 and silently ignores a `context` option, so Ed25519ph uses @noble/curves (the one EdDSA path not on
// node:crypto). AWS's ED25519_PH_SHA_512 takes a 64-byte MessageType DIGEST and pre-hashes it again as
// Ed25519ph's PH step, so the signed message M of RFC 8032 is exactly the bytes the caller sent.
import { sign, verify, type KeyObject } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';

export function ed25519Sign(key: KeyObject, message: Uint8Array): Buffer {
  return sign(null, message, key);
}

export function ed25519Verify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return signature.length === 64 && verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

/** Ed25519ph over M (PH(M) = SHA-512(M) is computed here), empty context. */
export function ed25519phSign(key: KeyObject, message: Uint8Array): Buffer {
  const seed = Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
  try {
    return Buffer.from(ed25519ph.sign(message, seed));
  } finally {
    seed.fill(0);
  }
}

export function ed25519phVerify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    return ed25519ph.verify(signature, message, raw, { zip215: false }); // RFC 8032 strict encoding rules
  } catch {
    return false;
  }
}
