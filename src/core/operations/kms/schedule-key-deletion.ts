// ScheduleKeyDeletion: PendingDeletion for 7–30 days (default 30); the scheduler destroys the key when due.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
// Keyward's destruction pre-flight (core/destruction/preflight.ts) may refuse it first, as KMSInvalidStateException.
import { F } from '../../../protocol/shape.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { mutateKey } from '../../keys/key-mutation.js';
import { defineOperation } from '../../operation.js';
import { hasReplicas } from '../../multi-region/replica-deletion.js';
import { checkDestructionPreflight } from '../../destruction/preflight.js';

const DAY_MS = 86_400_000;

export const scheduleKeyDeletion = defineOperation<{ KeyId: string; PendingWindowInDays?: number }>({
  name: 'ScheduleKeyDeletion',
  // The shared model type allows 1–365; the operation accepts 7–30.
  input: { KeyId: F.keyId(), PendingWindowInDays: { t: 'int', min: 7, max: 30 } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'ScheduleKeyDeletion', 'idOrArn');
    const versions = (await ctx.service.store.getKeyVersions(key.record.keyId)).map((v) => v.version);
    await checkDestructionPreflight(ctx.service, key.record.keyId, key.arn, versions, 'ScheduleKeyDeletion');
    const days = input.PendingWindowInDays ?? 30;
    // A multi-Region primary with replicas waits for them: its window starts when the last one is deleted.
    if (await hasReplicas(ctx.service, key.record)) {
      await mutateKey(ctx.service, key.record.keyId, 'ScheduleKeyDeletion', () => ({
        state: 'PendingReplicaDeletion', deletionDate: undefined, pendingWindowDays: days,
      }));
      return { KeyId: key.arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: days };
    }
    const deletionDate = ctx.service.now() + days * DAY_MS;
    await mutateKey(ctx.service, key.record.keyId, 'ScheduleKeyDeletion', () => ({
      state: 'PendingDeletion', deletionDate, pendingWindowDays: days,
    }));
    return { KeyId: key.arn, DeletionDate: epochSeconds(deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days };
  },
});
