// What happens as a key version's AES-GCM reservations grow (invocation-budget.ts): at the warning threshold a
// UsageLimitWarning system event and, with rotation on, a rotation; at the limit a UsageLimitReached event. Each is
// recorded once per version (a compare-and-set on the reservation row), by whichever process crossed the threshold,
// or by the lifecycle job for thresholds crossed before a restart or a lowered limit.
import type { KmsService } from '../service.js';
import { usageThresholds } from './lifecycle-settings.js';
import { auditSystemAction } from './system-audit.js';
import { rotateForLifecycle } from './triggered-rotation.js';

/** Called after every reservation with the reserved total before and after it. */
export async function afterReservation(service: KmsService, keyId: string, version: number, before: number, after: number): Promise<void> {
  const { warnAt, limit } = usageThresholds(service.lifecycle);
  if (before < warnAt && after >= warnAt) await warnUsage(service, keyId, version, after);
  if (before < limit && after >= limit) await reachLimit(service, keyId, version, after);
}

export async function warnUsage(service: KmsService, keyId: string, version: number, reserved: number): Promise<boolean> {
  if (!(await service.store.lifecycle.usage.mark(keyId, version, 'warned', service.now()))) return false;
  const key = await service.store.getKey(keyId);
  if (!key) return true;
  const { warnAt, limit } = usageThresholds(service.lifecycle);
  await auditSystemAction(service, 'UsageLimitWarning', key, { version, reserved, warnAt, limit }, version);
  await rotateForLifecycle(service, keyId, version, 'UsageLimitWarning');
  return true;
}

export async function reachLimit(service: KmsService, keyId: string, version: number, reserved: number): Promise<boolean> {
  if (!(await service.store.lifecycle.usage.mark(keyId, version, 'exhausted', service.now()))) return false;
  const key = await service.store.getKey(keyId);
  if (key) await auditSystemAction(service, 'UsageLimitReached', key, { version, reserved, limit: service.lifecycle.gcmInvocationLimit }, version);
  return true;
}
