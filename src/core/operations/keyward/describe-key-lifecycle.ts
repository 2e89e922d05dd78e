// DescribeKeyLifecycle: a key's lifecycle beyond AWS's KeyState — the state machine (states and transitions, as data),
// where the key is in it, its archival, reactivation window, cryptoperiod, minimum decryption version, rotation and
// scheduled deletion, and its timeline (past and planned). docs/extension-api.md
import { epochSeconds } from '../../keys/key-metadata.js';
import { followAudit } from '../../lifecycle/audit-follower.js';
import { readLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { LIFECYCLE_STATES, LIFECYCLE_TRANSITIONS, lifecycleStateOf } from '../../lifecycle/lifecycle-states.js';
import { rotationEnabled } from '../../lifecycle/rotation.js';
import { timeline } from '../../lifecycle/timeline.js';
import { defineExtensionOperation } from '../../operation.js';
import type { Field } from '../../../protocol/shape.js';
import { S } from './extension-shapes.js';
import { CRYPTOPERIOD_OUTPUT } from './set-key-cryptoperiod.js';

const STATE: Field = { t: 'enum', values: LIFECYCLE_STATES, name: 'LifecycleState' };
const state = (): Field => ({ ...STATE, required: true });

const TRANSITION: Field = {
  t: 'struct', name: 'LifecycleTransition',
  fields: { From: state(), To: state(), Via: { t: 'string', required: true, min: 1, max: 256, name: 'TransitionViaType' } },
};

const TIMELINE_ENTRY: Field = {
  t: 'struct', name: 'TimelineEntry', doc: 'Something that happened to the key, or is planned (Planned true).',
  fields: {
    Date: { t: 'timestamp', required: true }, Event: { t: 'string', required: true, min: 1, max: 64, name: 'TimelineEventType' },
    KeyVersion: S.keyVersion(false), Principal: { t: 'string', min: 1, max: 2048, name: 'PrincipalType' }, Planned: { t: 'bool', required: true },
  },
};

export const describeKeyLifecycle = defineExtensionOperation<{ KeyId: string }>({
  name: 'DescribeKeyLifecycle',
  doc: 'Describes where a key is in Keyward\'s lifecycle: the state machine with the key\'s state and the transitions open from it, archival, reactivation window, cryptoperiod, minimum decryption version, rotation, scheduled deletion, and a timeline of what happened and what is planned.',
  errors: ['NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId() },
  output: {
    KeyId: { ...S.keyArn(), required: true }, KeyState: { ...S.awsKeyState(), required: true }, LifecycleState: state(),
    CreationDate: { t: 'timestamp', required: true }, CurrentKeyVersion: S.keyVersion(false), MinimumDecryptionVersion: S.keyVersion(),
    RotationEnabled: { t: 'bool', required: true }, RotationPeriodInDays: { t: 'int', min: 90, max: 2560, name: 'RotationPeriodInDaysType' },
    NextRotationDate: { t: 'timestamp' }, DeletionDate: { t: 'timestamp' },
    Archival: { t: 'struct', name: 'Archival', fields: {
      ArchivedDate: { t: 'timestamp', required: true }, Reason: S.reason(true),
      RemovedAliases: { t: 'list', required: true, of: { t: 'string', min: 1, max: 256, name: 'AliasNameType' }, name: 'AliasNameList' },
    } },
    ReactivationWindow: { t: 'struct', name: 'ReactivationWindow', fields: {
      OpenedDate: { t: 'timestamp', required: true }, EndDate: { t: 'timestamp', required: true }, Mode: { ...S.windowMode(), required: true },
      Reason: S.reason(true),
    } },
    Cryptoperiod: CRYPTOPERIOD_OUTPUT,
    StateMachine: { t: 'list', required: true, of: TRANSITION, name: 'LifecycleTransitionList', doc: 'Every transition of the lifecycle.' },
    AvailableTransitions: { t: 'list', required: true, of: TRANSITION, name: 'LifecycleTransitionList', doc: 'The transitions open from the key\'s state.' },
    Timeline: { t: 'list', required: true, of: TIMELINE_ENTRY, name: 'TimelineEntryList' },
  },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'DescribeKeyLifecycle', 'any');
    await followAudit(ctx.service);
    const v = await readLifecycle(ctx.service, key.record.keyId, undefined);
    const k = v.key;
    const lc = v.lifecycle;
    const current = lifecycleStateOf(k, lc);
    const transitions = LIFECYCLE_TRANSITIONS.flatMap((t) => t.from.map((from) => ({ From: from, To: t.to, Via: t.via })));
    return {
      KeyId: key.arn, KeyState: k.state, LifecycleState: current, CreationDate: epochSeconds(k.createdAt),
      ...(k.currentVersion > 0 ? { CurrentKeyVersion: k.currentVersion } : {}),
      MinimumDecryptionVersion: lc.minimumDecryptionVersion ?? 1,
      RotationEnabled: rotationEnabled(k),
      ...(rotationEnabled(k) ? { RotationPeriodInDays: k.rotationPeriodDays, NextRotationDate: epochSeconds(k.nextRotationAt!) } : {}),
      ...(k.state === 'PendingDeletion' && k.deletionDate !== undefined ? { DeletionDate: epochSeconds(k.deletionDate) } : {}),
      ...(lc.archive ? { Archival: { ArchivedDate: epochSeconds(lc.archive.at), Reason: lc.archive.reason, RemovedAliases: lc.archive.removedAliases } } : {}),
      ...(lc.window ? { ReactivationWindow: {
        OpenedDate: epochSeconds(lc.window.openedAt), EndDate: epochSeconds(lc.window.until), Mode: lc.window.mode, Reason: lc.window.reason,
      } } : {}),
      ...(lc.cryptoperiod ? { Cryptoperiod: {
        OriginatorUsageDays: lc.cryptoperiod.originatorDays, RecipientUsageDays: lc.cryptoperiod.recipientDays, SetDate: epochSeconds(lc.cryptoperiod.setAt),
      } } : {}),
      StateMachine: transitions,
      AvailableTransitions: transitions.filter((t) => t.From === current),
      Timeline: await timeline(ctx.service, key.arn, v),
    };
  },
});
