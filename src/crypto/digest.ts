// Hash functions by name and output length, on node:crypto (FIPS 180-4).
import { createHash } from 'node:crypto';

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** Output length in bytes of each hash (FIPS 180-4 §1, Figure 1). */
export const HASH_BYTES: Readonly<Record<HashName, number>> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

export function digest(hash: HashName, data: Uint8Array): Buffer {
  return createHash(hash).update(data).digest();
}
