// TagResource: adds tags to a key or overwrites their values (at most 50 per key, `aws:` reserved).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html
import { F } from '../../../protocol/shape.js';
import type { Tag } from '../../model.js';
import { defineOperation } from '../../operation.js';
import { checkTags, TAG_LIST_FIELD } from '../../keys/tags.js';

export const tagResource = defineOperation<{ KeyId: string; Tags: Tag[] }>({
  name: 'TagResource',
  input: { KeyId: F.keyId(), Tags: { ...TAG_LIST_FIELD, required: true } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'TagResource', 'idOrArn');
    const store = ctx.service.store;
    checkTags(input.Tags, await store.getTags(key.record.keyId));
    await store.putTags(key.record.keyId, input.Tags);
    return {};
  },
});
