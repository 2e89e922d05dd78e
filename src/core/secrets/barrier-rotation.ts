// Barrier rotation (`keyward operator rotate-barrier`): a new barrier key term, then every sealed value re-sealed
// under it in batches while the service keeps serving, then the old terms retired once nothing uses them. Vault adds
// terms the same way (vault/keyring.go) but never re-encrypts; Keyward does, so an old barrier key can be destroyed.
// Crash-safe by construction: the new term is stored before any value uses it, each batch is one transaction that
// replaces a value only if it is unchanged (a concurrent writer wins), every value is always sealed under a term that is
// stored, and the job (run by the scheduler lease holder) rescans from the start after a crash until a full pass finds
// no value under an old term; only then, and after every node had time to load the new term, are old terms deleted.
import { randomBytes } from 'node:crypto';
import type { ScheduledJob } from '../lifecycle/scheduler.js';
import { auditSystemEvent } from '../lifecycle/system-audit.js';
import type { KmsService } from '../service.js';
import { termOf } from './barrier.js';
import type { Reseal, SealedValue } from './seal-store.js';
import { SEALED_KIND_NAMES, SEALED_KINDS, type SealedKind } from './sealed-values.js';

export const BARRIER_ROTATION_META = 'barrier_rotation';
/** Nodes reload the keyring every few seconds (src/server/active-node.ts); old terms outlive that before they go. */
export const RETIRE_GRACE_MS = 10_000;
export const DEFAULT_BATCH = 200;

export interface RotationState {
  target: number;
  /** Real time (ms) the term was added: the grace before retiring counts from here. */
  startedAt: number;
  batchSize: number;
  rewrapped: number;
  completedAt?: number;
  retired?: number[];
}

export async function rotationState(service: KmsService): Promise<RotationState | undefined> {
  const text = await service.store.getMeta(BARRIER_ROTATION_META);
  return text === undefined ? undefined : (JSON.parse(text) as RotationState);
}

/**
 * Adds term (highest + 1), wrapped by the root of trust, and records the rotation; a rotation in progress is
 * returned as it is (one at a time).
 */
export async function startBarrierRotation(service: KmsService, batchSize = DEFAULT_BATCH): Promise<RotationState> {
  const current = await rotationState(service);
  if (current && current.completedAt === undefined) return current;
  const { store, root, barrier } = service.deps;
  const terms = (await store.getBarrierKeys()).map((k) => k.term);
  const target = Math.max(0, ...terms) + 1;
  const fresh = randomBytes(32);
  await store.addBarrierKey(target, await root.wrap(fresh, target)); // kept if another node added the same term first
  fresh.fill(0);
  await barrier.refresh?.();
  if (!barrier.has(target)) throw new Error(`barrier term ${target} could not be loaded`);
  const state: RotationState = { target, startedAt: Date.now(), batchSize, rewrapped: 0 };
  await store.setMeta(BARRIER_ROTATION_META, JSON.stringify(state));
  await auditSystemEvent(service.deps.audit, service.now(), 'RotateBarrierStarted', { term: target, batchSize });
  return state;
}

/** The scheduler job: re-seals old-term values in batches, then retires old terms. Returns values re-sealed. */
export const barrierRotationJob: ScheduledJob = {
  name: 'barrier rotation',
  async run(service) {
    const state = await rotationState(service);
    if (!state || state.completedAt !== undefined) return 0;
    if (!service.deps.barrier.has(state.target)) await service.deps.barrier.refresh?.();
    let total = 0;
    for (;;) {
      const n = await pass(service, state);
      total += n;
      if (n === 0) break;
    }
    if (Date.now() - state.startedAt >= RETIRE_GRACE_MS) await retire(service, state);
    return total;
  },
};

/** One scan over every sealed kind; returns how many values under an old term it found (and re-sealed). */
async function pass(service: KmsService, state: RotationState): Promise<number> {
  let found = 0;
  for (const kind of SEALED_KIND_NAMES) {
    let after: string | undefined;
    do {
      const page = await service.store.seal.sealedValues(kind, state.batchSize, after);
      const old = page.items.filter((v) => termOf(v.sealed) < state.target);
      if (old.length > 0) {
        found += old.length;
        state.rewrapped += await service.store.seal.resealValues(kind, old.map((v) => reseal(service, kind, v)));
        await service.store.setMeta(BARRIER_ROTATION_META, JSON.stringify(state)); // progress, for status
      }
      // SQLite calls complete synchronously: yield to the event loop between batches, so requests keep being served.
      await new Promise((resolve) => setImmediate(resolve));
      after = page.next;
    } while (after !== undefined);
  }
  return found;
}

function reseal(service: KmsService, kind: SealedKind, v: SealedValue): Reseal {
  const { barrier } = service.deps;
  const purpose = SEALED_KINDS[kind](v.id);
  const plaintext = barrier.open(purpose, v.sealed);
  try {
    return { id: v.id, old: v.sealed, next: barrier.seal(purpose, plaintext) };
  } finally {
    plaintext.fill(0);
  }
}

async function retire(service: KmsService, state: RotationState): Promise<void> {
  const { store, barrier } = service.deps;
  const old = (await store.getBarrierKeys()).map((k) => k.term).filter((t) => t < state.target);
  await store.seal.deleteBarrierKeys(old);
  barrier.forget(old);
  const done: RotationState = { ...state, completedAt: Date.now(), retired: old };
  await store.setMeta(BARRIER_ROTATION_META, JSON.stringify(done));
  await auditSystemEvent(service.deps.audit, service.now(), 'RotateBarrierCompleted', { term: state.target, rewrapped: state.rewrapped, retiredTerms: old });
}
