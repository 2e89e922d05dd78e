// DeletePolicyVersion: a non-default version of a customer managed policy. https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html
import { noSuchPolicyVersion } from '../errors.js';
import { iamOperation } from '../operation.js';
import { requireCustomerPolicy } from './lookups.js';
import { QueryError } from '../../protocol/query/errors.js';

export const deletePolicyVersion = iamOperation<{ PolicyArn: string; VersionId: string }>({
  name: 'DeletePolicyVersion',
  resource: (_ctx, i) => i.PolicyArn,
  async run(ctx, input) {
    const policy = await requireCustomerPolicy(ctx, input.PolicyArn);
    const outcome = await ctx.identity.store.deletePolicyVersion(policy.name, input.VersionId);
    if (outcome === 'missing') throw noSuchPolicyVersion(input.PolicyArn, input.VersionId);
    if (outcome === 'default') throw new QueryError('DeleteConflict', 'Cannot delete the default version of a policy.', 409);
    Object.assign(ctx.details, { policyArn: input.PolicyArn, versionId: input.VersionId });
    return {};
  },
});
