// ListAliases: all aliases in the account and Region (with the predefined `alias/aws/*` ones that have no key yet), or
// those of one key, paginated (Limit 1–100, default 50).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html
import { F } from '../../../protocol/shape.js';
import { aliasArn, publicKeyId } from '../../keys/arn.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { listAccountAliases, type ListedAlias } from '../../keys/predefined-aliases.js';
import type { Scope } from '../../keys/arn.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineOperation } from '../../operation.js';

export const listAliases = defineOperation<{ KeyId?: string; Limit?: number; Marker?: string }>({
  name: 'ListAliases',
  input: { KeyId: F.keyId(false), Limit: { t: 'int', min: 1, max: 100 }, Marker: F.marker() },
  async run(ctx, input) {
    const after = decodeMarker(input.Marker);
    const keyId = input.KeyId === undefined ? undefined : (await ctx.key(input.KeyId, 'ListAliases', 'idOrArn')).record.keyId;
    if (keyId === undefined) await ctx.authorizeAccount('ListAliases');
    const limit = input.Limit ?? 50;
    const store = ctx.service.store;
    const page = keyId === undefined ? await listAccountAliases(store, ctx.scope.region, limit, after) : await store.listAliases(limit, after, keyId);
    return { Aliases: page.items.map((a) => aliasEntry(ctx.scope, a)), ...pageMembers(page) };
  },
});

/** An AliasListEntry; a predefined alias without a key has only its name and ARN (no TargetKeyId, no dates). */
function aliasEntry(scope: Scope, a: ListedAlias): Record<string, unknown> {
  const named = { AliasName: a.aliasName, AliasArn: aliasArn(scope, a.aliasName) };
  if (a.targetKeyId === undefined) return named;
  return { ...named, TargetKeyId: publicKeyId(a.targetKeyId), CreationDate: epochSeconds(a.createdAt), LastUpdatedDate: epochSeconds(a.updatedAt) };
}
