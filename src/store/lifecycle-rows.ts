// Row ↔ domain mapping of the lifecycle tables (migration 8), shared by both stores: column lists in a fixed order
// with their parameter lists, and the mappers back (BIGINT arrives as a string from node-postgres: Number()).
import type {
  KeyLifecycle, LifecycleEvent, Reservation, UsageCounter, VersionLifecycle,
} from '../core/lifecycle/lifecycle-model.js';
import type { Row } from './rows.js';

const optNum = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** key_lifecycle's columns written by change() (rotation_notice_for is the notice job's own). */
export const KEY_LIFECYCLE_COLUMNS = [
  'key_id', 'min_decryption_version', 'archived_at', 'archive_reason', 'archived_aliases', 'window_opened_at',
  'window_until', 'window_mode', 'window_reason', 'originator_days', 'recipient_days', 'cryptoperiod_set_at',
  'next_due_at', 'planned_revision',
] as const;

export function keyLifecycleParams(l: KeyLifecycle): unknown[] {
  const { archive: a, window: w, cryptoperiod: c } = l;
  return [
    l.keyId, l.minimumDecryptionVersion ?? null, a?.at ?? null, a?.reason ?? null, a ? JSON.stringify(a.removedAliases) : null,
    w?.openedAt ?? null, w?.until ?? null, w?.mode ?? null, w?.reason ?? null, c?.originatorDays ?? null,
    c?.recipientDays ?? null, c?.setAt ?? null, l.nextDueAt ?? null, l.plannedRevision,
  ];
}

export function keyLifecycleFromRow(r: Row): KeyLifecycle {
  return {
    keyId: r.key_id as string,
    minimumDecryptionVersion: optNum(r.min_decryption_version),
    archive: r.archived_at === null ? undefined : {
      at: Number(r.archived_at), reason: r.archive_reason as string, removedAliases: JSON.parse(r.archived_aliases as string) as string[],
    },
    window: r.window_until === null ? undefined : {
      openedAt: Number(r.window_opened_at), until: Number(r.window_until), mode: r.window_mode as 'DECRYPT_ONLY' | 'FULL',
      reason: r.window_reason as string,
    },
    cryptoperiod: r.originator_days === null ? undefined : {
      originatorDays: Number(r.originator_days), recipientDays: Number(r.recipient_days), setAt: Number(r.cryptoperiod_set_at),
    },
    nextDueAt: optNum(r.next_due_at),
    plannedRevision: Number(r.planned_revision),
  };
}

export const VERSION_LIFECYCLE_COLUMNS = [
  'key_id', 'version', 'state', 'state_changed_at', 'destruction_date', 'pending_window_days', 'destroyed_at', 'milestones',
] as const;

export function versionLifecycleParams(v: VersionLifecycle): unknown[] {
  return [v.keyId, v.version, v.state, v.stateChangedAt, v.destructionDate ?? null, v.pendingWindowDays ?? null, v.destroyedAt ?? null, v.milestones];
}

export function versionLifecycleFromRow(r: Row): VersionLifecycle {
  return {
    keyId: r.key_id as string, version: Number(r.version), state: r.state as VersionLifecycle['state'],
    stateChangedAt: Number(r.state_changed_at), destructionDate: optNum(r.destruction_date),
    pendingWindowDays: optNum(r.pending_window_days), destroyedAt: optNum(r.destroyed_at), milestones: Number(r.milestones),
  };
}

export function reservationFromRow(r: Row): Reservation {
  return {
    keyId: r.key_id as string, version: Number(r.version), reserved: Number(r.reserved),
    warnedAt: optNum(r.warned_at), exhaustedAt: optNum(r.exhausted_at),
  };
}

export function counterFromRow(r: Row): UsageCounter {
  return {
    keyId: r.key_id as string, version: Number(r.version), operation: r.operation as string, count: Number(r.count),
    bytes: Number(r.bytes), lastUsedAt: Number(r.last_used_at),
  };
}

export const EVENT_COLUMNS = [
  'seq', 'time', 'type', 'key_arn', 'key_version', 'principal', 'request_id', 'audit_hash', 'details', 'delivery',
  'attempts', 'next_attempt_at',
] as const;

export function eventParams(e: LifecycleEvent): unknown[] {
  return [
    e.seq, e.time, e.type, e.keyArn ?? null, e.keyVersion ?? null, e.principal, e.requestId, e.auditHash,
    e.details ?? null, e.delivery, e.attempts, e.nextAttemptAt ?? null,
  ];
}

export function eventFromRow(r: Row): LifecycleEvent {
  return {
    seq: Number(r.seq), time: Number(r.time), type: r.type as string, keyArn: optStr(r.key_arn), keyVersion: optNum(r.key_version),
    principal: r.principal as string, requestId: r.request_id as string, auditHash: r.audit_hash as string,
    details: optStr(r.details), delivery: r.delivery as LifecycleEvent['delivery'], attempts: Number(r.attempts),
    nextAttemptAt: optNum(r.next_attempt_at), deliveredAt: optNum(r.delivered_at), lastError: optStr(r.last_error),
  };
}
