// RetireGrant: deletes a grant named by its grant token, or by the key ARN and grant id.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_RetireGrant.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { keyArn, publicKeyId } from '../../keys/arn.js';
import type { OperationContext } from '../../context.js';
import { GRANT_ID_FIELD, GRANT_TOKEN_FIELD, grantNotFound, redeemGrantToken } from '../../access/grants.js';
import type { GrantRecord } from '../../model.js';
import { defineOperation } from '../../operation.js';

interface Input { GrantToken?: string; KeyId?: string; GrantId?: string; DryRun?: boolean }

const KEY_ARN = /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//;

/** The grant the request names: by token (KeyId and GrantId, if also given, must agree), else by key ARN + id. */
async function namedGrant(ctx: OperationContext, input: Input): Promise<GrantRecord> {
  const { store } = ctx.service;
  const { scope } = ctx;
  if (input.GrantToken !== undefined) {
    const grantId = await redeemGrantToken(ctx.service, input.GrantToken);
    if (input.GrantId !== undefined && input.GrantId !== grantId) {
      throw new KmsError('InvalidGrantIdException', 'The grant ID does not match the grant token.');
    }
    const grant = await store.getGrant(grantId);
    if (!grant) throw grantNotFound(grantId);
    if (input.KeyId !== undefined && input.KeyId !== keyArn(scope, grant.keyId) && input.KeyId !== publicKeyId(grant.keyId)) {
      throw grantNotFound(grantId);
    }
    return grant;
  }
  if (input.KeyId === undefined || input.GrantId === undefined) {
    throw new KmsError('ValidationException', 'Either GrantToken, or both KeyId and GrantId, must be specified.');
  }
  if (!KEY_ARN.test(input.KeyId)) throw new KmsError('InvalidArnException', `KeyId must be a key ARN: ${input.KeyId}`);
  const key = await ctx.key(input.KeyId, 'RetireGrant', 'idOrArn');
  const grant = await store.getGrant(input.GrantId);
  if (!grant || grant.keyId !== key.record.keyId) throw grantNotFound(input.GrantId);
  return grant;
}

export const retireGrant = defineOperation<Input>({
  name: 'RetireGrant',
  input: { GrantToken: GRANT_TOKEN_FIELD(false), KeyId: F.keyId(false), GrantId: GRANT_ID_FIELD(false), DryRun: F.dryRun() },
  async run(ctx, input) {
    const grant = await namedGrant(ctx, input);
    // The grant's retiring principal may retire it; anyone else needs kms:RetireGrant (a policy, or the grant itself).
    const retiring = grant.retiringPrincipal !== undefined
      && (grant.retiringPrincipal === ctx.principal.arn || grant.retiringPrincipal === ctx.principal.role?.arn);
    await ctx.key(keyArn(ctx.scope, grant.keyId), 'RetireGrant', 'idOrArn', retiring ? { authorizedAs: 'retiring principal' } : {});
    ctx.dryRun(input.DryRun);
    ctx.audit.details.grantId = grant.grantId;
    if (!(await ctx.service.store.deleteGrant(grant.keyId, grant.grantId))) throw grantNotFound(grant.grantId);
    ctx.service.keys.invalidate(grant.keyId); // this node stops honouring it now; the change feed tells the others
    return {};
  },
});
