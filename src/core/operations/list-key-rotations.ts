// ListKeyRotations: the completed rotations of a key (its versions after the first), oldest first, paginated.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html
import { F } from '../../protocol/shape.js';
import { epochSeconds } from '../key-metadata.js';
import { decodeMarker, pageMembers } from '../marker.js';
import { defineOperation } from '../operation.js';
import { requireOnDemandRotatable } from '../rotation.js';

export const listKeyRotations = defineOperation<{ KeyId: string; IncludeKeyMaterial?: string; Limit?: number; Marker?: string }>({
  name: 'ListKeyRotations',
  input: {
    KeyId: F.keyId(), IncludeKeyMaterial: F.enumOf(['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY']), Limit: F.limit(), Marker: F.marker(),
  },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'ListKeyRotations', 'idOrArn');
    requireOnDemandRotatable(key); // symmetric keys of AWS_KMS or EXTERNAL origin have rotations to list
    const start = Number(decodeMarker(input.Marker) ?? 0);
    const limit = input.Limit ?? 100;
    const all = (await ctx.service.store.getKeyVersions(key.record.keyId))
      .filter((v) => input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL' || v.version > 1);
    const page = all.slice(start, start + limit);
    const current = key.record.currentVersion;
    return {
      Rotations: page.map((v) => ({
        KeyId: key.arn, KeyMaterialId: v.materialId, KeyMaterialState: v.version === current ? 'CURRENT' : 'NON_CURRENT',
        ...(v.rotationType ? { RotationDate: epochSeconds(v.createdAt), RotationType: v.rotationType } : {}),
      })),
      ...pageMembers({ items: page, next: start + limit < all.length ? String(start + limit) : undefined }),
    };
  },
});
