// Audit records of system actions (the scheduler's deletions, rotations, expiries): principal `keyward:system`.
import { randomUUID } from 'node:crypto';
import { recordArn } from '../keys/arn.js';
import type { KeyRecord } from '../model.js';
import type { KmsService } from '../service.js';
import type { AuditSink } from '../ports.js';

export const SYSTEM_PRINCIPAL = 'keyward:system';

/** Appends (durably) the audit record of a system action on a key; returns its request id. */
export async function auditSystemAction(
  service: KmsService, operation: string, key: KeyRecord, details: Record<string, unknown>, keyVersion: number | null = key.currentVersion,
): Promise<string> {
  const requestId = randomUUID();
  await service.deps.audit.append({
    time: service.now(), requestId, principal: SYSTEM_PRINCIPAL, sourceAddress: 'keyward',
    operation, keyArn: recordArn(key), keyVersion: keyVersion ?? undefined, outcome: 'success', details: JSON.stringify(details),
  });
  return requestId;
}

/** Appends (durably) the audit record of a system event that concerns no key: seal, unseal, rekey, barrier rotation. */
export async function auditSystemEvent(
  audit: AuditSink, time: number, operation: string, details: Record<string, unknown>, errorCode?: string,
): Promise<void> {
  await audit.append({
    time, requestId: randomUUID(), principal: SYSTEM_PRINCIPAL, sourceAddress: 'keyward', operation,
    outcome: errorCode ? 'failure' : 'success', errorCode, details: JSON.stringify(details),
  });
}

/** Appends (durably) the audit record of a system event that may name a key: an anomaly alert raised (src/anomaly). */
export async function auditSystemNotice(
  audit: AuditSink, time: number, operation: string, keyArn: string | undefined, details: Record<string, unknown>,
): Promise<void> {
  await audit.append({
    time, requestId: randomUUID(), principal: SYSTEM_PRINCIPAL, sourceAddress: 'keyward', operation, keyArn, outcome: 'success',
    details: JSON.stringify(details),
  });
}
