// SetDefaultPolicyVersion: which version of a customer managed policy is in force (on every node once the directory
// reloads). https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
import { noSuchPolicyVersion } from '../errors.js';
import { iamOperation } from '../operation.js';
import { requireCustomerPolicy } from './lookups.js';

export const setDefaultPolicyVersion = iamOperation<{ PolicyArn: string; VersionId: string }>({
  name: 'SetDefaultPolicyVersion',
  resource: (_ctx, i) => i.PolicyArn,
  async run(ctx, input) {
    const policy = await requireCustomerPolicy(ctx, input.PolicyArn);
    if (!(await ctx.identity.store.setDefaultPolicyVersion(policy.name, input.VersionId, ctx.identity.now()))) {
      throw noSuchPolicyVersion(input.PolicyArn, input.VersionId);
    }
    Object.assign(ctx.details, { policyArn: input.PolicyArn, versionId: input.VersionId });
    return {};
  },
});
