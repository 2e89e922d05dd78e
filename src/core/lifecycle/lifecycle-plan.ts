// The lifecycle plan of one key, as a pure function of its records and the time: which work is due now (a reactivation
// window to close, versions to destroy, cryptoperiod milestones to announce) and when the next work falls due. The
// scheduler job (lifecycle-job.ts) performs the due work; every lifecycle change stores the next due time from here.
import type { KeyRecord } from '../model.js';
import { periodEnds } from './cryptoperiod.js';
import { MILESTONES, type KeyLifecycle, type Milestone, type VersionLifecycle } from './lifecycle-model.js';

export interface PlanInput {
  key: KeyRecord;
  lifecycle: KeyLifecycle | undefined;
  /** Every version of the key with its creation time (key_versions rows). */
  versions: readonly { version: number; createdAt: number }[];
  states: ReadonlyMap<number, VersionLifecycle>;
  now: number;
  /** Lead time of a notice before its transition (LifecycleSettings.noticeMs). */
  noticeMs: number;
}

export type PlannedAction =
  | { kind: 'closeWindow' }
  | { kind: 'destroyVersion'; version: number }
  /** `silent`: recorded as done without an event (a notice whose transition is also due, or an old version's OUP). */
  | { kind: 'milestone'; version: number; milestone: Milestone; at: number; silent: boolean };

export interface Plan {
  /** The work due at `now`, in the order it is performed. */
  actions: PlannedAction[];
  /** The earliest time any remaining work falls due (at or before `now` while actions are due), or undefined. */
  nextDueAt: number | undefined;
}

const NOTICE_OF: Partial<Record<Milestone, Milestone>> = { ORIGINATOR_NOTICE: 'ORIGINATOR_END', RECIPIENT_NOTICE: 'RECIPIENT_END' };

export function planLifecycle(p: PlanInput): Plan {
  const actions: PlannedAction[] = [];
  let next: number | undefined;
  const consider = (at: number, action: PlannedAction) => {
    if (at <= p.now) actions.push(action);
    next = next === undefined ? at : Math.min(next, at);
  };
  const w = p.lifecycle?.window;
  if (w) consider(w.until, { kind: 'closeWindow' });
  for (const s of p.states.values()) {
    if (s.state === 'PENDING_DESTRUCTION' && s.destructionDate !== undefined) consider(s.destructionDate, { kind: 'destroyVersion', version: s.version });
  }
  const cp = p.lifecycle?.cryptoperiod;
  if (cp) {
    for (const v of p.versions) {
      const state = p.states.get(v.version);
      if (state?.state === 'PENDING_DESTRUCTION' || state?.state === 'DESTROYED') continue;
      const times = milestoneTimes(periodEnds(cp, v.createdAt), p.noticeMs);
      for (const [m, at] of times) {
        if (((state?.milestones ?? 0) & MILESTONES[m]) !== 0) continue;
        const end = NOTICE_OF[m];
        const lateNotice = end !== undefined && times.get(end)! <= p.now;
        const oldOriginator = m.startsWith('ORIGINATOR') && v.version !== p.key.currentVersion;
        consider(at, { kind: 'milestone', version: v.version, milestone: m, at, silent: lateNotice || oldOriginator });
      }
    }
  }
  return { actions, nextDueAt: next };
}

function milestoneTimes(ends: { originatorEnd: number; recipientEnd: number }, noticeMs: number): Map<Milestone, number> {
  return new Map<Milestone, number>([
    ['ORIGINATOR_NOTICE', ends.originatorEnd - noticeMs],
    ['ORIGINATOR_END', ends.originatorEnd],
    ['RECIPIENT_NOTICE', ends.recipientEnd - noticeMs],
    ['RECIPIENT_END', ends.recipientEnd],
  ]);
}

/**
 * After a cryptoperiod change: each version keeps the milestones already announced that are still in the past, and
 * forgets those the new periods moved into the future (so they are announced again when they come).
 */
export function remainingMilestones(
  cp: { originatorDays: number; recipientDays: number; setAt: number } | undefined, createdAt: number, milestones: number,
  now: number, noticeMs: number,
): number {
  if (cp === undefined) return 0;
  let kept = 0;
  for (const [m, at] of milestoneTimes(periodEnds(cp, createdAt), noticeMs)) {
    if ((milestones & MILESTONES[m]) !== 0 && at <= now) kept |= MILESTONES[m];
  }
  return kept;
}
