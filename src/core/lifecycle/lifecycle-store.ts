// The persistence port of Keyward's lifecycle beyond AWS (Store.lifecycle): key and version lifecycle records, usage
// reservations and counters, and the lifecycle events with their webhook deliveries. Implemented by
// store/sqlite/lifecycle-*.ts and store/postgres/lifecycle-*.ts; test/contract/lifecycle-contract.ts covers both.
import type { KeyRecord } from '../model.js';
import type { Page } from '../ports.js';
import type {
  KeyLifecycle, LifecycleEvent, LifecycleSnapshot, Reservation, UsageCounter, VersionLifecycle,
} from './lifecycle-model.js';

export interface LifecycleStore {
  readonly keys: KeyLifecycleStore;
  readonly usage: UsageStore;
  readonly events: EventStore;
}

/** One atomic lifecycle change of a key (KeyLifecycleStore.change). */
export interface LifecycleChange {
  /** The key's lifecycle record to store (null: remove it); absent: leave it. */
  key?: KeyLifecycle | null | undefined;
  /** Version records to insert or replace. */
  versions?: VersionLifecycle[] | undefined;
  /** Versions whose material is shredded (overwritten, then emptied; the version row stays, without material). */
  shredVersions?: number[] | undefined;
  /** Aliases of the key to delete (ArchiveKey with RemoveAliases). */
  removeAliases?: string[] | undefined;
}

export interface KeyLifecycleStore {
  read(keyId: string): Promise<LifecycleSnapshot>;
  /**
   * Writes `next` (revision expectedRevision + 1) and `change` in one transaction if the key's stored revision is still
   * `expectedRevision`, so lifecycle changes, AWS operations and the scheduler never lose each other's writes.
   */
  change(next: KeyRecord, expectedRevision: number, change: LifecycleChange): Promise<boolean>;
  /** Keys whose lifecycle work is due at `now`, or whose cryptoperiod plan predates their current revision. */
  dueKeys(now: number, limit: number): Promise<string[]>;
  /** Stores a new plan (next due time for the key revision it was made for) unless the record changed meanwhile. */
  replan(keyId: string, fromRevision: number, nextDueAt: number | undefined, plannedRevision: number): Promise<boolean>;
  /** Enabled keys with an automatic rotation due by `horizon` whose notice for that rotation was not recorded. */
  dueRotationNotices(horizon: number, limit: number): Promise<KeyRecord[]>;
  /** Records that the notice of the rotation due at `rotationAt` was given; false if it already was (one notice). */
  markRotationNotice(keyId: string, rotationAt: number): Promise<boolean>;
}

export interface UsageStore {
  /**
   * Reserves up to `want` AES-GCM invocations of a key version without the total passing `limit`, atomically across
   * processes and nodes; returns the reserved total before and after, or undefined if the key no longer exists.
   */
  reserve(keyId: string, version: number, want: number, limit: number): Promise<{ before: number; after: number } | undefined>;
  /** Gives back `count` reserved invocations that will never be used (a process dropping its unused range). */
  release(keyId: string, version: number, count: number): Promise<void>;
  /** Sets the warned or exhausted time once; true only for the caller that set it. */
  mark(keyId: string, version: number, flag: 'warned' | 'exhausted', at: number): Promise<boolean>;
  /** Reservations at or past `threshold` whose `flag` is not set yet. */
  unmarked(flag: 'warned' | 'exhausted', threshold: number, limit: number): Promise<Reservation[]>;
  reservations(keyId: string): Promise<Reservation[]>;
  counters(keyId: string): Promise<UsageCounter[]>;
}

/** The audit follower's unit of work: audit records (fromSeq, toSeq] turned into counters and events. */
export interface AuditBatch {
  fromSeq: number;
  toSeq: number;
  /** Increments (count, bytes) and last use per (key, version, operation); keys deleted meanwhile are skipped. */
  usage: UsageCounter[];
  events: LifecycleEvent[];
}

export interface EventFilter {
  keyArn?: string | undefined;
  types?: readonly string[] | undefined;
}

export type DeliveryResult =
  | { delivered: true; at: number }
  | { delivered: false; error: string; nextAttemptAt?: number | undefined };

export interface EventStore {
  /** The seq of the last audit record the follower has processed. */
  position(): Promise<number>;
  /** Applies a batch if the follower is still at `fromSeq` (else another process got there first: false). */
  apply(batch: AuditBatch): Promise<boolean>;
  list(filter: EventFilter, limit: number, after?: string): Promise<Page<LifecycleEvent>>;
  /**
   * Claims up to `limit` PENDING events due at `now` (service clock) and not claimed by a live holder at `realNow`,
   * for `holder` until `claimUntil` (real time): one node delivers each event at a time.
   */
  claim(now: number, realNow: number, holder: string, claimUntil: number, limit: number): Promise<LifecycleEvent[]>;
  /** Records an attempt by the holder of the claim: DELIVERED, a retry at nextAttemptAt, or FAILED (no next attempt). */
  finish(seq: number, holder: string, result: DeliveryResult): Promise<boolean>;
}
