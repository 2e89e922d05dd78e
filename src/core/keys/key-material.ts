// Key material per key spec: how it is generated (OS CSPRNG) and how stored bytes become a usable KeyObject.
// Symmetric material is 32 raw bytes (AES-256); HMAC keys are raw bytes of the spec's size; asymmetric keys are
// PKCS#8 DER (ML-DSA: the 32-byte FIPS 204 seed).
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { offload } from '../../crypto/worker-pool.js';
import type { KeySpec } from '../../protocol/enums.js';
import { asymmetricMaterial, HMAC_KEY_BYTES, isAsymmetricSpec, KEY_PAIR_KIND, type AsymmetricMaterial } from './key-spec-crypto.js';

/** Fresh material for a new key version, as the bytes that are sealed under the barrier. */
export async function generateMaterial(spec: KeySpec): Promise<Buffer> {
  if (spec === 'SYMMETRIC_DEFAULT') return randomBytes(32);
  const hmacBytes = HMAC_KEY_BYTES[spec];
  if (hmacBytes !== undefined) return randomBytes(hmacBytes);
  const kind = KEY_PAIR_KIND[spec];
  if (!kind) throw new Error(`no generator for ${spec}`);
  // Off the event loop, with a pairwise-consistency test before the pair is returned (crypto/key-pairs.ts).
  return (await offload('generateKeyPair', { kind })).privateKey;
}

/** The stored bytes of a version as a KeyObject (the raw buffer is zeroed by the caller). */
export function materialKeyObject(spec: KeySpec, raw: Buffer): KeyObject {
  return versionKeys(spec, raw).key;
}

/**
 * The stored bytes of a version as cached key objects: `key` is the AES or HMAC secret, or the private key of
 * an asymmetric pair (ML-DSA: its seed as a secret KeyObject); `asym` carries the parsed pair. Parsed once.
 */
export function versionKeys(spec: KeySpec, raw: Buffer): { key: KeyObject; asym?: AsymmetricMaterial } {
  if (spec === 'SYMMETRIC_DEFAULT' || HMAC_KEY_BYTES[spec] !== undefined) return { key: createSecretKey(raw) };
  if (!isAsymmetricSpec(spec)) throw new Error(`no key object for ${spec}`);
  const asym = asymmetricMaterial(spec, raw);
  return { key: asym.privateKey ?? createSecretKey(raw), asym };
}
