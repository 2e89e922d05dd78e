// ListResourceTags: a key's tags in insertion order, paginated (Limit 1–50, default 50).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html
import { F } from '../../../protocol/shape.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineOperation } from '../../operation.js';

export const listResourceTags = defineOperation<{ KeyId: string; Limit?: number; Marker?: string }>({
  name: 'ListResourceTags',
  input: { KeyId: F.keyId(), Limit: { t: 'int', min: 1, max: 50 }, Marker: F.marker() },
  async run(ctx, input) {
    const start = Number(decodeMarker(input.Marker) ?? 0);
    const key = await ctx.key(input.KeyId, 'ListResourceTags', 'idOrArn');
    const limit = input.Limit ?? 50;
    const all = await ctx.service.store.getTags(key.record.keyId);
    const items = all.slice(start, start + limit);
    return { Tags: items, ...pageMembers({ items, next: start + limit < all.length ? String(start + limit) : undefined }) };
  },
});
