// DisableKeyRotation: stops automatic rotation; existing versions stay.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKeyRotation.html
import { F } from '../../../protocol/shape.js';
import { mutateKey } from '../../keys/key-mutation.js';
import { defineOperation } from '../../operation.js';
import { refuseOnReplica } from '../../multi-region/related-keys.js';
import { requireRotatable } from '../../lifecycle/rotation.js';

export const disableKeyRotation = defineOperation<{ KeyId: string }>({
  name: 'DisableKeyRotation',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'DisableKeyRotation', 'idOrArn');
    refuseOnReplica(key.record, key.arn); // rotation is the primary's to change (shared by every copy)
    requireRotatable(key);
    await mutateKey(ctx.service, key.record.keyId, 'DisableKeyRotation', (k) =>
      k.rotationPeriodDays === undefined ? undefined : { rotationPeriodDays: undefined, nextRotationAt: undefined });
    return {};
  },
});
