// ListAliases: all aliases in the account and Region, or those of one key, paginated (Limit 1–100, default 50).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
import { F } from '../../../protocol/shape.js';
import { aliasArn } from '../../keys/arn.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineOperation } from '../../operation.js';

export const listAliases = defineOperation<{ KeyId?: string; Limit?: number; Marker?: string }>({
  name: 'ListAliases',
  input: { KeyId: F.keyId(false), Limit: { t: 'int', min: 1, max: 100 }, Marker: F.marker() },
  async run(ctx, input) {
    const after = decodeMarker(input.Marker);
    const keyId = input.KeyId === undefined ? undefined : (await ctx.key(input.KeyId, 'ListAliases', 'idOrArn')).record.keyId;
    if (keyId === undefined) await ctx.authorizeAccount('ListAliases');
    const page = await ctx.service.store.listAliases(input.Limit ?? 50, after, keyId);
    const scope = ctx.service.scope;
    return {
      Aliases: page.items.map((a) => ({
        AliasName: a.aliasName, AliasArn: aliasArn(scope, a.aliasName), TargetKeyId: a.targetKeyId,
        CreationDate: epochSeconds(a.createdAt), LastUpdatedDate: epochSeconds(a.updatedAt),
      })),
      ...pageMembers(page),
    };
  },
});
