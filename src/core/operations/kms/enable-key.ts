// EnableKey: Disabled → Enabled (idempotent on an enabled key).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html
import { F } from '../../../protocol/shape.js';
import { mutateKey } from '../../keys/key-mutation.js';
import { defineOperation } from '../../operation.js';

export const enableKey = defineOperation<{ KeyId: string }>({
  name: 'EnableKey',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'EnableKey', 'idOrArn');
    await mutateKey(ctx.service, key.record.keyId, 'EnableKey', (k) => (k.state === 'Enabled' ? undefined : { state: 'Enabled' }));
    return {};
  },
});
