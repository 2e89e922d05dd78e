// EnableKeyRotation: automatic rotation every RotationPeriodInDays (90–2560, default 365); also changes the period.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html
import { F } from '../../../protocol/shape.js';
import { mutateKey } from '../../keys/key-mutation.js';
import { defineOperation } from '../../operation.js';
import { refuseOnReplica } from '../../multi-region/related-keys.js';
import { DEFAULT_ROTATION_DAYS, nextRotationOnEnable, requireRotatable } from '../../lifecycle/rotation.js';

export const enableKeyRotation = defineOperation<{ KeyId: string; RotationPeriodInDays?: number }>({
  name: 'EnableKeyRotation',
  input: { KeyId: F.keyId(), RotationPeriodInDays: { t: 'int', min: 90, max: 2560 } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'EnableKeyRotation', 'idOrArn');
    refuseOnReplica(key.record, key.arn); // rotation is the primary's to change (shared by every copy)
    requireRotatable(key);
    const days = input.RotationPeriodInDays ?? DEFAULT_ROTATION_DAYS;
    const now = ctx.service.now();
    await mutateKey(ctx.service, key.record.keyId, 'EnableKeyRotation', (k) =>
      k.rotationPeriodDays === days ? undefined : { rotationPeriodDays: days, nextRotationAt: nextRotationOnEnable(k, days, now) });
    return {};
  },
});
