// The scheduler's lifecycle work beyond AWS: reactivation windows that end, key versions whose destruction falls due,
// cryptoperiod milestones (notices, end of originator usage — with a rotation when rotation is on —, end of recipient
// usage), notices of coming automatic rotations, and usage thresholds not yet recorded. Each is a conditional write
// (lifecycle-mutation.ts, or a compare-and-set), audited as a system action, so concurrent runs perform it once.
import { epochSeconds } from '../keys/key-metadata.js';
import type { KmsService } from '../service.js';
import { usageThresholds } from './lifecycle-settings.js';
import { MILESTONES, type Milestone, type VersionLifecycle } from './lifecycle-model.js';
import { mutateLifecycle, readLifecycle, type LifecyclePatch, type LifecycleView } from './lifecycle-mutation.js';
import { planLifecycle, type PlannedAction } from './lifecycle-plan.js';
import { drainBatches, type ScheduledJob } from './scheduler.js';
import { auditSystemAction } from './system-audit.js';
import { rotateForLifecycle } from './triggered-rotation.js';
import { reachLimit, warnUsage } from './usage-limits.js';
import { witnessDueVersions } from '../destruction/version-witnesses.js';

export const lifecycleJob: ScheduledJob = {
  name: 'lifecycle beyond AWS (windows, version destructions, cryptoperiods, notices, usage limits)',
  async run(service) {
    const done = await drainBatches((limit) => service.store.lifecycle.keys.dueKeys(service.now(), limit), (keyId) => runKey(service, keyId));
    await drainBatches((limit) => service.store.lifecycle.keys.dueRotationNotices(service.now() + service.lifecycle.noticeMs, limit),
      async (key) => {
        if (!(await service.store.lifecycle.keys.markRotationNotice(key.keyId, key.nextRotationAt!))) return false;
        await auditSystemAction(service, 'RotationDue', key, { rotationDate: epochSeconds(key.nextRotationAt!), rotationPeriodDays: key.rotationPeriodDays });
        return true;
      });
    return done + (await usageThresholdsReached(service));
  },
};

/** The system audit operation of each announced milestone (event-rules.ts turns them into events). */
const MILESTONE_AUDIT: Record<Milestone, string> = {
  ORIGINATOR_NOTICE: 'CryptoperiodNotice', ORIGINATOR_END: 'EndOriginatorUsage', RECIPIENT_NOTICE: 'CryptoperiodNotice', RECIPIENT_END: 'EndRecipientUsage',
};

/** Performs a key's due work; true if anything was done (notices and re-planning count as nothing). */
async function runKey(service: KmsService, keyId: string): Promise<boolean> {
  let performed: PlannedAction[] = [];
  let before: LifecycleView | undefined;
  const witnesses = await witnessDueVersions(service, keyId);
  try {
    await mutateLifecycle(service, keyId, undefined, (v) => {
      const plan = planLifecycle({ key: v.key, lifecycle: v.lifecycle, versions: v.versions, states: v.states, now: service.now(), noticeMs: service.lifecycle.noticeMs });
      performed = plan.actions;
      before = v;
      return plan.actions.length > 0 ? patchFor(service, v, plan.actions) : undefined;
    });
  } catch (err) {
    for (const w of witnesses.values()) w.discard();
    if ((err as { code?: string }).code === 'NotFoundException') return false; // deleted meanwhile
    throw err;
  }
  if (performed.length === 0) {
    for (const w of witnesses.values()) w.discard();
    return replan(service, keyId);
  }
  for (const a of performed) {
    const requestId = await audit(service, before!, a);
    if (a.kind === 'destroyVersion' && requestId !== undefined) await witnesses.get(a.version)?.issue(requestId);
    if (a.kind === 'destroyVersion') witnesses.delete(a.version);
  }
  for (const w of witnesses.values()) w.discard();
  for (const a of performed) {
    if (a.kind === 'milestone' && a.milestone === 'ORIGINATOR_END' && !a.silent) {
      await rotateForLifecycle(service, keyId, a.version, 'OriginatorUsagePeriodEnded');
    }
  }
  return performed.some((a) => a.kind !== 'milestone' || (!a.silent && a.milestone.endsWith('_END')));
}

function patchFor(service: KmsService, v: LifecycleView, actions: readonly PlannedAction[]): LifecyclePatch {
  const now = service.now();
  const versions = new Map<number, VersionLifecycle>();
  const state = (n: number): VersionLifecycle =>
    versions.get(n) ?? v.states.get(n) ?? { keyId: v.key.keyId, version: n, state: 'ENABLED', stateChangedAt: now, milestones: 0 };
  const patch: LifecyclePatch = {};
  for (const a of actions) {
    if (a.kind === 'closeWindow') {
      patch.lifecycle = { window: undefined };
      if (v.key.state === 'Enabled') patch.key = { state: 'Disabled' };
    } else if (a.kind === 'destroyVersion') {
      versions.set(a.version, { ...state(a.version), state: 'DESTROYED', stateChangedAt: now, destroyedAt: now });
      (patch.shredVersions ??= []).push(a.version);
    } else {
      const s = state(a.version);
      versions.set(a.version, { ...s, milestones: s.milestones | MILESTONES[a.milestone] });
    }
  }
  patch.versions = [...versions.values()];
  return patch;
}

/** Audits an action; returns the record's request id when it is a version destruction (its receipt names it). */
async function audit(service: KmsService, view: LifecycleView, a: PlannedAction): Promise<string | undefined> {
  const key = view.key;
  if (a.kind === 'closeWindow') {
    const w = view.lifecycle.window!;
    await auditSystemAction(service, 'CloseReactivationWindow', key, {
      reason: 'WindowEnded', mode: w.mode, openedAt: epochSeconds(w.openedAt), until: epochSeconds(w.until),
    }, null); // a window is the key's, not a version's (as when a caller closes it)
  } else if (a.kind === 'destroyVersion') {
    return auditSystemAction(service, 'DestroyKeyVersion', key, { version: a.version }, a.version);
  } else if (!a.silent) {
    const transition = a.milestone.startsWith('ORIGINATOR') ? 'ORIGINATOR_USAGE_END' : 'RECIPIENT_USAGE_END';
    await auditSystemAction(service, MILESTONE_AUDIT[a.milestone], key, { version: a.version, transition, transitionDate: epochSeconds(
      a.milestone.endsWith('_NOTICE') ? a.at + service.lifecycle.noticeMs : a.at) }, a.version);
  }
  return undefined;
}

/** Nothing was due but the plan is stale (a version was added since): store the new due time without a revision step. */
async function replan(service: KmsService, keyId: string): Promise<boolean> {
  const v = await readLifecycle(service, keyId, undefined).catch(() => undefined);
  if (!v || !v.recorded) return false;
  const plan = planLifecycle({ key: v.key, lifecycle: v.lifecycle, versions: v.versions, states: v.states, now: service.now(), noticeMs: service.lifecycle.noticeMs });
  await service.store.lifecycle.keys.replan(keyId, v.lifecycle.plannedRevision, plan.nextDueAt, v.key.revision);
  return false;
}

/** Thresholds crossed while no process recorded them (a crash, or a limit lowered by configuration). */
async function usageThresholdsReached(service: KmsService): Promise<number> {
  const { warnAt, limit } = usageThresholds(service.lifecycle);
  const usage = service.store.lifecycle.usage;
  const warned = await drainBatches((n) => usage.unmarked('warned', warnAt, n), (r) => warnUsage(service, r.keyId, r.version, r.reserved));
  return warned + (await drainBatches((n) => usage.unmarked('exhausted', limit, n), (r) => reachLimit(service, r.keyId, r.version, r.reserved)));
}
