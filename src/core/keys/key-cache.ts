// In-memory cache of key records and their unsealed material (as KeyObjects), so the data plane never waits on
// the database. Bounded (LRU); entries are invalidated by every change made here or reported by the store.
import type { KeyObject } from 'node:crypto';
import type { Barrier } from '../secrets/barrier.js';
import { purpose } from '../secrets/barrier.js';
import { versionKeys } from './key-material.js';
import { isMultiRegionKeyId, replicaStoreId } from './arn.js';
import type { AsymmetricMaterial } from './key-spec-crypto.js';
import type { KeyLifecycle, VersionLifecycle } from '../lifecycle/lifecycle-model.js';
import type { GrantRecord, KeyRecord } from '../model.js';
import type { Store } from '../ports.js';
import type { ExternalAead } from '../../crypto/aead.js';
import type { CustomKeyStoreBackend } from '../custom-key-stores/backend.js';

export interface VersionMaterial {
  version: number;
  materialId: string;
  /** Epoch ms the version was created (a cryptoperiod counts from it). */
  createdAt: number;
  /** The AES or HMAC secret or private key; for a custom key store's key, AES-GCM inside its token. */
  key: KeyObject | ExternalAead;
  /** Asymmetric keys only: the parsed pair and its DER SPKI (core/keys/key-spec-crypto.ts). */
  asym?: AsymmetricMaterial;
}

/** A version's key held by this process (every key but a custom key store's, which only encrypt and decrypt). */
export function softwareKey(v: VersionMaterial): KeyObject {
  if ('external' in v.key) throw new Error('a custom key store key has no key object in this process');
  return v.key;
}

export interface CachedKey {
  record: KeyRecord;
  /** Versions with material (a destroyed version has none). */
  versions: Map<number, VersionMaterial>;
  /** The key's grants, read once when authorization first needs them (dropped with the entry on any change). */
  grants?: Promise<GrantRecord[]> | undefined;
  /** Keyward's lifecycle records of the key, when it has any (core/lifecycle/lifecycle-model.ts). */
  lifecycle?: CachedLifecycle | undefined;
}

export interface CachedLifecycle {
  key?: KeyLifecycle | undefined;
  versions: ReadonlyMap<number, VersionLifecycle>;
}

export class KeyCache {
  private readonly entries = new Map<string, CachedKey>();
  private readonly loading = new Map<string, Promise<CachedKey | undefined>>();
  /** Alias name → store id of its target, per Region (aliases are per Region). */
  private readonly aliases = new Map<string, Map<string, string>>();
  private aliasCount = 0;
  private epoch = 0;

  constructor(
    private readonly store: Store, private readonly barrier: Barrier, private readonly hsm?: CustomKeyStoreBackend, private readonly capacity = 10_000,
  ) {}

  /** The key and its material, or undefined if no such key exists. */
  async get(keyId: string): Promise<CachedKey | undefined> {
    const hit = this.cached(keyId);
    if (hit) return hit;
    let pending = this.loading.get(keyId);
    if (!pending) {
      pending = this.load(keyId).finally(() => this.loading.delete(keyId));
      this.loading.set(keyId, pending);
    }
    return pending;
  }

  /** The key if it is cached (refreshing its LRU position), without waiting: the data plane's fast path. */
  cached(keyId: string): CachedKey | undefined {
    const hit = this.entries.get(keyId);
    if (hit) {
      this.entries.delete(keyId);
      this.entries.set(keyId, hit);
    }
    return hit;
  }

  /**
   * The key with this key id in a Region, without waiting when it is cached. A key CreateKey made is stored under its
   * key id (in whichever Region); a multi-Region replica under `<key id>/<Region>` (core/keys/arn.ts), so a key id of
   * another Region's single-Region key finds nothing here.
   */
  inRegion(keyId: string, region: string): CachedKey | undefined | Promise<CachedKey | undefined> {
    const hit = this.cached(keyId);
    if (hit !== undefined && hit.record.region === region) return hit;
    if (isMultiRegionKeyId(keyId)) {
      const replica = this.cached(replicaStoreId(keyId, region));
      if (replica !== undefined) return replica;
    }
    return this.findInRegion(keyId, region, hit);
  }

  private async findInRegion(keyId: string, region: string, hit: CachedKey | undefined): Promise<CachedKey | undefined> {
    const own = hit ?? (await this.get(keyId));
    if (own !== undefined && own.record.region === region) return own;
    return isMultiRegionKeyId(keyId) ? this.get(replicaStoreId(keyId, region)) : undefined;
  }

  /** Forgets a key, and every alias mapping (alias changes are rare; any key change may move an alias). */
  invalidate(keyId: string): void {
    this.entries.delete(keyId);
    this.forgetAliases();
    this.epoch++;
  }

  /** Forgets everything (e.g. after a change feed lost its connection and may have missed notifications). */
  clear(): void {
    this.entries.clear();
    this.forgetAliases();
    this.epoch++;
  }

  private forgetAliases(): void {
    this.aliases.clear();
    this.aliasCount = 0;
  }

  /**
   * The grants of a key (every page), kept with its cache entry: grant changes announce the key on the change feed, so
   * the entry, and its grants, are dropped on every node; the node that changed a grant drops it at once.
   */
  grantsOf(entry: CachedKey): Promise<GrantRecord[]> {
    entry.grants ??= this.loadGrants(entry.record.keyId).catch((err) => {
      entry.grants = undefined; // the next request reads them again
      throw err;
    });
    return entry.grants;
  }

  private async loadGrants(keyId: string): Promise<GrantRecord[]> {
    const out: GrantRecord[] = [];
    for (let after: string | undefined; ;) {
      const page = await this.store.listGrants(keyId, 1000, after);
      out.push(...page.items);
      if (page.next === undefined) return out;
      after = page.next;
    }
  }

  /** The store id of the key an alias of a Region points at (cached), or undefined if no such alias exists. */
  async aliasTarget(aliasName: string, region: string): Promise<string | undefined> {
    const hit = this.aliases.get(region)?.get(aliasName);
    if (hit !== undefined) return hit;
    const epoch = this.epoch;
    const alias = await this.store.getAlias(aliasName, region);
    if (alias && epoch === this.epoch && this.aliasCount < this.capacity) {
      let names = this.aliases.get(region);
      if (names === undefined) this.aliases.set(region, (names = new Map()));
      names.set(aliasName, alias.targetKeyId);
      this.aliasCount++;
    }
    return alias?.targetKeyId;
  }

  private async load(keyId: string): Promise<CachedKey | undefined> {
    const epoch = this.epoch;
    const record = await this.store.getKey(keyId);
    if (!record) return undefined;
    const [rows, snapshot] = await Promise.all([this.store.getKeyVersions(keyId), this.store.lifecycle.keys.read(keyId)]);
    const versions = new Map<number, VersionMaterial>();
    for (const v of rows) {
      if (v.sealedMaterial.length === 0) continue; // destroyed (ScheduleKeyVersionDestruction): the row stays, the material is gone
      const raw = await this.barrier.openFresh(purpose.keyMaterial(keyId, v.version), v.sealedMaterial);
      // A custom key store's key: the sealed value is the token object's CKA_ID; the material never leaves the token.
      const keys = record.customKeyStoreId !== undefined && this.hsm
        ? { key: this.hsm.aead(record.customKeyStoreId, Buffer.from(raw)) } : versionKeys(record.keySpec, raw);
      versions.set(v.version, { version: v.version, materialId: v.materialId, createdAt: v.createdAt, ...keys });
      raw.fill(0);
    }
    const lifecycle = snapshot.key || snapshot.versions.length > 0
      ? { key: snapshot.key, versions: new Map(snapshot.versions.map((v) => [v.version, v])) } : undefined;
    const entry: CachedKey = { record, versions, lifecycle };
    if (epoch === this.epoch) this.remember(keyId, entry); // a change raced the load: do not cache stale data
    return entry;
  }

  private remember(keyId: string, entry: CachedKey): void {
    this.entries.set(keyId, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
