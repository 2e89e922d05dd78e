// A lifecycle event as ListLifecycleEvents returns it and the webhook receives it (shape LifecycleEvent in
// core/operations/keyward/extension-shapes.ts).
import { epochSeconds } from '../keys/key-metadata.js';
import type { LifecycleEvent } from './lifecycle-model.js';

export function eventEntry(e: LifecycleEvent): Record<string, unknown> {
  return {
    EventId: String(e.seq), EventType: e.type, EventDate: epochSeconds(e.time),
    ...(e.keyArn !== undefined ? { KeyId: e.keyArn } : {}), ...(e.keyVersion !== undefined ? { KeyVersion: e.keyVersion } : {}),
    Principal: e.principal, RequestId: e.requestId, AuditHash: e.auditHash, ...(e.details !== undefined ? { Details: e.details } : {}),
    DeliveryState: e.delivery, DeliveryAttempts: e.attempts,
  };
}
