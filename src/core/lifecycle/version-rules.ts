// Key version state transitions as data (CONVENTIONS "Transitions are data"), with the rule that the current version
// cannot be disabled or scheduled for destruction while the key is enabled (a key must always be able to encrypt).
// Refusals are KMSInvalidStateException, as AWS answers a key-level operation in the wrong state.
import { KmsError } from '../../protocol/errors.js';
import type { KeyVersionRecord } from '../model.js';
import type { LifecycleView } from './lifecycle-mutation.js';
import type { VersionLifecycle, VersionState } from './lifecycle-model.js';

/** `retires`: takes the version out of use, so never the current version of an enabled key. */
export const VERSION_TRANSITIONS = {
  DisableKeyVersion: { from: ['ENABLED', 'DISABLED'], to: 'DISABLED', retires: true },
  EnableKeyVersion: { from: ['ENABLED', 'DISABLED'], to: 'ENABLED', retires: false },
  ScheduleKeyVersionDestruction: { from: ['ENABLED', 'DISABLED'], to: 'PENDING_DESTRUCTION', retires: true },
  CancelKeyVersionDestruction: { from: ['PENDING_DESTRUCTION'], to: 'DISABLED', retires: false },
} as const satisfies Record<string, { from: readonly VersionState[]; to: VersionState; retires: boolean }>;

export type VersionTransition = keyof typeof VERSION_TRANSITIONS;

const STATE_TEXT: Record<VersionState, string> = {
  ENABLED: 'enabled', DISABLED: 'disabled', PENDING_DESTRUCTION: 'pending destruction', DESTROYED: 'destroyed',
};

/** The version's row; NotFoundException naming it if the key has no such version. */
export function versionRow(view: LifecycleView, version: number, arn: string): KeyVersionRecord {
  const row = view.versions.find((v) => v.version === version);
  if (!row) throw new KmsError('NotFoundException', `Key version ${version} of ${arn} does not exist.`);
  return row;
}

/** The version's lifecycle record, or the record of a version never changed (enabled since its creation). */
export function versionState(view: LifecycleView, row: KeyVersionRecord): VersionLifecycle {
  return view.states.get(row.version) ?? { keyId: row.keyId, version: row.version, state: 'ENABLED', stateChangedAt: row.createdAt, milestones: 0 };
}

/**
 * The version's record after `transition`, or undefined if it is in the target state already (an idempotent repeat);
 * throws if the transition is not allowed from its state, or would leave an enabled key without a usable current version.
 */
export function transitionVersion(
  view: LifecycleView, version: number, transition: VersionTransition, arn: string, now: number, extra: Partial<VersionLifecycle> = {},
): VersionLifecycle | undefined {
  const current = versionState(view, versionRow(view, version, arn));
  const rule = VERSION_TRANSITIONS[transition];
  if (!(rule.from as readonly VersionState[]).includes(current.state)) {
    throw new KmsError('KMSInvalidStateException', `Key version ${version} of ${arn} is ${STATE_TEXT[current.state]}, which is not valid for ${transition}.`);
  }
  if (rule.retires && version === view.key.currentVersion && view.key.state === 'Enabled') {
    throw new KmsError('KMSInvalidStateException',
      `Key version ${version} is the current version of ${arn}, which is enabled: rotate the key or disable it before ${transition}.`);
  }
  if (current.state === rule.to) return undefined;
  return { ...current, state: rule.to, stateChangedAt: now, destructionDate: undefined, pendingWindowDays: undefined, ...extra };
}
