// The Shamir root: the root key split into N shares over GF(256), any M of which rebuild it, with the audited
// shamir-secret-sharing library (https://github.com/privy-io/shamir-secret-sharing, audited by Cure53 and Zellic).
// Shares are printed once and never stored; the configuration keeps a SHA-256 digest of each, so a mistyped or
// foreign share is refused on submission instead of poisoning the combination (each share is 33 bytes that are
// uniformly random without M-1 others, so its digest reveals nothing usable).
import { createHash, timingSafeEqual } from 'node:crypto';
import { combine, split } from 'shamir-secret-sharing';
import type { ShamirRootConfig } from './seal-config.js';

export const MAX_SHARES = 255;

const digestOf = (share: Buffer) => createHash('sha256').update('keyward:unseal-share:v1\0').update(share).digest();

/** Splits the root key; returns the printable shares (base64) and the configuration to store. */
export async function splitRootKey(rootKey: Buffer, shares: number, threshold: number): Promise<{ shares: string[]; config: ShamirRootConfig }> {
  checkShareCounts(shares, threshold);
  // The library wants plain Uint8Arrays (it refuses Buffer); the copies are zeroed once split or combined.
  const secret = new Uint8Array(rootKey);
  const parts = (await split(secret, shares, threshold).finally(() => secret.fill(0))).map((p) => Buffer.from(p));
  const config: ShamirRootConfig = { type: 'shamir', shares, threshold, digests: parts.map((p) => digestOf(p).toString('hex')) };
  const printed = parts.map((p) => p.toString('base64'));
  for (const p of parts) p.fill(0);
  return { shares: printed, config };
}

/** The library needs 2..255 shares and a threshold of at least 2 (a 1-of-N split would print the key N times). */
export function checkShareCounts(shares: number, threshold: number): void {
  if (!Number.isInteger(shares) || shares < 2 || shares > MAX_SHARES) throw new RangeError(`--shares must be an integer from 2 to ${MAX_SHARES}`);
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > shares) throw new RangeError('--threshold must be an integer from 2 to the number of shares');
}

/** The share's bytes if `text` is one of this configuration's shares, else undefined (constant-time comparisons). */
export function recogniseShare(config: ShamirRootConfig, text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const share = Buffer.from(trimmed, 'base64');
  if (share.length !== 33) return undefined;
  const digest = digestOf(share);
  let found = false;
  for (const d of config.digests) found = timingSafeEqual(digest, Buffer.from(d, 'hex')) || found;
  return found ? share : undefined;
}

/** Rebuilds the root key from `threshold` distinct shares. */
export async function combineShares(shares: Buffer[]): Promise<Buffer> {
  const plain = shares.map((s) => new Uint8Array(s));
  try {
    return Buffer.from(await combine(plain));
  } finally {
    for (const p of plain) p.fill(0);
  }
}
