// GetKeyRotationStatus: whether automatic rotation is on, its period and next date.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
import { F } from '../../../protocol/shape.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { defineOperation } from '../../operation.js';
import { requireRotatable, rotationEnabled } from '../../lifecycle/rotation.js';

export const getKeyRotationStatus = defineOperation<{ KeyId: string }>({
  name: 'GetKeyRotationStatus',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'GetKeyRotationStatus', 'idOrArn');
    requireRotatable(key);
    const r = key.record;
    if (!rotationEnabled(r)) return { KeyId: key.arn, KeyRotationEnabled: false };
    // On-demand rotations complete within the request, so OnDemandRotationStartDate is never in progress here.
    return { KeyId: key.arn, KeyRotationEnabled: true, RotationPeriodInDays: r.rotationPeriodDays, NextRotationDate: epochSeconds(r.nextRotationAt!) };
  },
});
