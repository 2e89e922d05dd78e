// ScheduleKeyVersionDestruction: a version is unusable at once and its material is destroyed (shredded) by the scheduler
// after a 7–30 day waiting period, as ScheduleKeyDeletion does for a whole key. docs/extension-api.md
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html (the model for the window)
import { KmsError } from '../../../protocol/errors.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { DAY_MS } from '../../lifecycle/rotation.js';
import { versionTransitionOperation } from './version-transition.js';
import { checkDestructionPreflight } from '../../destruction/preflight.js';

export const scheduleKeyVersionDestruction = versionTransitionOperation({
  name: 'ScheduleKeyVersionDestruction',
  doc: 'Schedules the destruction of one version of a key after a waiting period of 7 to 30 days (default 30). Meanwhile the version is unusable; CancelKeyVersionDestruction restores it as DISABLED. When due, the scheduler overwrites and removes its material and issues a signed destruction receipt (GetDestructionReceipt); the destruction pre-flight (GetDestructionPreflight) may refuse the request; only ciphertexts of that version stop decrypting. The current version of an enabled key cannot be destroyed; keys with imported material use DeleteImportedKeyMaterial.',
  input: { PendingWindowInDays: { t: 'int', min: 7, max: 30, name: 'PendingWindowInDaysType' } },
  output: { DestructionDate: { t: 'timestamp', required: true }, PendingWindowInDays: { t: 'int', required: true, min: 7, max: 30, name: 'PendingWindowInDaysType' } },
  async check(key, input, service) {
    if (key.record.origin === 'EXTERNAL') {
      throw new KmsError('UnsupportedOperationException', `${key.arn} origin is EXTERNAL which is not valid for this operation.`);
    }
    await checkDestructionPreflight(service, key.record.keyId, key.arn, [input.KeyVersion], 'ScheduleKeyVersionDestruction');
  },
  extra(input, now) {
    const days = (input.PendingWindowInDays as number | undefined) ?? 30;
    return { destructionDate: now + days * DAY_MS, pendingWindowDays: days };
  },
  result: (s) => ({ DestructionDate: epochSeconds(s.destructionDate!), PendingWindowInDays: s.pendingWindowDays }),
});
