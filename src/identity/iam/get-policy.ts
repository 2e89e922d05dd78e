// GetPolicy: a managed policy's facts (customer or AWS managed); its document comes from GetPolicyVersion.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html
import { iamOperation } from '../operation.js';
import { requirePolicy } from './lookups.js';
import { managedPolicyFacts, policyView } from './views.js';

export const getPolicy = iamOperation<{ PolicyArn: string }>({
  name: 'GetPolicy',
  resource: (_ctx, i) => i.PolicyArn,
  async run(ctx, input) {
    const named = await requirePolicy(ctx, input.PolicyArn);
    const count = await ctx.identity.store.attachmentCount(input.PolicyArn);
    if (named.kind === 'customer') return { Policy: policyView(managedPolicyFacts(named.policy, count), true) };
    const p = named.policy;
    return {
      Policy: policyView({
        name: p.name, id: p.id, arn: p.arn, path: p.path, defaultVersionId: 'v1', attachmentCount: count, description: p.description,
        createdAt: p.createdAt, updatedAt: p.createdAt,
      }, true),
    };
  },
});
