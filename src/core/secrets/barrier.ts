// The barrier: every secret at rest (key material, access-key secrets) is AES-256-GCM encrypted under a barrier
// key, itself wrapped by the root of trust. Layout of a sealed value, after Vault's barrier_aes_gcm.go:
//   term (uint32 BE) | IV (12) | ciphertext | tag (16), with AAD = a purpose string naming what the value is,
// so a sealed value moved to another row (another key id or version) fails to open. The keyring holds one key per
// term: new values are sealed under the highest, older terms keep opening until `keyward operator rotate-barrier`
// has re-sealed everything under a newer one (src/core/secrets/barrier-rotation.ts).
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { gcmOpen, gcmSeal, GCM_IV_BYTES, GCM_TAG_BYTES } from '../../crypto/aead.js';
import type { RootOfTrust, Store } from '../ports.js';

export class BarrierSealedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BarrierSealedError';
  }
}

export const SEALED_HEADER_BYTES = 4;

/** The barrier term a sealed value was sealed under. */
export const termOf = (sealed: Buffer): number => (sealed.length >= SEALED_HEADER_BYTES ? sealed.readUInt32BE(0) : 0);

export class Barrier {
  private readonly keys = new Map<number, KeyObject>();
  private term = 0;
  /** Reloads the keyring from the store (a term added by another node); set by unsealBarrier. */
  refresh: (() => Promise<void>) | undefined;

  /** Installs an unwrapped barrier key; the highest term seals new values. */
  install(term: number, key: Buffer): void {
    this.keys.set(term, createSecretKey(key));
    key.fill(0);
    if (term > this.term) this.term = term;
  }

  /** The terms installed, ascending. */
  terms(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }

  get currentTerm(): number {
    return this.term;
  }

  has(term: number): boolean {
    return this.keys.has(term);
  }

  /** Drops terms no value uses any more (after a completed rotation). */
  forget(terms: number[]): void {
    for (const t of terms) if (t !== this.term) this.keys.delete(t);
  }

  /** Seals: forgets every key (the installation is sealed). */
  clear(): void {
    this.keys.clear();
    this.term = 0;
  }

  seal(purpose: string, plaintext: Buffer): Buffer {
    const key = this.keys.get(this.term);
    if (!key) throw new BarrierSealedError('the barrier is sealed');
    const iv = randomBytes(GCM_IV_BYTES);
    const { ciphertext, tag } = gcmSeal(key, iv, plaintext, Buffer.from(purpose, 'utf8'));
    const head = Buffer.allocUnsafe(SEALED_HEADER_BYTES);
    head.writeUInt32BE(this.term, 0);
    return Buffer.concat([head, iv, ciphertext, tag]);
  }

  /** Opens a sealed value; throws if it was altered, moved, or sealed under an unknown term. */
  open(purpose: string, sealed: Buffer): Buffer {
    if (sealed.length < SEALED_HEADER_BYTES + GCM_IV_BYTES + GCM_TAG_BYTES) throw new BarrierSealedError('sealed value too short');
    const key = this.keys.get(sealed.readUInt32BE(0));
    if (!key) throw new BarrierSealedError('sealed under an unknown barrier term');
    const iv = sealed.subarray(SEALED_HEADER_BYTES, SEALED_HEADER_BYTES + GCM_IV_BYTES);
    const ct = sealed.subarray(SEALED_HEADER_BYTES + GCM_IV_BYTES, sealed.length - GCM_TAG_BYTES);
    const tag = sealed.subarray(sealed.length - GCM_TAG_BYTES);
    const out = gcmOpen(key, iv, ct, tag, Buffer.from(purpose, 'utf8'));
    if (!out) throw new BarrierSealedError('sealed value failed authentication');
    return out;
  }

  /** As open, but a term this node has not installed yet (another node rotated) reloads the keyring first. */
  async openFresh(purpose: string, sealed: Buffer): Promise<Buffer> {
    if (!this.keys.has(termOf(sealed)) && this.term > 0) await this.refresh?.();
    return this.open(purpose, sealed);
  }
}

/** AAD purposes: what a sealed value is and where it belongs. */
export const purpose = {
  keyMaterial: (keyId: string, version: number) => `keyward:key-material:v1:${keyId}:${version}`,
  accessKeySecret: (accessKeyId: string) => `keyward:access-key-secret:v1:${accessKeyId}`,
};

/**
 * Unseals the barrier with the (unsealed) root of trust, creating the first barrier key when the store has none
 * (dev mode; `keyward operator init` writes it otherwise). Concurrent first starts agree: the store keeps the first
 * term-1 key written. The barrier reloads the keyring when it meets a term it does not know.
 */
export async function unsealBarrier(store: Store, root: RootOfTrust): Promise<Barrier> {
  let stored = await store.getBarrierKeys();
  if (stored.length === 0) {
    const fresh = randomBytes(32);
    await store.addBarrierKey(1, await root.wrap(fresh, 1));
    fresh.fill(0);
    stored = await store.getBarrierKeys();
  }
  const barrier = new Barrier();
  const load = async (keys: { term: number; wrapped: Buffer }[]) => {
    for (const { term, wrapped } of keys) if (!barrier.has(term)) barrier.install(term, await root.unwrap(wrapped, term));
    barrier.forget(barrier.terms().filter((t) => !keys.some((k) => k.term === t))); // retired by a rotation
  };
  await load(stored);
  barrier.refresh = async () => load(await store.getBarrierKeys());
  return barrier;
}
