// Development root of trust: a 256-bit root key in a file (mode 0600) that wraps the barrier keys with AES-256-GCM.
// Dev mode only (the server refuses it otherwise): it creates the file in the data directory and is always unsealed.
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { gcmOpen, gcmSeal, GCM_IV_BYTES, GCM_TAG_BYTES } from '../crypto/aead.js';
import type { RootOfTrust, SealStatus } from '../core/ports.js';
import { UnsealRejectedError } from './unseal-errors.js';

const AAD = Buffer.from('keyward:barrier-key:v1', 'utf8');
const ROOT_KEY_BYTES = 32;

export class KeyFileRoot implements RootOfTrust {
  readonly kind = 'key-file';
  private constructor(private readonly key: KeyObject) {}

  /** Loads the root key file, creating it (0600, exclusive) when `create` is set and it does not exist. */
  static open(path: string, create: boolean): KeyFileRoot {
    if (create) createKeyFile(path);
    const st = statSync(path);
    if ((st.mode & 0o077) !== 0) {
      throw new Error(`root key file ${path} must not be readable by group or others (chmod 600)`);
    }
    const hex = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`root key file ${path} must hold 64 hex digits`);
    const raw = Buffer.from(hex, 'hex');
    const root = new KeyFileRoot(createSecretKey(raw));
    raw.fill(0);
    return root;
  }

  status(): SealStatus {
    return { sealed: false, roots: [this.kind], progress: 0, threshold: 0, shares: 0, nonce: '' };
  }

  async autoUnseal(): Promise<boolean> {
    return true;
  }

  async submit(): Promise<SealStatus> {
    throw new UnsealRejectedError('a dev key file installation unseals itself', this.status());
  }

  reset(): SealStatus {
    return this.status();
  }

  seal(): void {
    throw new Error('a dev key file installation cannot be sealed (it would unseal itself again at once)');
  }

  // The barrier-key wraps predate keyring terms in the AAD (format v1: one AAD for every term).
  async wrap(barrierKey: Buffer): Promise<Buffer> {
    const iv = randomBytes(GCM_IV_BYTES);
    const { ciphertext, tag } = gcmSeal(this.key, iv, barrierKey, AAD);
    return Buffer.concat([iv, ciphertext, tag]);
  }

  async unwrap(wrapped: Buffer): Promise<Buffer> {
    const iv = wrapped.subarray(0, GCM_IV_BYTES);
    const ct = wrapped.subarray(GCM_IV_BYTES, wrapped.length - GCM_TAG_BYTES);
    const tag = wrapped.subarray(wrapped.length - GCM_TAG_BYTES);
    const out = wrapped.length > GCM_IV_BYTES + GCM_TAG_BYTES ? gcmOpen(this.key, iv, ct, tag, AAD) : null;
    if (!out) throw new Error('the root key does not open the stored barrier key (wrong root key file?)');
    return out;
  }
}

function createKeyFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600); // exclusive: never overwrite an existing root key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  try {
    writeSync(fd, randomBytes(ROOT_KEY_BYTES).toString('hex') + '\n');
  } finally {
    closeSync(fd);
  }
}
