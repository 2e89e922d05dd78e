// Rekey (`keyward operator rekey`, after Vault's sys/rekey): new Shamir shares and/or threshold, authorised by a quorum
// of the current shares, submitted one at a time under a nonce like unsealing. On completion a new root key replaces
// the old one: the barrier keys are re-wrapped under it and the seal configuration replaced in one transaction, so the
// old shares open nothing any more. The passphrase root (its passphrase given when the rekey starts) and the PKCS#11
// root (this node's token) are re-protected too. Other nodes keep serving with the barrier keys they hold; they need
// the new shares the next time they unseal.
import { randomBytes } from 'node:crypto';
import type { Store } from '../core/ports.js';
import type { ConfiguredRoot } from './configured-root.js';
import { openWithPassphrase, protectWithPassphrase } from './passphrase-root.js';
import { protectWithToken, type Pkcs11Settings } from './pkcs11-root.js';
import { RootKey } from './root-key.js';
import { rootOf, SEAL_CONFIG_META, type RootConfig, type SealConfig } from './seal-config.js';
import { checkShareCounts, combineShares, recogniseShare, splitRootKey } from './shamir-root.js';

export class RekeyError extends Error {}

export interface RekeyStatus {
  started: boolean;
  nonce: string;
  progress: number;
  /** Current shares needed to authorise it. */
  required: number;
  newShares: number;
  newThreshold: number;
}

interface Attempt {
  nonce: string;
  shares: Buffer[];
  newShares: number;
  newThreshold: number;
  passphrase?: string | undefined;
}

export class Rekey {
  private attempt: Attempt | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly root: ConfiguredRoot, private readonly store: Store, private readonly pkcs11?: Pkcs11Settings) {}

  status(): RekeyStatus {
    const a = this.attempt;
    return {
      started: a !== undefined, nonce: a?.nonce ?? '', progress: a?.shares.length ?? 0,
      required: rootOf(this.root.sealConfig, 'shamir')?.threshold ?? 0, newShares: a?.newShares ?? 0, newThreshold: a?.newThreshold ?? 0,
    };
  }

  /** Starts an attempt (one at a time); `passphrase` is required when the installation has a passphrase root. */
  async start(newShares: number, newThreshold: number, passphrase?: string): Promise<RekeyStatus> {
    if (this.attempt) throw new RekeyError('a rekey is already in progress: finish or cancel it first');
    const config = this.root.sealConfig;
    if (!rootOf(config, 'shamir')) throw new RekeyError('this installation has no Shamir root to rekey');
    try {
      checkShareCounts(newShares, newThreshold);
    } catch (err) {
      throw new RekeyError((err as Error).message);
    }
    const pass = rootOf(config, 'passphrase');
    if (pass) {
      const opened = passphrase === undefined ? undefined : await openWithPassphrase(pass, passphrase);
      if (!opened) throw new RekeyError('this installation also has a passphrase root: give its passphrase to keep it');
      opened.fill(0);
    }
    if (rootOf(config, 'pkcs11') && !this.pkcs11) throw new RekeyError('this installation has a PKCS#11 root: rekey on a node configured with its token');
    this.attempt = { nonce: randomBytes(16).toString('hex'), shares: [], newShares, newThreshold, passphrase: pass ? passphrase : undefined };
    return this.status();
  }

  cancel(): RekeyStatus {
    for (const s of this.attempt?.shares ?? []) s.fill(0);
    this.attempt = undefined;
    return this.status();
  }

  /** Submits one current share; on the last one, performs the rekey and returns the new shares (printed once). */
  submit(key: string, nonce: string): Promise<{ status: RekeyStatus; shares?: string[] }> {
    const run = this.queue.then(() => this.submitNow(key, nonce));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async submitNow(key: string, nonce: string): Promise<{ status: RekeyStatus; shares?: string[] }> {
    const a = this.attempt;
    if (!a || a.nonce !== nonce) throw new RekeyError('no rekey attempt with this nonce is in progress');
    const shamir = rootOf(this.root.sealConfig, 'shamir')!;
    const share = recogniseShare(shamir, key);
    if (!share) throw new RekeyError('the key is not a current share of this installation');
    if (a.shares.some((s) => s.equals(share))) throw new RekeyError('this share was already submitted in this attempt');
    a.shares.push(share);
    if (a.shares.length < shamir.threshold) return { status: this.status() };
    const combined = RootKey.fromBytes(await combineShares(a.shares));
    this.cancel();
    if (!combined.matches(this.root.sealConfig.rootKeyCheck)) throw new RekeyError('the shares did not rebuild the root key; start again');
    return { status: this.status(), shares: await this.perform(combined, a) };
  }

  private async perform(old: RootKey, a: Attempt): Promise<string[]> {
    const fresh = RootKey.generate();
    const raw = fresh.export();
    const oldConfig = this.root.sealConfig;
    const roots: RootConfig[] = [];
    let shares: string[];
    try {
      const split = await splitRootKey(raw, a.newShares, a.newThreshold);
      shares = split.shares;
      roots.push(split.config);
      if (a.passphrase !== undefined) roots.push(await protectWithPassphrase(raw, a.passphrase));
      if (rootOf(oldConfig, 'pkcs11') && this.pkcs11) roots.push(protectWithToken(raw, this.pkcs11));
    } finally {
      raw.fill(0);
    }
    const wraps = (await this.store.getBarrierKeys()).map(({ term, wrapped }) => {
      const bk = old.unwrap(wrapped, term);
      const next = fresh.wrap(bk, term);
      bk.fill(0);
      return { term, wrapped: next };
    });
    const config: SealConfig = { version: 1, createdAt: oldConfig.createdAt, rootKeyCheck: fresh.check(), roots };
    const expected = await this.store.getMeta(SEAL_CONFIG_META);
    if (expected !== JSON.stringify(oldConfig) || !(await this.store.seal.replaceSealConfig(SEAL_CONFIG_META, expected, JSON.stringify(config), wraps))) {
      throw new RekeyError('the seal configuration changed meanwhile (another rekey?): nothing was changed');
    }
    this.root.replace(config, fresh);
    return shares;
  }
}
