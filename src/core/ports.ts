// The ports the core needs from the outside world: storage, time, audit and the root of trust.
import type {
  AuditEntry, AuditLink, AliasRecord, AuditCheckpoint, AuditRecord, GrantRecord, ImportedMaterialRecord, ImportTokenRecord, KeyRecord,
  KeyVersionRecord, Tag,
} from './model.js';
import type { SealStore } from './secrets/seal-store.js';
import type { CustomKeyStoreStore } from './custom-key-stores/custom-key-store-store.js';
import type { LifecycleStore } from './lifecycle/lifecycle-store.js';
import type { AlertStore } from './anomaly/alert-model.js';
import type { ApprovalRequest, ApprovalRule, RequestFilter } from '../approvals/approval-model.js';
import type { DestructionStore } from './destruction/destruction-store.js';

/** Which audit records a search returns (all given criteria hold); newest first, before `beforeSeq` when paging. */
export interface AuditFilter {
  startTime?: number | undefined;
  endTime?: number | undefined;
  /** Record operation names (`Encrypt`, `iam:CreateUser`, `sts:AssumeRole`). */
  operations?: readonly string[] | undefined;
  principal?: string | undefined;
  keyArn?: string | undefined;
  accessKeyId?: string | undefined;
  requestId?: string | undefined;
  /** An error code, or '*' for any failure. */
  errorCode?: string | undefined;
  /** A text the record's details contain (an HMAC of a value: `keyward audit hash`). */
  detailsContain?: string | undefined;
  /** The caller's name: principal ARNs ending in `/<name>` (CloudTrail's Username). */
  principalName?: string | undefined;
  /** Records whose chain hash starts with this (an eventID without its dashes). */
  hashPrefix?: string | undefined;
  beforeSeq?: number | undefined;
}

/**
 * Audit records as events and sensitive values as their HMAC (src/audit/events, wired by the server): what LookupEvents
 * and HashAuditValue answer. A port, because the event shape lives in the audit layer above the core.
 */
export interface AuditEventView {
  /** The record as a CloudTrail event. */
  event(record: AuditRecord): Record<string, unknown> & { eventID: string; eventName: string; eventSource: string; eventTime: string };
  /** `hmac-sha256:<hex>` of a value under the installation's audit key. */
  hash(value: string): string;
}

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
  /** Barrier rotation and rekey (core/secrets/seal-store.ts). */
  readonly seal: SealStore;
  /** Custom key stores (core/custom-key-stores/custom-key-store-store.ts). */
  readonly customKeyStores: CustomKeyStoreStore;
  /** Keyward's lifecycle beyond AWS: version state, archival, cryptoperiods, usage, events (core/lifecycle/lifecycle-store.ts). */
  readonly lifecycle: LifecycleStore;
  /** Anomaly alerts and the detectors' learned facts (core/anomaly/alert-model.ts). */
  readonly alerts: AlertStore;
  /** Multi-party approval rules and requests (src/approvals, core/approval-gate.ts). */
  readonly approvals: ApprovalStore;
  /** Verifiable destruction: scan reports, destruction receipts, the residue search (core/destruction/destruction-store.ts). */
  readonly destruction: DestructionStore;
  migrate(): Promise<void>;
  close(): Promise<void>;

  getMeta(name: string): Promise<string | undefined>;
  /** Sets the value only if absent; returns the value now stored (so concurrent initialisers agree). */
  initMeta(name: string, value: string): Promise<string>;

  getBarrierKeys(): Promise<{ term: number; wrapped: Buffer }[]>;
  addBarrierKey(term: number, wrapped: Buffer): Promise<void>;

  /**
   * Creates a key with its first version, or with none (an EXTERNAL key awaiting its imported material). With `alias`,
   * the alias is created in the same transaction: if its name exists, nothing is written and StoreConflictError is
   * thrown (so concurrent creators of an AWS-managed key leave exactly one key).
   */
  createKey(key: KeyRecord, version: KeyVersionRecord | readonly KeyVersionRecord[] | undefined, tags: Tag[], alias?: AliasRecord): Promise<void>;
  getKey(keyId: string): Promise<KeyRecord | undefined>;
  getKeyVersions(keyId: string): Promise<KeyVersionRecord[]>;
  /** Keys ordered by creation, after the position `after` (from a previous page); only one Region's when given. */
  listKeys(limit: number, after?: string, region?: string): Promise<Page<KeyRecord>>;
  /**
   * The copies of a multi-Region key in the given Regions (its key id, and the store ids `<key id>/<Region>` of its
   * replicas, core/keys/arn.ts: an index lookup each), in creation order; empty when none exists.
   */
  relatedKeys(keyId: string, regions: readonly string[]): Promise<KeyRecord[]>;
  /**
   * Writes several keys in one transaction, each under its own revision check, adding a version to those that carry
   * one: all or nothing (false, and nothing written, if any revision moved). Multi-Region keys share their material
   * and rotation, so a rotation or a change of primary writes every copy at once.
   */
  updateKeys(changes: readonly KeyUpdate[]): Promise<boolean>;
  getTags(keyId: string): Promise<Tag[]>;

  /**
   * Replaces a key record if its stored revision is still `expectedRevision` (optimistic concurrency: the caller
   * re-reads and retries on false). `next.revision` must be expectedRevision + 1.
   */
  updateKey(next: KeyRecord, expectedRevision: number): Promise<boolean>;
  /** Adds a key version and makes it current, in one transaction, under the same revision check. */
  addKeyVersion(next: KeyRecord, expectedRevision: number, version: KeyVersionRecord): Promise<boolean>;
  /**
   * Destroys a key if its stored revision is still `expectedRevision` (so a concurrent CancelKeyDeletion wins):
   * its versions (material overwritten first), aliases, tags and grants, leaving no copy in the database files.
   */
  deleteKey(keyId: string, expectedRevision: number): Promise<boolean>;
  /** Keys whose lifecycle work is due at `now`: deletions (PendingDeletion past DeletionDate), rotations. */
  dueKeys(now: number, limit: number): Promise<KeyRecord[]>;

  /** Stores a GetParametersForImport answer. */
  putImportToken(token: ImportTokenRecord): Promise<void>;
  getImportToken(tokenHash: string): Promise<ImportTokenRecord | undefined>;
  /**
   * Shreds the wrapping private keys of tokens expired at `now` (the token row stays, so a late use is told
   * "expired"), and forgets tokens expired before `forgetBefore`. Returns how many rows changed.
   */
  purgeImportTokens(now: number, forgetBefore: number): Promise<number>;
  /** The imported materials of an EXTERNAL key, by version. */
  getImportedMaterials(keyId: string): Promise<ImportedMaterialRecord[]>;
  /**
   * Changes a key's imported material in one transaction, if the key's stored revision is still `expectedRevision`:
   * writes `next`, upserts the `upsert` records, inserts `addVersion` (replacing a row of that version), shreds
   * (overwrites, then deletes) the key-version rows of `shredVersions`, deletes the import records of `dropImports`,
   * and for `rotateTo` stamps that version as an ON_DEMAND rotation at `at`.
   */
  changeImportedMaterial(next: KeyRecord, expectedRevision: number, change: ImportedMaterialChange): Promise<boolean>;
  /** Present imported materials whose ValidTo is at or before `now`. */
  dueMaterialExpiries(now: number, limit: number): Promise<ImportedMaterialRecord[]>;

  /** Adds or overwrites tags (insertion order kept for new keys). */
  putTags(keyId: string, tags: Tag[]): Promise<void>;
  removeTags(keyId: string, tagKeys: string[]): Promise<void>;

  /** Aliases are per Region (AWS: unique per account and Region). */
  getAlias(aliasName: string, region: string): Promise<AliasRecord | undefined>;
  /** Creates an alias; throws StoreConflictError if the name exists in its Region. */
  createAlias(alias: AliasRecord): Promise<void>;
  /** Re-points an existing alias; false if it does not exist. */
  updateAlias(aliasName: string, region: string, targetKeyId: string, now: number): Promise<boolean>;
  deleteAlias(aliasName: string, region: string): Promise<boolean>;
  /** Aliases ordered by name: those of one key, or of one Region, or (neither given) all. */
  listAliases(limit: number, after?: string, keyId?: string, region?: string): Promise<Page<AliasRecord>>;
  countAliases(keyId: string): Promise<number>;
  /** How many keys are in each (key state, key spec): the metrics' key gauge. */
  countKeysByStateAndSpec(): Promise<{ state: string; spec: string; count: number }[]>;

  /**
   * Creates a grant unless its key already has `maxPerKey` grants ('limit'), serialised per key so concurrent
   * creators cannot overshoot; 'missing' when the key was deleted meanwhile. A named grant whose fingerprint the key
   * already has → StoreConflictError.
   */
  createGrant(grant: GrantRecord, maxPerKey: number): Promise<'created' | 'limit' | 'missing'>;
  getGrant(grantId: string): Promise<GrantRecord | undefined>;
  /** The key's named grant with this fingerprint (CreateGrant's Name idempotency). */
  findGrant(keyId: string, fingerprint: string): Promise<GrantRecord | undefined>;
  /** A key's grants in creation order, optionally only one grant id and/or one grantee principal. */
  listGrants(keyId: string, limit: number, after?: string, filter?: GrantFilter): Promise<Page<GrantRecord>>;
  /** Grants on any key whose retiring principal (or retiring service principal) is the given one, in creation order. */
  listRetirableGrants(retiring: RetiringFilter, limit: number, after?: string): Promise<Page<GrantRecord>>;
  /** Deletes one grant of a key; false if the key has no such grant. */
  deleteGrant(keyId: string, grantId: string): Promise<boolean>;

  setMeta(name: string, value: string): Promise<void>;

  /** The newest successful audit record of one of `operations` on a key (GetKeyLastUsage). */
  lastUse(keyArn: string, operations: readonly string[]): Promise<AuditRecord | undefined>;

  /**
   * Appends audit entries in one durable transaction, numbering and hash-chaining them after the stored head
   * under the store's write lock (so several processes or nodes extend one chain); resolves only once they are
   * on stable storage. Reports where each entry landed in the chain, in order.
   */
  appendAudit(entries: AuditEntry[]): Promise<AuditLink[]>;
  /** The newest audit record. */
  lastAudit(): Promise<AuditRecord | undefined>;
  readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  /** Audit records matching the filter, newest first (src/store/audit-search.ts). */
  searchAudit(filter: AuditFilter, limit: number): Promise<AuditRecord[]>;

  /**
   * Stores a signed audit checkpoint unless one exists at or beyond its seq (nodes racing on one head, or a node with
   * a stale head, store nothing); returns whether it was stored.
   */
  addAuditCheckpoint(cp: AuditCheckpoint): Promise<boolean>;
  /** The checkpoint with the highest seq. */
  lastAuditCheckpoint(): Promise<AuditCheckpoint | undefined>;
  /** Checkpoints in seq order after `afterSeq`. */
  readAuditCheckpoints(afterSeq: number, limit: number): Promise<AuditCheckpoint[]>;

  /**
   * The change feed for caches across processes and nodes: `listener(keyId)` is called after any committed change to
   * a key, its versions, tags, aliases or imported material (by any process, this one included; possibly more than
   * once). `onReset` is called when changes may have been missed (a lost connection, a pruned feed): forget
   * everything. Returns a function that stops watching.
   */
  watchKeyChanges(listener: (keyId: string) => void, onReset?: () => void): () => void;
  /**
   * A cluster-wide lease: acquires `name` for `holder` until `now + ttlMs` if it is free or expired at `now`, or
   * renews it if `holder` holds it; false if another holder has it. `now` is real time (never the test clock).
   */
  tryLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  /** Gives a lease up if `holder` holds it (graceful shutdown: another node takes over at once). */
  releaseLease(name: string, holder: string): Promise<void>;
  /** Adds `delta` to an integer meta value (absent counts as 0) atomically; returns the new value. */
  addMetaInteger(name: string, delta: number): Promise<number>;
}

/** One key written by Store.updateKeys: the new record, the revision it replaces, and optionally a new version. */
export interface KeyUpdate {
  next: KeyRecord;
  expectedRevision: number;
  version?: KeyVersionRecord | undefined;
}

/**
 * Approval rules and requests (src/approvals). A rule change announces APPROVAL_RULES_CHANGE on the change feed, so
 * every node's rule cache reloads. Request state changes are compare-and-set: two nodes never both decide one request.
 */
export interface ApprovalStore {
  /** Creates or replaces the rule of that name. */
  putRule(rule: ApprovalRule): Promise<void>;
  getRule(name: string): Promise<ApprovalRule | undefined>;
  deleteRule(name: string): Promise<boolean>;
  /** Every rule, by name. */
  listRules(): Promise<ApprovalRule[]>;
  createRequest(r: ApprovalRequest): Promise<void>;
  getRequest(requestId: string): Promise<ApprovalRequest | undefined>;
  /** The newest PENDING or APPROVED request with this binding hash. */
  openRequest(bindingHash: string): Promise<ApprovalRequest | undefined>;
  /** Replaces a request if its stored revision is still `expectedRevision` (next.revision = expected + 1). */
  updateRequest(next: ApprovalRequest, expectedRevision: number): Promise<boolean>;
  /**
   * Consumes an APPROVED request not expired at `at`: it becomes EXECUTED by request `by`, in one statement, so of
   * concurrent repeats (on any node) exactly one gets true.
   */
  consumeRequest(requestId: string, at: number, by: string): Promise<boolean>;
  /** Gives a consumed request back (EXECUTED by `by` → APPROVED) when the operation it let through failed. */
  releaseRequest(requestId: string, by: string): Promise<boolean>;
  /** Requests in creation order after the position `after`. */
  listRequests(filter: RequestFilter, limit: number, after?: string): Promise<Page<ApprovalRequest>>;
  /** PENDING or APPROVED requests whose expiry is at or before `now`. */
  dueExpiries(now: number, limit: number): Promise<ApprovalRequest[]>;
}

/** The change-feed marker of a rule change (like the identity layer's 'iam:'). */
export const APPROVAL_RULES_CHANGE = 'approvals:';

export interface GrantFilter {
  grantId?: string | undefined;
  granteePrincipal?: string | undefined;
  granteeServicePrincipal?: string | undefined;
}

export type RetiringFilter = { retiringPrincipal: string } | { retiringServicePrincipal: string };

/** One atomic change to a key's imported material (Store.changeImportedMaterial). */
export interface ImportedMaterialChange {
  upsert?: ImportedMaterialRecord[] | undefined;
  addVersion?: KeyVersionRecord | undefined;
  shredVersions?: number[] | undefined;
  dropImports?: number[] | undefined;
  rotateTo?: { version: number; at: number } | undefined;
}

/** A uniqueness conflict (e.g. an alias name that exists), translated from the driver's error code. */
export class StoreConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}

/** What a root of trust says about itself: Vault's seal-status shape (`progress` of `threshold` shares submitted). */
export interface SealStatus {
  sealed: boolean;
  /** The kinds of root protecting this installation ('shamir', 'passphrase', 'pkcs11', 'key-file'). */
  roots: string[];
  /** Shares submitted so far in the attempt in progress (0 when none). */
  progress: number;
  /** Shares needed (0 when the installation has no Shamir root). */
  threshold: number;
  /** Shares issued (0 when the installation has no Shamir root). */
  shares: number;
  /** Identifies the attempt in progress, so two operators cannot mix attempts ('' when none). */
  nonce: string;
}

/**
 * Where the barrier keys' protection comes from: a dev key file, Shamir shares, a passphrase, a PKCS#11 HSM
 * (src/seal/). While sealed it collects unseal keys (one share or the passphrase at a time); once unsealed it wraps and
 * unwraps barrier keys (keyring terms) under the root key it holds.
 */
export interface RootOfTrust {
  readonly kind: string;
  status(): SealStatus;
  /** Tries the roots that need no operator (dev key file, PKCS#11); true when it is unsealed afterwards. */
  autoUnseal(): Promise<boolean>;
  /**
   * Submits one unseal key (a share or the passphrase). Throws UnsealRejectedError (src/seal/unseal-errors.ts) for a
   * key that belongs to no root or a nonce of another attempt, keeping the progress made so far.
   */
  submit(key: string, nonce?: string): Promise<SealStatus>;
  /** Forgets the attempt in progress. */
  reset(): SealStatus;
  /** Forgets the root key (zeroed): the installation is sealed until unsealed again. */
  seal(): void;
  /** Encrypts barrier key `term` for storage; throws while sealed. */
  wrap(barrierKey: Buffer, term: number): Promise<Buffer>;
  /** Decrypts stored barrier key `term`; throws if this root cannot. */
  unwrap(wrapped: Buffer, term: number): Promise<Buffer>;
}

/** This node's seal controls, for Keyward's operator operations (src/server/seal-gate.ts). */
export interface NodeControl {
  /** Identifies the node in audit records and leases. */
  readonly id: string;
  /** Seals this node once the current request has been answered and audited. */
  sealAfterResponse(): void;
  /** Runs the lifecycle jobs soon (e.g. a barrier rotation just started), if this node holds the scheduler lease. */
  runJobsSoon(): void;
}

/**
 * Signs statements with the installation's Ed25519 key (the audit checkpoint key, src/audit/checkpoint.ts): a port,
 * because that key lives in the audit layer above the core. Destruction receipts are signed with it.
 */
export interface InstallationSigner {
  /** The public key that verifies the signatures (DER SPKI, base64). */
  publicKey(): Promise<string>;
  /** The Ed25519 signature of `statement`, 128 hex digits. */
  sign(statement: Buffer): Promise<string>;
}

/** Receives every audit record; the promise resolves once the record is durable (fail closed otherwise). */
export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
}
