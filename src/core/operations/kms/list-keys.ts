// ListKeys: every key in the account and Region, paginated with Limit / Marker / Truncated / NextMarker.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html
import { F } from '../../../protocol/shape.js';
import { publicKeyId, recordArn } from '../../keys/arn.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineOperation } from '../../operation.js';

export const listKeys = defineOperation<{ Limit?: number; Marker?: string }>({
  name: 'ListKeys',
  input: { Limit: F.limit(), Marker: F.marker() },
  async run(ctx, input) {
    const after = decodeMarker(input.Marker);
    await ctx.authorizeAccount('ListKeys');
    const page = await ctx.service.store.listKeys(input.Limit ?? 100, after, ctx.scope.region); // this Region's keys only
    return { Keys: page.items.map((k) => ({ KeyId: publicKeyId(k.keyId), KeyArn: recordArn(k) })), ...pageMembers(page) };
  },
});
