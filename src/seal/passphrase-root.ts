// The passphrase root: Argon2id (RFC 9106, @node-rs/argon2) derives a 256-bit key from the passphrase and a random
// salt; that key wraps the root key with AES-256-GCM. The parameters are recorded with the wrap, so they can be
// raised later without breaking old installations, and refused if someone lowered them below OWASP's minimum.
// https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
import { hashRaw } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { gcmOpen, gcmSeal, GCM_IV_BYTES, GCM_TAG_BYTES } from '../crypto/aead.js';
import type { PassphraseRootConfig } from './seal-config.js';

/** RFC 9106 §4's second recommended option (64 MiB, 3 passes, 4 lanes): well above OWASP's minimum. */
export const DEFAULT_ARGON2 = { memoryKiB: 65_536, iterations: 3, parallelism: 4 } as const;
/** OWASP's equivalent minimum configurations for Argon2id: memory (KiB) and the passes it needs. */
const OWASP_MINIMUMS: readonly { memoryKiB: number; iterations: number }[] = [
  { memoryKiB: 47_104, iterations: 1 }, { memoryKiB: 19_456, iterations: 2 }, { memoryKiB: 12_288, iterations: 3 },
  { memoryKiB: 9_216, iterations: 4 }, { memoryKiB: 7_168, iterations: 5 },
];
/** NIST SP 800-63B-4 §3.1.1.2 asks 15 characters of a single-factor password; an unseal passphrase is one. */
export const MIN_PASSPHRASE_CHARS = 15;
const AAD = Buffer.from('keyward:root-key:passphrase:v1', 'utf8');
const ARGON2ID = 2; // @node-rs/argon2's Algorithm.Argon2id (a const enum, not importable under isolated modules)

export function meetsOwaspMinimum(p: { memoryKiB: number; iterations: number; parallelism: number }): boolean {
  return p.parallelism >= 1 && OWASP_MINIMUMS.some((m) => p.memoryKiB >= m.memoryKiB && p.iterations >= m.iterations);
}

async function derive(passphrase: string, salt: Buffer, p: { memoryKiB: number; iterations: number; parallelism: number }): Promise<Buffer> {
  return hashRaw(passphrase.normalize('NFKC'), {
    algorithm: ARGON2ID as never, memoryCost: p.memoryKiB, timeCost: p.iterations, parallelism: p.parallelism, outputLen: 32, salt,
  });
}

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_CHARS) throw new RangeError(`the passphrase must have at least ${MIN_PASSPHRASE_CHARS} characters`);
}

/** Wraps the root key under the passphrase; returns the configuration to store. */
export async function protectWithPassphrase(rootKey: Buffer, passphrase: string): Promise<PassphraseRootConfig> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const kek = await derive(passphrase, salt, DEFAULT_ARGON2);
  const iv = randomBytes(GCM_IV_BYTES);
  const { ciphertext, tag } = gcmSeal(kek, iv, rootKey, AAD);
  kek.fill(0);
  return {
    type: 'passphrase', kdf: 'argon2id', ...DEFAULT_ARGON2, salt: salt.toString('base64'),
    wrapped: Buffer.concat([iv, ciphertext, tag]).toString('base64'),
  };
}

/** The root key if `passphrase` opens the wrap, else undefined. */
export async function openWithPassphrase(config: PassphraseRootConfig, passphrase: string): Promise<Buffer | undefined> {
  if (config.kdf !== 'argon2id' || !meetsOwaspMinimum(config)) {
    throw new Error('the stored passphrase parameters are below the minimum: refusing to use them');
  }
  const kek = await derive(passphrase, Buffer.from(config.salt, 'base64'), config);
  const w = Buffer.from(config.wrapped, 'base64');
  const out = w.length > GCM_IV_BYTES + GCM_TAG_BYTES
    ? gcmOpen(kek, w.subarray(0, GCM_IV_BYTES), w.subarray(GCM_IV_BYTES, w.length - GCM_TAG_BYTES), w.subarray(w.length - GCM_TAG_BYTES), AAD)
    : null;
  kek.fill(0);
  return out ?? undefined;
}
