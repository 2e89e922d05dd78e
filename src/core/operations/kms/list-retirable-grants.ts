// ListRetirableGrants: grants on any key of the account whose retiring principal is the one given, paginated
// (Limit 1–100, default 50). Exactly one of RetiringPrincipal and RetiringServicePrincipal.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListRetirableGrants.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { grantListEntry, LIST_LIMIT_FIELD, PRINCIPAL_FIELD, SERVICE_PRINCIPAL_FIELD } from '../../access/grants.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineOperation } from '../../operation.js';

interface Input { Limit?: number; Marker?: string; RetiringPrincipal?: string; RetiringServicePrincipal?: string }

export const listRetirableGrants = defineOperation<Input>({
  name: 'ListRetirableGrants',
  input: {
    Limit: LIST_LIMIT_FIELD, Marker: F.marker(), RetiringPrincipal: PRINCIPAL_FIELD, RetiringServicePrincipal: SERVICE_PRINCIPAL_FIELD,
  },
  async run(ctx, input) {
    const after = decodeMarker(input.Marker);
    if ((input.RetiringPrincipal === undefined) === (input.RetiringServicePrincipal === undefined)) {
      throw new KmsError('ValidationException', 'Exactly one of RetiringPrincipal and RetiringServicePrincipal must be specified.');
    }
    await ctx.authorizeAccount('ListRetirableGrants'); // no key to authorise against
    const retiring = input.RetiringPrincipal !== undefined
      ? { retiringPrincipal: input.RetiringPrincipal }
      : { retiringServicePrincipal: input.RetiringServicePrincipal! };
    const page = await ctx.service.store.listRetirableGrants(retiring, input.Limit ?? 50, after);
    return { Grants: page.items.map((g) => grantListEntry(ctx.scope, g)), ...pageMembers(page) };
  },
});
