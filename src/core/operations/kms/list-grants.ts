// ListGrants: a key's grants in creation order, optionally one grant id or one grantee, paginated (Limit 1–100,
// default 50). An unknown GrantId gives an empty list.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html
import { F } from '../../../protocol/shape.js';
import { GRANT_ID_FIELD, grantListEntry, LIST_LIMIT_FIELD, PRINCIPAL_FIELD, SERVICE_PRINCIPAL_FIELD } from '../../access/grants.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineOperation } from '../../operation.js';

interface Input {
  KeyId: string; Limit?: number; Marker?: string; GrantId?: string; GranteePrincipal?: string; GranteeServicePrincipal?: string;
}

export const listGrants = defineOperation<Input>({
  name: 'ListGrants',
  input: {
    Limit: LIST_LIMIT_FIELD, Marker: F.marker(), KeyId: F.keyId(), GrantId: GRANT_ID_FIELD(false),
    GranteePrincipal: PRINCIPAL_FIELD, GranteeServicePrincipal: SERVICE_PRINCIPAL_FIELD,
  },
  async run(ctx, input) {
    const after = decodeMarker(input.Marker);
    const key = await ctx.key(input.KeyId, 'ListGrants', 'idOrArn');
    const page = await ctx.service.store.listGrants(key.record.keyId, input.Limit ?? 50, after, {
      grantId: input.GrantId, granteePrincipal: input.GranteePrincipal, granteeServicePrincipal: input.GranteeServicePrincipal,
    });
    return { Grants: page.items.map((g) => grantListEntry(ctx.scope, g)), ...pageMembers(page) };
  },
});
