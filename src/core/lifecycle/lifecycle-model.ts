// The lifecycle records Keyward keeps beyond AWS's KeyState (docs/extension-api.md): per key (minimum decryption
// version, archival, a reactivation window, a cryptoperiod) and per key version (its own state), with the usage
// counters and lifecycle events derived from the audit log. Only what cannot be derived is stored.

/** A key version's administrative state (Google Cloud KMS's CryptoKeyVersion states are the model). */
export const VERSION_STATES = ['ENABLED', 'DISABLED', 'PENDING_DESTRUCTION', 'DESTROYED'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

/**
 * The state a version reports (ListKeyVersions, DescribeKeyVersion): its administrative state, or for an ENABLED
 * version the cryptoperiod phase it is in (NIST SP 800-57 Part 1 §5.3): DECRYPT_ONLY after its originator-usage period,
 * ARCHIVED after its recipient-usage period.
 */
export const REPORTED_VERSION_STATES = ['ENABLED', 'DECRYPT_ONLY', 'ARCHIVED', 'DISABLED', 'PENDING_DESTRUCTION', 'DESTROYED'] as const;
export type ReportedVersionState = (typeof REPORTED_VERSION_STATES)[number];

/** The cryptoperiod milestones of a version, as bits of VersionLifecycle.milestones once announced. */
export const MILESTONES = {
  ORIGINATOR_NOTICE: 1,
  ORIGINATOR_END: 2,
  RECIPIENT_NOTICE: 4,
  RECIPIENT_END: 8,
} as const;
export type Milestone = keyof typeof MILESTONES;

export interface VersionLifecycle {
  keyId: string;
  version: number;
  state: VersionState;
  /** Epoch ms of the last administrative state change. */
  stateChangedAt: number;
  /** PENDING_DESTRUCTION: when the scheduler destroys the version's material. */
  destructionDate?: number | undefined;
  pendingWindowDays?: number | undefined;
  destroyedAt?: number | undefined;
  /** MILESTONES already announced for this version (bit set). */
  milestones: number;
}

export const WINDOW_MODES = ['DECRYPT_ONLY', 'FULL'] as const;
export type WindowMode = (typeof WINDOW_MODES)[number];

export interface Archive {
  at: number;
  reason: string;
  /** Aliases ArchiveKey removed (RemoveAliases), by name. */
  removedAliases: string[];
}

/** A time-boxed reactivation of an archived key; it closes by itself at `until`. */
export interface ReactivationWindow {
  openedAt: number;
  until: number;
  mode: WindowMode;
  reason: string;
}

/** NIST SP 800-57 Part 1 §5.3: each version protects for `originatorDays` and is processed for `recipientDays`. */
export interface Cryptoperiod {
  originatorDays: number;
  recipientDays: number;
  setAt: number;
}

export interface KeyLifecycle {
  keyId: string;
  /** Versions below it are refused for decryption (1, or absent: none). */
  minimumDecryptionVersion?: number | undefined;
  archive?: Archive | undefined;
  window?: ReactivationWindow | undefined;
  cryptoperiod?: Cryptoperiod | undefined;
  /** When the scheduler next has work for this key (window end, destruction, cryptoperiod milestone). */
  nextDueAt?: number | undefined;
  /** The key revision nextDueAt was planned for: a version added later (rotation) makes the key due for planning. */
  plannedRevision: number;
}

/** What the store holds for one key: its lifecycle record (if any) and its versions' (only those ever written). */
export interface LifecycleSnapshot {
  key?: KeyLifecycle | undefined;
  versions: VersionLifecycle[];
}

/** A key version's usage counted from the audit log, per operation (ReEncrypt split into its two sides). */
export interface UsageCounter {
  keyId: string;
  version: number;
  operation: string;
  count: number;
  bytes: number;
  lastUsedAt: number;
}

/** A version's AES-GCM invocation reservations (the never-overshoot counter, an upper bound of its encryptions). */
export interface Reservation {
  keyId: string;
  version: number;
  reserved: number;
  warnedAt?: number | undefined;
  exhaustedAt?: number | undefined;
}

export const DELIVERY_STATES = ['NONE', 'PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A lifecycle event: derived from one audit record (whose seq it shares), delivered to the webhook when configured. */
export interface LifecycleEvent {
  seq: number;
  time: number;
  type: string;
  keyArn?: string | undefined;
  keyVersion?: number | undefined;
  principal: string;
  requestId: string;
  /** The audit record's chain hash: a receiver can check the event against `keyward audit verify`'s output. */
  auditHash: string;
  /** JSON object text: the audit record's non-secret details. */
  details?: string | undefined;
  delivery: DeliveryState;
  attempts: number;
  nextAttemptAt?: number | undefined;
  deliveredAt?: number | undefined;
  lastError?: string | undefined;
}
