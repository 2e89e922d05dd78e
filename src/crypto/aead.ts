// AES-256-GCM with a 96-bit IV and a full 128-bit tag, on node:crypto only.
// Spec: NIST SP 800-38D, https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf
import { createCipheriv, createDecipheriv, randomFillSync, type KeyObject } from 'node:crypto';

/** 96-bit IVs only: SP 800-38D §8.2 recommends them, and other lengths go through GHASH (CounterWrap bugs). */
export const GCM_IV_BYTES = 12;
/** Full 128-bit tags only: SP 800-38D §5.2.1.2 / Appendix C; shorter tags weaken forgery resistance. */
export const GCM_TAG_BYTES = 16;

const ALGORITHM = 'aes-256-gcm';
// Node 20 accepts truncated (4..15-byte) tags in setAuthTag unless authTagLength pins it (DEP0182).
const OPTIONS = { authTagLength: GCM_TAG_BYTES } as const;

/** AES-GCM performed elsewhere, e.g. inside a PKCS#11 token (src/hsm/): same inputs, same outputs. */
export interface ExternalAead {
  readonly external: true;
  seal(iv: Buffer, plaintext: Buffer, aad: Buffer): { ciphertext: Buffer; tag: Buffer };
  open(iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer | null;
}

export type AeadKey = KeyObject | Buffer | ExternalAead;

const isExternal = (key: AeadKey): key is ExternalAead => (key as ExternalAead).external === true;

// randomBytes(12) costs about as much as the encryption itself (~1.6 µs on Node 20), so IVs are cut from
// a pool filled 256 at a time. Each refill is a new buffer, so IVs already handed out never change.
const IV_POOL_BYTES = GCM_IV_BYTES * 256;
let ivPool = Buffer.alloc(0);
let ivPoolOffset = 0;

/** A fresh random 96-bit IV from the CSPRNG (SP 800-38D §8.2.2 RBG-based construction). */
export function randomGcmIv(): Buffer {
  if (ivPoolOffset + GCM_IV_BYTES > ivPool.length) {
    ivPool = randomFillSync(Buffer.allocUnsafe(IV_POOL_BYTES));
    ivPoolOffset = 0;
  }
  const iv = ivPool.subarray(ivPoolOffset, ivPoolOffset + GCM_IV_BYTES);
  ivPoolOffset += GCM_IV_BYTES;
  return iv;
}

/** Encrypts and authenticates `plaintext`, authenticating `aad` too. Throws only on programmer error (bad key or IV length). */
export function gcmSeal(key: AeadKey, iv: Buffer, plaintext: Buffer, aad: Buffer): { ciphertext: Buffer; tag: Buffer } {
  if (iv.length !== GCM_IV_BYTES) throw new RangeError(`AES-GCM IV must be ${GCM_IV_BYTES} bytes`);
  if (isExternal(key)) return key.seal(iv, plaintext, aad);
  const cipher = createCipheriv(ALGORITHM, key, iv, OPTIONS);
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const rest = cipher.final(); // GCM is a stream mode: final() yields no bytes, but never assume it.
  const ciphertext = rest.length === 0 ? body : Buffer.concat([body, rest]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

/**
 * Verifies and decrypts. Returns null on any authentication or length failure and never throws for them,
 * so callers cannot tell the causes apart. An unusable key (wrong size or type) still throws: that is a bug.
 */
export function gcmOpen(key: AeadKey, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer | null {
  if (iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) return null;
  if (isExternal(key)) return key.open(iv, ciphertext, tag, aad);
  const decipher = createDecipheriv(ALGORITHM, key, iv, OPTIONS);
  let plaintext: Buffer | undefined;
  try {
    decipher.setAuthTag(tag);
    decipher.setAAD(aad);
    plaintext = decipher.update(ciphertext);
    const rest = decipher.final(); // throws if the tag does not verify
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  } catch {
    plaintext?.fill(0); // unauthenticated plaintext must never be released
    return null;
  }
}
