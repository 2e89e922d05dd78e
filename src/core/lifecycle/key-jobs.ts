// The key lifecycle job: scheduled deletions that fell due (material shredded, key gone) and automatic rotations,
// each audited as a system action. https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html,
// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
import { addVersion } from '../keys/key-mutation.js';
import { destroyHsmObjects, hsmObjectIds } from '../custom-key-stores/hsm-key.js';
import type { KeyRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { DAY_MS } from './rotation.js';
import { drainBatches, type ScheduledJob } from './scheduler.js';
import { auditSystemAction } from './system-audit.js';
import { startPrimaryDeletion } from '../multi-region/replica-deletion.js';
import { witnessDestruction } from '../destruction/destruction-witness.js';

export const keyLifecycleJob: ScheduledJob = {
  name: 'key lifecycle (deletions, rotations)',
  run: (service) => drainBatches((limit) => service.store.dueKeys(service.now(), limit), (key) => perform(service, key)),
};

async function perform(service: KmsService, key: KeyRecord): Promise<boolean> {
  const now = service.now();
  if (key.state === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= now) return destroy(service, key);
  if (key.state === 'Enabled' && key.nextRotationAt !== undefined && key.nextRotationAt <= now) return rotate(service, key);
  return false;
}

/** Scheduled deletion: material shredded, aliases and tags gone, key gone; audited as a system action. */
async function destroy(service: KmsService, key: KeyRecord): Promise<boolean> {
  // A custom key store's key: its token objects go once the key is gone (never before: a cancellation may win).
  const storeId = key.customKeyStoreId;
  const objects = storeId === undefined ? [] : await hsmObjectIds(service, key.keyId);
  // The evidence for the receipt is taken before the shred (core/destruction): afterwards there is nothing to check.
  const witness = await witnessDestruction(service, key, 'all', 'KeyDeletion', key.deletionDate);
  if (!(await service.store.deleteKey(key.keyId, key.revision))) {
    witness.discard();
    return false;
  }
  service.keys.invalidate(key.keyId);
  // The last replica of a primary waiting in PendingReplicaDeletion starts the primary's own waiting period.
  if (key.multiRegion) await startPrimaryDeletion(service, key);
  const token = storeId === undefined ? {} : { customKeyStoreId: storeId, tokenObjects: await destroyHsmObjects(service, storeId, objects) };
  const requestId = await auditSystemAction(service, 'DeleteKey', key, { reason: 'ScheduledDeletion', deletionDate: key.deletionDate, versions: key.currentVersion, ...token });
  await witness.issue(requestId);
  return true;
}

/** Automatic rotation: a new current version; the next one a period after the one that fell due. */
async function rotate(service: KmsService, key: KeyRecord): Promise<boolean> {
  const rotated = await addVersion(service, key.keyId, undefined, 'AUTOMATIC', (k) => {
    const now = service.now();
    if (k.state !== 'Enabled' || k.nextRotationAt === undefined || k.nextRotationAt > now || k.rotationPeriodDays === undefined) return undefined;
    return { nextRotationAt: k.nextRotationAt + k.rotationPeriodDays * DAY_MS };
  });
  if (!rotated) return false;
  await auditSystemAction(service, 'RotateKey', rotated.record, { rotationType: 'AUTOMATIC', version: rotated.version.version });
  return true;
}
