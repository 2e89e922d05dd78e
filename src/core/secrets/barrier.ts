// The barrier: every secret at rest (key material, access-key secrets) is AES-256-GCM encrypted under a barrier
// key, itself wrapped by the root of trust. Layout of a sealed value, after Vault's barrier_aes_gcm.go:
//   term (uint32 BE) | IV (12) | ciphertext | tag (16), with AAD = a purpose string naming what the value is,
// so a sealed value moved to another row (another key id or version) fails to open.
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { gcmOpen, gcmSeal, GCM_IV_BYTES, GCM_TAG_BYTES } from '../../crypto/aead.js';
import type { RootOfTrust, Store } from '../ports.js';

export class BarrierSealedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BarrierSealedError';
  }
}

export class Barrier {
  private readonly keys = new Map<number, KeyObject>();
  private term = 0;

  /** Installs an unwrapped barrier key; the highest term seals new values. */
  install(term: number, key: Buffer): void {
    this.keys.set(term, createSecretKey(key));
    key.fill(0);
    if (term > this.term) this.term = term;
  }

  seal(purpose: string, plaintext: Buffer): Buffer {
    const key = this.keys.get(this.term);
    if (!key) throw new BarrierSealedError('the barrier is sealed');
    const iv = randomBytes(GCM_IV_BYTES);
    const { ciphertext, tag } = gcmSeal(key, iv, plaintext, Buffer.from(purpose, 'utf8'));
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32BE(this.term, 0);
    return Buffer.concat([head, iv, ciphertext, tag]);
  }

  /** Opens a sealed value; throws if it was altered, moved, or sealed under an unknown term. */
  open(purpose: string, sealed: Buffer): Buffer {
    if (sealed.length < 4 + GCM_IV_BYTES + GCM_TAG_BYTES) throw new BarrierSealedError('sealed value too short');
    const key = this.keys.get(sealed.readUInt32BE(0));
    if (!key) throw new BarrierSealedError('sealed under an unknown barrier term');
    const iv = sealed.subarray(4, 4 + GCM_IV_BYTES);
    const ct = sealed.subarray(4 + GCM_IV_BYTES, sealed.length - GCM_TAG_BYTES);
    const tag = sealed.subarray(sealed.length - GCM_TAG_BYTES);
    const out = gcmOpen(key, iv, ct, tag, Buffer.from(purpose, 'utf8'));
    if (!out) throw new BarrierSealedError('sealed value failed authentication');
    return out;
  }
}

/** AAD purposes: what a sealed value is and where it belongs. */
export const purpose = {
  keyMaterial: (keyId: string, version: number) => `keyward:key-material:v1:${keyId}:${version}`,
  accessKeySecret: (accessKeyId: string) => `keyward:access-key-secret:v1:${accessKeyId}`,
};

/**
 * Unseals the barrier with the root of trust, creating the first barrier key when the store has none.
 * Concurrent first starts agree: the store keeps the first term-1 key written.
 */
export async function unsealBarrier(store: Store, root: RootOfTrust): Promise<Barrier> {
  let stored = await store.getBarrierKeys();
  if (stored.length === 0) {
    const fresh = randomBytes(32);
    await store.addBarrierKey(1, await root.wrap(fresh));
    fresh.fill(0);
    stored = await store.getBarrierKeys();
  }
  const barrier = new Barrier();
  for (const { term, wrapped } of stored) barrier.install(term, await root.unwrap(wrapped));
  return barrier;
}
