// What the copies of a multi-Region key share and KMS keeps in step: the key material (every version) and the
// automatic rotation (status, period, next date). A change to them is written to every copy in one transaction
// (Store.updateKeys), so a ciphertext of a new version decrypts in every Region the moment the rotation is acknowledged.
// https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html#mrk-sync-properties
import { publicKeyId } from '../keys/arn.js';
import type { KeyRecord, KeyVersionRecord } from '../model.js';
import type { KeyUpdate } from '../ports.js';
import type { KmsService } from '../service.js';
import { resealVersion } from './replica.js';

/** The fields of a key record its copies share (rotation; the current version moves with the material). */
const SHARED_FIELDS = ['rotationPeriodDays', 'nextRotationAt', 'currentVersion'] as const satisfies readonly (keyof KeyRecord)[];

/** Whether a patch changes a shared field (a change to a copy's own fields stays with that copy). */
export function touchesShared(patch: Partial<KeyRecord>): boolean {
  return SHARED_FIELDS.some((f) => f in patch);
}

/**
 * Writes `next` (replacing `current`, with an optional new version) and the same shared fields, and the same version
 * re-sealed for its row, to every other copy: all or nothing. False when any copy's revision moved (re-read, retry).
 */
export async function writeShared(service: KmsService, current: KeyRecord, next: KeyRecord, version?: KeyVersionRecord): Promise<boolean> {
  const copies = await service.store.relatedKeys(publicKeyId(current.keyId), service.regionNames);
  const changes: KeyUpdate[] = [{ next, expectedRevision: current.revision, version }];
  for (const copy of copies) {
    if (copy.keyId === current.keyId) continue;
    const shared = { rotationPeriodDays: next.rotationPeriodDays, nextRotationAt: next.nextRotationAt, currentVersion: next.currentVersion };
    changes.push({
      next: { ...copy, ...shared, revision: copy.revision + 1 }, expectedRevision: copy.revision,
      version: version && (await resealVersion(service, version, copy.keyId)),
    });
  }
  if (!(await service.store.updateKeys(changes))) return false;
  for (const c of changes) service.keys.invalidate(c.next.keyId);
  return true;
}
