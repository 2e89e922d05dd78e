// The root key: 256 random bits that wrap the barrier keys (the keyring, one key per term) with AES-256-GCM, AAD naming
// the term, after Vault's root key / keyring split (vault/keyring.go). Every root of trust (Shamir shares, a
// passphrase, a PKCS#11 key) protects this one key, so any of them unseals the installation.
import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { gcmOpen, gcmSeal, GCM_IV_BYTES, GCM_TAG_BYTES } from '../crypto/aead.js';

export const ROOT_KEY_BYTES = 32;

const barrierKeyAad = (term: number) => Buffer.from(`keyward:barrier-key:v2:${term}`, 'utf8');
const CHECK_LABEL = 'keyward:root-key-check:v1';

export class RootKey {
  private constructor(private readonly key: KeyObject) {}

  /** A fresh root key from the CSPRNG. */
  static generate(): RootKey {
    return RootKey.fromBytes(randomBytes(ROOT_KEY_BYTES));
  }

  /** Takes the bytes (zeroing them). */
  static fromBytes(raw: Buffer | Uint8Array): RootKey {
    if (raw.length !== ROOT_KEY_BYTES) throw new Error('a root key is 32 bytes');
    const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
    const key = new RootKey(createSecretKey(buf));
    buf.fill(0);
    return key;
  }

  /** The raw bytes, for a root to protect (the caller zeroes them). */
  export(): Buffer {
    return this.key.export();
  }

  /**
   * A public check value (HMAC of a label under the key), stored in the seal configuration so a reconstructed key
   * is recognised before any barrier key is tried. It reveals nothing about the key (HMAC-SHA256 is a PRF).
   */
  check(): string {
    return createHmac('sha256', this.key).update(CHECK_LABEL).digest('hex');
  }

  /** Whether `check` is this key's check value (constant time). */
  matches(check: string): boolean {
    const mine = Buffer.from(this.check(), 'hex');
    const theirs = Buffer.from(check, 'hex');
    return theirs.length === mine.length && timingSafeEqual(mine, theirs);
  }

  wrap(barrierKey: Buffer, term: number): Buffer {
    const iv = randomBytes(GCM_IV_BYTES);
    const { ciphertext, tag } = gcmSeal(this.key, iv, barrierKey, barrierKeyAad(term));
    return Buffer.concat([iv, ciphertext, tag]);
  }

  unwrap(wrapped: Buffer, term: number): Buffer {
    const out = wrapped.length > GCM_IV_BYTES + GCM_TAG_BYTES
      ? gcmOpen(this.key, wrapped.subarray(0, GCM_IV_BYTES), wrapped.subarray(GCM_IV_BYTES, wrapped.length - GCM_TAG_BYTES),
        wrapped.subarray(wrapped.length - GCM_TAG_BYTES), barrierKeyAad(term))
      : null;
    if (!out) throw new Error(`the root key does not open barrier key term ${term}`);
    return out;
  }
}
