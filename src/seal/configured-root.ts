// The root of trust of an installation set up by `keyward operator init`: Shamir shares, a passphrase and/or a PKCS#11
// key, any of which rebuilds the root key (src/seal/seal-config.ts). Sealed, it collects unseal keys one at a time
// (progress k of M, a nonce per attempt, a wrong share refused without losing progress); unsealed, it holds the root
// key and wraps barrier keys with it. Each node unseals on its own: progress lives in this process only.
import { randomBytes } from 'node:crypto';
import type { RootOfTrust, SealStatus } from '../core/ports.js';
import { openWithPassphrase } from './passphrase-root.js';
import { openWithToken, type Pkcs11Settings } from './pkcs11-root.js';
import { RootKey } from './root-key.js';
import { parseSealConfig, rootOf, type SealConfig } from './seal-config.js';
import { combineShares, recogniseShare } from './shamir-root.js';
import { UnsealRejectedError } from './unseal-errors.js';

interface Attempt {
  nonce: string;
  shares: Buffer[];
}

export class ConfiguredRoot implements RootOfTrust {
  readonly kind = 'configured';
  private rootKey: RootKey | undefined;
  private attempt: Attempt | undefined;
  /** Submissions one at a time: two operators' shares never race on the attempt. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Why the last automatic unseal failed (a token or PIN problem), for the log; never secret. */
  autoUnsealError: string | undefined;

  /**
   * `storedConfig` reads the configuration in the store: a new barrier term is wrapped only if this node's root key is
   * still the installation's (a rekey on another node replaces it; this node must then be unsealed with the new shares).
   */
  constructor(private config: SealConfig, readonly pkcs11?: Pkcs11Settings, private readonly storedConfig?: () => Promise<string | undefined>) {}

  status(): SealStatus {
    const shamir = rootOf(this.config, 'shamir');
    return {
      sealed: this.rootKey === undefined, roots: this.config.roots.map((r) => r.type),
      progress: this.attempt?.shares.length ?? 0, threshold: shamir?.threshold ?? 0, shares: shamir?.shares ?? 0,
      nonce: this.attempt?.nonce ?? '',
    };
  }

  /** The configuration in force (rekey replaces it). */
  get sealConfig(): SealConfig {
    return this.config;
  }

  async autoUnseal(): Promise<boolean> {
    if (this.rootKey) return true;
    const root = rootOf(this.config, 'pkcs11');
    if (!root || !this.pkcs11) return false;
    try {
      this.install(openWithToken(root, this.pkcs11));
      this.autoUnsealError = undefined;
      return true;
    } catch (err) {
      this.autoUnsealError = (err as Error).message;
      return false;
    }
  }

  submit(key: string, nonce?: string): Promise<SealStatus> {
    const run = this.queue.then(() => this.submitNow(key, nonce));
    this.queue = run.catch(() => undefined);
    return run;
  }

  reset(): SealStatus {
    this.dropAttempt();
    return this.status();
  }

  seal(): void {
    this.dropAttempt();
    this.rootKey = undefined; // the KeyObject goes with it; its bytes were zeroed when it was made
  }

  async wrap(barrierKey: Buffer, term: number): Promise<Buffer> {
    const key = this.unsealedKey();
    const stored = await this.storedConfig?.();
    if (stored !== undefined && !key.matches(parseSealConfig(stored).rootKeyCheck)) {
      throw new Error('the installation was rekeyed on another node: seal this node and unseal it with the new shares before adding barrier keys');
    }
    return key.wrap(barrierKey, term);
  }

  async unwrap(wrapped: Buffer, term: number): Promise<Buffer> {
    return this.unsealedKey().unwrap(wrapped, term);
  }

  /** The root key while unsealed (rekey and init re-protect it); throws while sealed. */
  unsealedKey(): RootKey {
    if (!this.rootKey) throw new Error('the installation is sealed');
    return this.rootKey;
  }

  /** After a rekey: the new configuration and root key take over. */
  replace(config: SealConfig, rootKey: RootKey): void {
    this.config = config;
    this.rootKey = rootKey;
  }

  private async submitNow(key: string, nonce: string | undefined): Promise<SealStatus> {
    if (this.rootKey) return this.status();
    if (nonce !== undefined && nonce !== '' && nonce !== this.attempt?.nonce) {
      throw new UnsealRejectedError('the nonce does not match the unseal attempt in progress (it was reset or completed)', this.status());
    }
    const shamir = rootOf(this.config, 'shamir');
    const share = shamir ? recogniseShare(shamir, key) : undefined;
    if (share && shamir) return this.addShare(share, shamir.threshold);
    const passphrase = rootOf(this.config, 'passphrase');
    if (passphrase) {
      const raw = await openWithPassphrase(passphrase, key);
      if (raw) return this.unsealWith(raw);
    }
    throw new UnsealRejectedError(`the key is not ${shamir ? 'a share' : ''}${shamir && passphrase ? ' or ' : ''}${passphrase ? 'the passphrase' : ''} of this installation`, this.status());
  }

  private async addShare(share: Buffer, threshold: number): Promise<SealStatus> {
    this.attempt ??= { nonce: randomBytes(16).toString('hex'), shares: [] };
    if (this.attempt.shares.some((s) => s.equals(share))) {
      share.fill(0);
      throw new UnsealRejectedError('this share was already submitted in this attempt', this.status());
    }
    this.attempt.shares.push(share);
    if (this.attempt.shares.length < threshold) return this.status();
    const raw = await combineShares(this.attempt.shares);
    this.dropAttempt();
    return this.unsealWith(raw);
  }

  private unsealWith(raw: Buffer): SealStatus {
    const key = RootKey.fromBytes(raw);
    if (!key.matches(this.config.rootKeyCheck)) {
      throw new UnsealRejectedError('the submitted keys did not rebuild this installation\'s root key; start again', this.status());
    }
    this.install(key);
    return this.status();
  }

  private install(key: Buffer | RootKey): void {
    const rootKey = key instanceof RootKey ? key : RootKey.fromBytes(key);
    if (!rootKey.matches(this.config.rootKeyCheck)) throw new Error('the key opened is not this installation\'s root key');
    this.dropAttempt();
    this.rootKey = rootKey;
  }

  private dropAttempt(): void {
    for (const s of this.attempt?.shares ?? []) s.fill(0);
    this.attempt = undefined;
  }
}
