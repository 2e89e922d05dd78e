// Deleting a multi-Region primary that has replicas: ScheduleKeyDeletion puts it in PendingReplicaDeletion, and its
// own waiting period (PendingWindowInDays) begins only when its last replica is deleted.
// https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-delete.html
import { mutateKey } from '../keys/key-mutation.js';
import type { KeyRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { isPrimary, relatedKeys } from './related-keys.js';
import { auditSystemAction } from '../lifecycle/system-audit.js';

const DAY_MS = 86_400_000;

/** Whether the key is a multi-Region primary with at least one replica. */
export async function hasReplicas(service: KmsService, k: KeyRecord): Promise<boolean> {
  return isPrimary(k) && (await relatedKeys(service, k)).length > 1;
}

/**
 * After a copy of a multi-Region key was deleted: if it left a primary in PendingReplicaDeletion without replicas,
 * that primary becomes PendingDeletion with its deletion date `PendingWindowInDays` from now (a system action).
 */
export async function startPrimaryDeletion(service: KmsService, deleted: KeyRecord): Promise<void> {
  const copies = await relatedKeys(service, deleted);
  const primary = copies.find((k) => isPrimary(k));
  if (!primary || primary.state !== 'PendingReplicaDeletion' || copies.length > 1) return;
  const deletionDate = service.now() + (primary.pendingWindowDays ?? 30) * DAY_MS;
  const after = await mutateKey(service, primary.keyId, undefined, (k) =>
    k.state === 'PendingReplicaDeletion' ? { state: 'PendingDeletion', deletionDate } : undefined);
  if (after.state === 'PendingDeletion') {
    await auditSystemAction(service, 'ScheduleKeyDeletion', after, { reason: 'LastReplicaDeleted', deletionDate, pendingWindowDays: after.pendingWindowDays });
  }
}
