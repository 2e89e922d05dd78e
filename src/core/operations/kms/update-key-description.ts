// UpdateKeyDescription: replaces a key's description (may be empty).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateKeyDescription.html
import { F } from '../../../protocol/shape.js';
import { mutateKey } from '../../keys/key-mutation.js';
import { defineOperation } from '../../operation.js';

export const updateKeyDescription = defineOperation<{ KeyId: string; Description: string }>({
  name: 'UpdateKeyDescription',
  input: { KeyId: F.keyId(), Description: { t: 'string', required: true, min: 0, max: 8192 } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'UpdateKeyDescription', 'idOrArn');
    await mutateKey(ctx.service, key.record.keyId, 'UpdateKeyDescription', () => ({ description: input.Description }));
    return {};
  },
});
