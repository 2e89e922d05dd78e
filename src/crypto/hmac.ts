// HMAC (RFC 2104, FIPS 198-1) with the SHA-2 family on node:crypto; full-length tags only, compared in
// constant time.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { HashName } from './digest.js';

export function hmac(hash: HashName, key: KeyObject | Uint8Array, message: Uint8Array): Buffer {
  return createHmac(hash, key).update(message).digest();
}

/** True only if `tag` is the full-length HMAC of `message` (truncated tags are refused, as in AWS VerifyMac). */
export function hmacVerify(hash: HashName, key: KeyObject | Uint8Array, message: Uint8Array, tag: Uint8Array): boolean {
  const expected = hmac(hash, key, message);
  return tag.length === expected.length && timingSafeEqual(expected, tag);
}
