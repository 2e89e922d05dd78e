// Which audit records are lifecycle events, as a table: operation → event type (some decided by the record's details,
// e.g. an idempotent repeat that changed nothing is no event). System actions (principal keyward:system) only count as
// such: no request can produce a system record. docs/extension-api.md lists the event types.
import type { AuditRecord } from '../model.js';
import { ALERT_AUDIT_OPERATION, ALERT_EVENT_TYPES, ALERT_TYPES } from '../anomaly/alert-model.js';
import { SYSTEM_PRINCIPAL } from './system-audit.js';

type Details = Record<string, unknown>;

interface EventRule {
  /** The event type, or a function of the record's details deciding it (undefined: no event). */
  type: string | ((d: Details) => string | undefined);
  /** Only from a system action (the scheduler's, or a usage threshold's). */
  system?: true;
}

/** The event type of a raised alert, by its type (core/anomaly/alert-model.ts). */
function alertEvent(d: Details): string | undefined {
  const t = d.alertType;
  return typeof t === 'string' && Object.hasOwn(ALERT_TYPES, t) ? ALERT_TYPES[t as keyof typeof ALERT_TYPES].event : undefined;
}

/** Unless the operation reports it changed nothing (details.changed === false). */
const changed = (type: string) => (d: Details) => (d.changed === false ? undefined : type);

export const EVENT_RULES: Readonly<Record<string, EventRule>> = {
  // AWS KMS operations and the scheduler's AWS lifecycle
  ScheduleKeyDeletion: { type: 'KeyDeletionScheduled' },
  CancelKeyDeletion: { type: 'KeyDeletionCancelled' },
  DeleteKey: { type: 'KeyDeleted', system: true },
  RotateKeyOnDemand: { type: 'KeyRotated' },
  RotateKey: { type: 'KeyRotated', system: true },
  RotationDue: { type: 'KeyRotationDue', system: true },
  EnableKey: { type: (d) => (d.unarchived ? 'KeyUnarchived' : undefined) },
  DisableKey: { type: (d) => (d.windowClosed ? 'ReactivationWindowClosed' : undefined) },
  // Keyward's extension operations
  DisableKeyVersion: { type: changed('KeyVersionDisabled') },
  EnableKeyVersion: { type: changed('KeyVersionEnabled') },
  ScheduleKeyVersionDestruction: { type: 'KeyVersionDestructionScheduled' },
  CancelKeyVersionDestruction: { type: 'KeyVersionDestructionCancelled' },
  DestroyKeyVersion: { type: 'KeyVersionDestroyed', system: true },
  SetMinimumDecryptionVersion: { type: changed('MinimumDecryptionVersionChanged') },
  ArchiveKey: { type: 'KeyArchived' },
  ReactivateKey: { type: 'ReactivationWindowOpened' },
  CloseReactivationWindow: { type: 'ReactivationWindowClosed' },
  SetKeyCryptoperiod: { type: 'CryptoperiodSet' },
  DeleteKeyCryptoperiod: { type: changed('CryptoperiodDeleted') },
  CryptoperiodNotice: { type: 'CryptoperiodTransitionDue', system: true },
  EndOriginatorUsage: { type: 'OriginatorUsagePeriodEnded', system: true },
  EndRecipientUsage: { type: 'RecipientUsagePeriodEnded', system: true },
  UsageLimitWarning: { type: 'UsageLimitWarning', system: true },
  UsageLimitReached: { type: 'UsageLimitReached', system: true },
  // anomaly alerts raised (src/anomaly): one event type per alert type
  [ALERT_AUDIT_OPERATION]: { type: alertEvent, system: true },
  // Multi-party approval (src/approvals): the approvers' notifications. ApprovalRequested comes from the refused call
  // itself (REFUSAL_EVENTS below).
  ApproveRequest: { type: 'ApprovalGranted' },
  RejectRequest: { type: 'ApprovalRejected' },
  ExpireApprovalRequest: { type: 'ApprovalRequestExpired', system: true },
  ApprovedRequestExecuted: { type: 'ApprovedRequestExecuted', system: true },
};

/**
 * Failed calls that are events: a protected call refused for want of approval that opened a new request; a use (not a
 * management call) of a key pending deletion, refused by the key-state table (core/context.ts records the state) —
 * AWS's CloudWatch alarm recipe for deletions, as an event.
 */
const REFUSAL_EVENTS: Readonly<Record<string, (d: Details) => string | undefined>> = {
  ApprovalRequiredException: (d) => ((d.approval as { created?: boolean } | undefined)?.created ? 'ApprovalRequested' : undefined),
  KMSInvalidStateException: (d) => (d.keyState === 'PendingDeletion' ? 'KeyPendingDeletionUsed' : undefined),
};

/** Every event type the rules can produce (ListLifecycleEvents' EventTypes filter, the webhook filter). */
export const EVENT_TYPES: readonly string[] = [
  'KeyArchived', 'KeyUnarchived', 'ReactivationWindowOpened', 'ReactivationWindowClosed', 'KeyRotationDue', 'KeyRotated',
  'KeyVersionDisabled', 'KeyVersionEnabled', 'KeyVersionDestructionScheduled', 'KeyVersionDestructionCancelled',
  'KeyVersionDestroyed', 'MinimumDecryptionVersionChanged', 'CryptoperiodSet', 'CryptoperiodDeleted',
  'CryptoperiodTransitionDue', 'OriginatorUsagePeriodEnded', 'RecipientUsagePeriodEnded', 'UsageLimitWarning',
  'UsageLimitReached', 'KeyDeletionScheduled', 'KeyDeletionCancelled', 'KeyDeleted', 'KeyPendingDeletionUsed',
  'ApprovalRequested', 'ApprovalGranted', 'ApprovalRejected', 'ApprovalRequestExpired', 'ApprovedRequestExecuted', ...ALERT_EVENT_TYPES,
];

/** The event type of an audit record, or undefined if it is no lifecycle event. */
export function eventTypeOf(r: AuditRecord, details: Details): string | undefined {
  if (r.outcome !== 'success') {
    const refusal = r.errorCode === undefined || !Object.hasOwn(REFUSAL_EVENTS, r.errorCode) ? undefined : REFUSAL_EVENTS[r.errorCode];
    return refusal?.(details);
  }
  const rule = Object.hasOwn(EVENT_RULES, r.operation) ? EVENT_RULES[r.operation] : undefined;
  if (rule === undefined || (rule.system && r.principal !== SYSTEM_PRINCIPAL)) return undefined;
  return typeof rule.type === 'string' ? rule.type : rule.type(details);
}
