// The ports the core needs from the outside world: storage, time, audit and the root of trust.
import type {
  AccessKeyRecord, AliasRecord, AuditRecord, KeyRecord, KeyVersionRecord, PrincipalRecord, Tag,
} from './model.js';

/** Injectable time. The test clock (dev mode) moves `now()` forward; SigV4 always uses real time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A page of a listing: `next` is the opaque position to continue from, absent on the last page. */
export interface Page<T> {
  items: T[];
  next?: string | undefined;
}

/**
 * Persistent state. Every method is async so that a network database (PostgreSQL) implements the same
 * interface as the embedded SQLite. Writes that must happen together are single methods (one transaction).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;

  getMeta(name: string): Promise<string | undefined>;
  /** Sets the value only if absent; returns the value now stored (so concurrent initialisers agree). */
  initMeta(name: string, value: string): Promise<string>;

  getBarrierKeys(): Promise<{ term: number; wrapped: Buffer }[]>;
  addBarrierKey(term: number, wrapped: Buffer): Promise<void>;

  createPrincipal(p: PrincipalRecord, key: AccessKeyRecord): Promise<void>;
  listAccessKeys(): Promise<AccessKeyRecord[]>;
  getPrincipal(arn: string): Promise<PrincipalRecord | undefined>;

  createKey(key: KeyRecord, version: KeyVersionRecord, tags: Tag[]): Promise<void>;
  getKey(keyId: string): Promise<KeyRecord | undefined>;
  getKeyVersions(keyId: string): Promise<KeyVersionRecord[]>;
  /** Keys ordered by creation, after the position `after` (from a previous page). */
  listKeys(limit: number, after?: string): Promise<Page<KeyRecord>>;
  getTags(keyId: string): Promise<Tag[]>;

  getAlias(aliasName: string): Promise<AliasRecord | undefined>;

  /** Appends audit records in one durable transaction; resolves only once they are on stable storage. */
  appendAudit(records: AuditRecord[]): Promise<void>;
  /** The newest audit record (to continue the hash chain after a restart). */
  lastAudit(): Promise<AuditRecord | undefined>;
  readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]>;
}

/** Where the barrier key's protection comes from: a dev key file, Shamir shares, a passphrase, an HSM. */
export interface RootOfTrust {
  readonly kind: string;
  /** Encrypts a barrier key for storage. */
  wrap(barrierKey: Buffer): Promise<Buffer>;
  /** Decrypts a stored barrier key; throws if this root cannot. */
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

/** Receives every audit record; the promise resolves once the record is durable (fail closed otherwise). */
export interface AuditSink {
  append(record: Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>): Promise<void>;
}
