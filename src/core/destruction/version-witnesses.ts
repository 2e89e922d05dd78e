// The lifecycle job's side of verifiable destruction: before its conditional write, the versions whose destruction
// is due now are witnessed (destruction-witness.ts); the job issues the receipts of those it did destroy and
// discards the rest (a cancellation won the race).
import { readLifecycle } from '../lifecycle/lifecycle-mutation.js';
import { planLifecycle } from '../lifecycle/lifecycle-plan.js';
import type { KmsService } from '../service.js';
import { witnessDestruction, type DestructionWitness } from './destruction-witness.js';

export async function witnessDueVersions(service: KmsService, keyId: string): Promise<Map<number, DestructionWitness>> {
  const witnesses = new Map<number, DestructionWitness>();
  const v = await readLifecycle(service, keyId, undefined).catch(() => undefined);
  if (!v) return witnesses;
  const plan = planLifecycle({ key: v.key, lifecycle: v.lifecycle, versions: v.versions, states: v.states, now: service.now(), noticeMs: service.lifecycle.noticeMs });
  for (const a of plan.actions) {
    if (a.kind !== 'destroyVersion') continue;
    witnesses.set(a.version, await witnessDestruction(service, v.key, [a.version], 'KeyVersionDestruction', v.states.get(a.version)?.destructionDate));
  }
  return witnesses;
}
