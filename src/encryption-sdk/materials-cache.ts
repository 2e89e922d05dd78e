// A bounded local cache of data keys for many small messages: an entry serves encryptions until it is older than
// maxAge, or has encrypted maxMessages messages or maxBytes bytes (spec framework/caching-cmm.md usage limits).
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/caching-cmm.md
import { needs } from './errors.js';
import type { EncryptionMaterials } from './materials.js';

export interface CacheLimits {
  maxAgeMs: number;
  /** The SDK's default and ceiling is 2^32 messages per data key. */
  maxMessages: number;
  maxBytes: number;
  /** Entries held at once (least recently added evicted first). */
  capacity: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxAgeMs: 60_000, maxMessages: 2 ** 32, maxBytes: Number.MAX_SAFE_INTEGER, capacity: 100 };

interface EncryptEntry { materials: EncryptionMaterials; createdAt: number; messages: number; bytes: number }
interface DecryptEntry { dataKey: Buffer; createdAt: number }

export class MaterialsCache {
  private readonly encrypt = new Map<string, EncryptEntry>();
  private readonly decrypt = new Map<string, DecryptEntry>();
  /** Counters a caller (and the tests) can read: how many lookups were served from the cache. */
  readonly stats = { encryptHits: 0, encryptMisses: 0, decryptHits: 0, decryptMisses: 0 };

  constructor(readonly limits: CacheLimits, private readonly now: () => number = Date.now) {
    needs(limits.maxAgeMs > 0, 'The cache max age must be above 0');
    needs(limits.maxMessages >= 1 && limits.maxMessages <= 2 ** 32, 'The cache max messages must be between 1 and 2^32');
    needs(limits.maxBytes >= 0, 'The cache max bytes must not be negative');
  }

  /** The cached materials if using them for one more message of `bytes` stays within every limit. */
  takeEncrypt(id: string, bytes: number): EncryptionMaterials | undefined {
    const e = this.encrypt.get(id);
    if (e && this.fresh(e.createdAt) && e.messages + 1 <= this.limits.maxMessages && e.bytes + bytes <= this.limits.maxBytes) {
      e.messages += 1;
      e.bytes += bytes;
      this.stats.encryptHits++;
      return e.materials;
    }
    if (e) this.evict(this.encrypt, id);
    this.stats.encryptMisses++;
    return undefined;
  }

  /** Caches fresh materials that were just used for one message of `bytes` (not cached if that alone is over a limit). */
  putEncrypt(id: string, materials: EncryptionMaterials, bytes: number): void {
    if (bytes > this.limits.maxBytes || this.limits.maxMessages < 2) return;
    this.insert(this.encrypt, id, { materials, createdAt: this.now(), messages: 1, bytes });
  }

  takeDecrypt(id: string): Buffer | undefined {
    const e = this.decrypt.get(id);
    if (e && this.fresh(e.createdAt)) {
      this.stats.decryptHits++;
      return e.dataKey;
    }
    if (e) this.evict(this.decrypt, id);
    this.stats.decryptMisses++;
    return undefined;
  }

  putDecrypt(id: string, dataKey: Buffer): void {
    this.insert(this.decrypt, id, { dataKey: Buffer.from(dataKey), createdAt: this.now() });
  }

  /** Zeroes and drops every cached data key. */
  clear(): void {
    for (const id of [...this.encrypt.keys()]) this.evict(this.encrypt, id);
    for (const id of [...this.decrypt.keys()]) this.evict(this.decrypt, id);
  }

  private fresh(createdAt: number): boolean {
    return this.now() - createdAt < this.limits.maxAgeMs;
  }

  private insert<E extends EncryptEntry | DecryptEntry>(map: Map<string, E>, id: string, entry: E): void {
    if (map.has(id)) this.evict(map, id);
    while (map.size >= this.limits.capacity) this.evict(map, map.keys().next().value as string);
    map.set(id, entry);
  }

  private evict(map: Map<string, EncryptEntry | DecryptEntry>, id: string): void {
    const e = map.get(id);
    if (!e) return;
    ('materials' in e ? e.materials.dataKey : e.dataKey).fill(0);
    map.delete(id);
  }
}
