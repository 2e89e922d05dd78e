// Lifecycle changes of one key: read the key, its lifecycle records and versions, apply a change, and write it all
// back in one transaction under the key's revision (retrying when another writer got there first), with the key's next
// due time re-planned (lifecycle-plan.ts) so the scheduler finds it. Every lifecycle change goes through here.
import { KmsError } from '../../protocol/errors.js';
import { keyNotFound, recordArn } from '../keys/arn.js';
import { checkKeyState, type KeyAccess } from '../keys/key-state-table.js';
import type { KeyRecord, KeyVersionRecord } from '../model.js';
import type { KmsService } from '../service.js';
import type { KeyLifecycle, VersionLifecycle } from './lifecycle-model.js';
import { planLifecycle } from './lifecycle-plan.js';

const MAX_ATTEMPTS = 20;

/** A key with everything the lifecycle knows about it, as read for one change. */
export interface LifecycleView {
  key: KeyRecord;
  lifecycle: KeyLifecycle;
  /** Whether the store holds a lifecycle record for the key (a key never touched by the lifecycle has none). */
  recorded: boolean;
  states: ReadonlyMap<number, VersionLifecycle>;
  versions: readonly KeyVersionRecord[];
}

export interface LifecyclePatch {
  key?: Partial<KeyRecord> | undefined;
  lifecycle?: Partial<KeyLifecycle> | undefined;
  versions?: VersionLifecycle[] | undefined;
  shredVersions?: number[] | undefined;
  removeAliases?: string[] | undefined;
}

/** Returns the patch to write, or undefined to leave the key as it is (a no-op or a lost precondition). */
export type LifecycleChangeFn = (view: LifecycleView) => LifecyclePatch | undefined;

export async function readLifecycle(service: KmsService, keyId: string, access: KeyAccess | undefined): Promise<LifecycleView> {
  const [key, snapshot, versions] = await Promise.all([
    service.store.getKey(keyId), service.store.lifecycle.keys.read(keyId), service.store.getKeyVersions(keyId),
  ]);
  if (!key) throw keyNotFound(service.scope, keyId);
  if (access) checkKeyState(access, key.state, recordArn(key));
  return {
    key,
    lifecycle: snapshot.key ?? { keyId, plannedRevision: key.revision },
    recorded: snapshot.key !== undefined,
    states: new Map(snapshot.versions.map((v) => [v.version, v])),
    versions,
  };
}

/** Applies `change`; returns the view as stored afterwards (unchanged when the change was a no-op). */
export async function mutateLifecycle(
  service: KmsService, keyId: string, access: KeyAccess | undefined, change: LifecycleChangeFn,
): Promise<LifecycleView> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const view = await readLifecycle(service, keyId, access);
    const patch = change(view);
    if (!patch) return view;
    const next = afterPatch(service, view, patch);
    // A plain state change (EnableKey, DisableKey) of a key without lifecycle records adds none.
    const record = next.recorded || patch.lifecycle || patch.versions || next.lifecycle.nextDueAt !== undefined;
    const written = await service.store.lifecycle.keys.change(next.key, view.key.revision, {
      key: record ? next.lifecycle : undefined, versions: patch.versions, shredVersions: patch.shredVersions, removeAliases: patch.removeAliases,
    });
    if (written) {
      service.keys.invalidate(keyId);
      return next;
    }
  }
  throw new KmsError('ThrottlingException', 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.');
}

/** The view once `patch` is applied, with the key's next due time planned for the new revision. */
function afterPatch(service: KmsService, view: LifecycleView, patch: LifecyclePatch): LifecycleView {
  const key: KeyRecord = { ...view.key, ...patch.key, revision: view.key.revision + 1 };
  const states = new Map(view.states);
  for (const v of patch.versions ?? []) states.set(v.version, v);
  const lifecycle: KeyLifecycle = { ...view.lifecycle, ...patch.lifecycle, plannedRevision: key.revision };
  const plan = planLifecycle({ key, lifecycle, versions: view.versions, states, now: service.now(), noticeMs: service.lifecycle.noticeMs });
  lifecycle.nextDueAt = plan.nextDueAt;
  return { key, lifecycle, recorded: view.recorded, states, versions: view.versions };
}
