// CancelKeyDeletion: PendingDeletion → Disabled (not Enabled, as in AWS).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
import { F } from '../../protocol/shape.js';
import { mutateKey } from '../key-mutation.js';
import { defineOperation } from '../operation.js';

export const cancelKeyDeletion = defineOperation<{ KeyId: string }>({
  name: 'CancelKeyDeletion',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'CancelKeyDeletion', 'idOrArn');
    await mutateKey(ctx.service, key.record.keyId, 'CancelKeyDeletion', () => ({
      state: 'Disabled', deletionDate: undefined, pendingWindowDays: undefined,
    }));
    return { KeyId: key.arn };
  },
});
