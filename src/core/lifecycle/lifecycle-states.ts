// The key lifecycle as Keyward models it beyond AWS's KeyState (NIST SP 800-57 Part 1 §7: active, suspended,
// deactivated, destroyed): the states and the transitions between them, as data. DescribeKeyLifecycle returns both.
import type { KeyRecord } from '../model.js';
import type { KeyLifecycle } from './lifecycle-model.js';

export const LIFECYCLE_STATES = ['ENABLED', 'DISABLED', 'ARCHIVED', 'REACTIVATED', 'PENDING_IMPORT', 'PENDING_DELETION', 'DELETED'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export interface LifecycleTransition {
  from: readonly LifecycleState[];
  to: LifecycleState;
  /** The operation, or the scheduler's action, that makes the transition. */
  via: string;
}

export const LIFECYCLE_TRANSITIONS: readonly LifecycleTransition[] = [
  { from: ['ENABLED'], to: 'DISABLED', via: 'DisableKey' },
  { from: ['DISABLED', 'ARCHIVED', 'REACTIVATED'], to: 'ENABLED', via: 'EnableKey' },
  { from: ['ENABLED', 'DISABLED'], to: 'ARCHIVED', via: 'ArchiveKey' },
  { from: ['ARCHIVED'], to: 'REACTIVATED', via: 'ReactivateKey' },
  { from: ['REACTIVATED'], to: 'ARCHIVED', via: 'CloseReactivationWindow' },
  { from: ['REACTIVATED'], to: 'ARCHIVED', via: 'DisableKey' },
  { from: ['REACTIVATED'], to: 'ARCHIVED', via: 'scheduler: the reactivation window ends' },
  { from: ['ENABLED', 'DISABLED', 'ARCHIVED', 'REACTIVATED', 'PENDING_IMPORT'], to: 'PENDING_DELETION', via: 'ScheduleKeyDeletion' },
  { from: ['PENDING_DELETION'], to: 'DISABLED', via: 'CancelKeyDeletion' },
  { from: ['PENDING_DELETION'], to: 'ARCHIVED', via: 'CancelKeyDeletion (of an archived key)' },
  { from: ['PENDING_DELETION'], to: 'DELETED', via: 'scheduler: the deletion date arrives' },
  { from: ['PENDING_IMPORT'], to: 'ENABLED', via: 'ImportKeyMaterial' },
  { from: ['ENABLED', 'DISABLED'], to: 'PENDING_IMPORT', via: 'DeleteImportedKeyMaterial, or the material expires' },
];

/** The lifecycle state of a key: AWS's state, refined by archival and an open reactivation window. */
export function lifecycleStateOf(key: KeyRecord, lc: KeyLifecycle | undefined): LifecycleState {
  if (key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion') return 'PENDING_DELETION';
  if (key.state === 'PendingImport') return 'PENDING_IMPORT';
  if (lc?.window && key.state === 'Enabled') return 'REACTIVATED';
  if (lc?.archive) return 'ARCHIVED';
  return key.state === 'Enabled' ? 'ENABLED' : 'DISABLED';
}
