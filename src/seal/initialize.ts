// `keyward operator init`: a new installation's root key, protected by each root asked for (Shamir shares, a
// passphrase, a PKCS#11 token key), its first barrier key, and its first administrator. The shares and the
// administrator's secret are returned once and stored nowhere (the secret only barrier-sealed).
import { createFirstAdministrator, generateAccessKey } from '../identity/first-administrator.js';
import type { IdentityStore } from '../identity/ports.js';
import { auditSystemEvent } from '../core/lifecycle/system-audit.js';
import type { Store } from '../core/ports.js';
import { Barrier } from '../core/secrets/barrier.js';
import { randomBytes } from 'node:crypto';
import { protectWithPassphrase } from './passphrase-root.js';
import { protectWithToken, type Pkcs11Settings } from './pkcs11-root.js';
import { RootKey } from './root-key.js';
import { SEAL_CONFIG_META, type RootConfig, type SealConfig } from './seal-config.js';
import { checkShareCounts, splitRootKey } from './shamir-root.js';
import { checkPassphrase } from './passphrase-root.js';

export interface InitOptions {
  shares?: { count: number; threshold: number } | undefined;
  passphrase?: string | undefined;
  pkcs11?: Pkcs11Settings | undefined;
  accountId: string;
  region: string;
  now: number;
}

export interface InitResult {
  shares: string[];
  threshold: number;
  accessKeyId: string;
  secretAccessKey: string;
  roots: string[];
}

export class AlreadyInitialisedError extends Error {}

/** Checks the options before anything is generated (a token key is created only when everything else is right). */
export function checkInitOptions(o: InitOptions): void {
  if (!o.shares && o.passphrase === undefined && !o.pkcs11) throw new RangeError('name at least one root: --shares/--threshold, a passphrase, or --pkcs11-*');
  if (o.shares) checkShareCounts(o.shares.count, o.shares.threshold);
  if (o.passphrase !== undefined) checkPassphrase(o.passphrase);
}

export async function initializeInstallation(store: Store & { readonly identity: IdentityStore }, o: InitOptions): Promise<InitResult> {
  checkInitOptions(o);
  if ((await store.getMeta(SEAL_CONFIG_META)) !== undefined || (await store.getBarrierKeys()).length > 0 || (await store.identity.snapshot()).accessKeys.length > 0) {
    throw new AlreadyInitialisedError('this installation is already initialised (it has roots of trust, barrier keys or an administrator)');
  }
  const rootKey = RootKey.generate();
  const raw = rootKey.export();
  const roots: RootConfig[] = [];
  let shares: string[] = [];
  try {
    if (o.shares) {
      const split = await splitRootKey(raw, o.shares.count, o.shares.threshold);
      shares = split.shares;
      roots.push(split.config);
    }
    if (o.passphrase !== undefined) roots.push(await protectWithPassphrase(raw, o.passphrase));
    if (o.pkcs11) roots.push(protectWithToken(raw, o.pkcs11));
  } finally {
    raw.fill(0);
  }
  const config: SealConfig = { version: 1, createdAt: o.now, rootKeyCheck: rootKey.check(), roots };
  const text = JSON.stringify(config);
  if ((await store.initMeta(SEAL_CONFIG_META, text)) !== text) throw new AlreadyInitialisedError('another operator initialised this installation at the same time');
  const barrier = new Barrier();
  const barrierKey = randomBytes(32);
  await store.addBarrierKey(1, rootKey.wrap(barrierKey, 1));
  barrier.install(1, barrierKey); // zeroes barrierKey
  const key = generateAccessKey();
  await createFirstAdministrator(store.identity, barrier, { accountId: o.accountId, region: o.region }, key, o.now);
  barrier.clear();
  await auditSystemEvent({ append: async (e) => void (await store.appendAudit([e])) }, o.now, 'InitializeInstallation', {
    roots: roots.map((r) => r.type), ...(o.shares ? { shares: o.shares.count, threshold: o.shares.threshold } : {}), administrator: key.accessKeyId,
  });
  return { shares, threshold: o.shares?.threshold ?? 0, ...key, roots: roots.map((r) => r.type) };
}
