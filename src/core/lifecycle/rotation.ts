// Rotation rules shared by the rotation operations and the scheduler.
// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
import { KmsError } from '../../protocol/errors.js';
import type { UsableKey } from '../context.js';
import type { KeyRecord } from '../model.js';

export const DAY_MS = 86_400_000;
export const DEFAULT_ROTATION_DAYS = 365;
/** Per-key lifetime limit on RotateKeyOnDemand (KMS service model documentation; older docs said 10). */
export const MAX_ON_DEMAND_ROTATIONS = 25;
/** RotateKeyOnDemand is refused while an automatic rotation is due within this window. */
export const ON_DEMAND_CONFLICT_WINDOW_MS = 20 * 60_000;

/** Automatic and on-demand rotation exist only for symmetric encryption keys with AWS_KMS origin. */
export function requireRotatable(key: UsableKey): void {
  const r = key.record;
  if (r.keySpec !== 'SYMMETRIC_DEFAULT' || r.keyUsage !== 'ENCRYPT_DECRYPT') throw new KmsError('UnsupportedOperationException');
  if (r.origin !== 'AWS_KMS') {
    // The key-state table's message for an EXTERNAL key (the PendingImport cell), whatever state it is in.
    throw new KmsError('UnsupportedOperationException', `${key.arn} origin is ${r.origin} which is not valid for this operation.`);
  }
}

/**
 * On-demand rotation also exists for symmetric encryption keys with imported material (EXTERNAL origin): it makes
 * material imported as PENDING_ROTATION current (core/import/import-material.ts rotateToImportedMaterial).
 */
export function requireOnDemandRotatable(key: UsableKey): void {
  const r = key.record;
  if (r.keySpec !== 'SYMMETRIC_DEFAULT' || r.keyUsage !== 'ENCRYPT_DECRYPT' || (r.origin !== 'AWS_KMS' && r.origin !== 'EXTERNAL')) {
    throw new KmsError('UnsupportedOperationException');
  }
}

/**
 * The next automatic rotation when rotation is (re-)enabled with `days`: one period after enabling; when only the
 * period changes, one new period after the current period began (but never in the past).
 */
export function nextRotationOnEnable(r: KeyRecord, days: number, now: number): number {
  if (r.rotationPeriodDays === undefined || r.nextRotationAt === undefined) return now + days * DAY_MS;
  const periodStart = r.nextRotationAt - r.rotationPeriodDays * DAY_MS;
  return Math.max(now, periodStart + days * DAY_MS);
}

/** AWS reports rotation as disabled while the key is pending deletion (restored if deletion is cancelled). */
export function rotationEnabled(r: KeyRecord): boolean {
  return r.rotationPeriodDays !== undefined && r.state !== 'PendingDeletion' && r.state !== 'PendingReplicaDeletion';
}
