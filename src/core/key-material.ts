// Key material per key spec: how it is generated (OS CSPRNG) and how stored bytes become a usable KeyObject.
// Symmetric material is 32 raw bytes (AES-256).
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { KeySpec } from '../protocol/enums.js';

/** Fresh material for a new key version, as the bytes that are sealed under the barrier. */
export async function generateMaterial(spec: KeySpec): Promise<Buffer> {
  if (spec !== 'SYMMETRIC_DEFAULT') throw new Error(`no generator for ${spec}`);
  return randomBytes(32);
}

/** The stored bytes of a version as a KeyObject (the raw buffer is zeroed by the caller). */
export function materialKeyObject(spec: KeySpec, raw: Buffer): KeyObject {
  if (spec !== 'SYMMETRIC_DEFAULT') throw new Error(`no key object for ${spec}`);
  return createSecretKey(raw);
}
