// Changes to a key record: read the stored record, apply the key-state table and the change, and write it back
// under an optimistic revision check, retrying when another writer (request, scheduler, node) got there first.
import { randomBytes } from 'node:crypto';
import { KmsError } from '../../protocol/errors.js';
import { keyNotFound, recordArn } from './arn.js';
import { purpose } from '../secrets/barrier.js';
import { generateMaterial } from './key-material.js';
import { committer } from '../destruction/commitment.js';
import { checkKeyState, type KeyAccess } from './key-state-table.js';
import type { KeyRecord, KeyVersionRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { touchesShared, writeShared } from '../multi-region/shared-properties.js';

const MAX_ATTEMPTS = 20;

/** A change: the fields to set, or undefined to leave the key as it is (an idempotent no-op, or a lost precondition). */
export type Change = (current: KeyRecord) => Partial<KeyRecord> | undefined;

/** Applies `change` to the stored key; returns the record as stored afterwards. */
export async function mutateKey(service: KmsService, keyId: string, access: KeyAccess | undefined, change: Change): Promise<KeyRecord> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await load(service, keyId, access);
    const patch = change(current);
    if (!patch) return current;
    const next: KeyRecord = { ...current, ...patch, revision: current.revision + 1 };
    // A multi-Region key's rotation is shared: every copy changes with it (core/multi-region/shared-properties.ts).
    if (current.multiRegion && touchesShared(patch)) {
      if (await writeShared(service, current, next)) return next;
    } else if (await service.store.updateKey(next, current.revision)) {
      service.keys.invalidate(keyId);
      return next;
    }
  }
  throw new KmsError('ThrottlingException', 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.');
}

/**
 * Adds a new key version with fresh material and makes it current (rotation). Concurrent rotations each get
 * their own, consecutively numbered version: a loser of the revision race retries with the next number.
 */
export async function addVersion(
  service: KmsService, keyId: string, access: KeyAccess | undefined, rotationType: 'AUTOMATIC' | 'ON_DEMAND',
  change: Change,
): Promise<{ record: KeyRecord; version: KeyVersionRecord } | undefined> {
  const commit = await committer(service);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await load(service, keyId, access);
    const patch = change(current);
    if (!patch) return undefined;
    const versionNo = current.currentVersion + 1;
    const material = await generateMaterial(current.keySpec);
    const version: KeyVersionRecord = {
      keyId, version: versionNo, materialId: randomBytes(32).toString('hex'), createdAt: service.now(), rotationType,
      sealedMaterial: service.deps.barrier.seal(purpose.keyMaterial(keyId, versionNo), material),
      commitment: commit(keyId, versionNo, material),
    };
    material.fill(0);
    const next: KeyRecord = { ...current, ...patch, currentVersion: versionNo, revision: current.revision + 1 };
    // A multi-Region key's copies share their material: the new version is written to every copy at once.
    if (current.multiRegion) {
      if (await writeShared(service, current, next, version)) return { record: next, version };
    } else if (await service.store.addKeyVersion(next, current.revision, version)) {
      service.keys.invalidate(keyId);
      return { record: next, version };
    }
  }
  throw new KmsError('ThrottlingException', 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.');
}

async function load(service: KmsService, keyId: string, access: KeyAccess | undefined): Promise<KeyRecord> {
  const current = await service.store.getKey(keyId);
  if (!current) throw keyNotFound(service.scope, keyId);
  if (access) checkKeyState(access, current.state, recordArn(current));
  return current;
}
