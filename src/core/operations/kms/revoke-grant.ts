// RevokeGrant: deletes a grant of a key (the key's administrators' way; RetireGrant is the grantee's).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_RevokeGrant.html
import { F } from '../../../protocol/shape.js';
import { GRANT_ID_FIELD, grantNotFound } from '../../access/grants.js';
import { defineOperation } from '../../operation.js';

export const revokeGrant = defineOperation<{ KeyId: string; GrantId: string; DryRun?: boolean }>({
  name: 'RevokeGrant',
  input: { KeyId: F.keyId(), GrantId: GRANT_ID_FIELD(true), DryRun: F.dryRun() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'RevokeGrant', 'idOrArn');
    const { store } = ctx.service;
    const grant = await store.getGrant(input.GrantId);
    if (!grant || grant.keyId !== key.record.keyId) throw grantNotFound(input.GrantId);
    ctx.dryRun(input.DryRun);
    ctx.audit.details.grantId = grant.grantId;
    if (!(await store.deleteGrant(grant.keyId, grant.grantId))) throw grantNotFound(input.GrantId); // lost a race
    ctx.service.keys.invalidate(grant.keyId); // this node stops honouring it now; the change feed tells the others
    return {};
  },
});
