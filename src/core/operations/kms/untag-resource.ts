// UntagResource: removes tags by key; unknown tag keys are ignored.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html
import { F } from '../../../protocol/shape.js';
import { defineOperation } from '../../operation.js';

export const untagResource = defineOperation<{ KeyId: string; TagKeys: string[] }>({
  name: 'UntagResource',
  input: { KeyId: F.keyId(), TagKeys: { t: 'list', required: true, of: { t: 'string', min: 1, max: 128 } } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'UntagResource', 'idOrArn');
    await ctx.service.store.removeTags(key.record.keyId, input.TagKeys);
    return {};
  },
});
