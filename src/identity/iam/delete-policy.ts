// DeletePolicy: a customer managed policy that is attached to nothing and has only its default version left.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html
import { deleteConflict, noSuchPolicy } from '../errors.js';
import { iamOperation } from '../operation.js';
import { requireCustomerPolicy } from './lookups.js';

export const deletePolicy = iamOperation<{ PolicyArn: string }>({
  name: 'DeletePolicy',
  resource: (_ctx, i) => i.PolicyArn,
  async run(ctx, input) {
    const policy = await requireCustomerPolicy(ctx, input.PolicyArn);
    const outcome = await ctx.identity.store.deleteEntity('policy', policy.name);
    if (outcome === 'missing') throw noSuchPolicy(input.PolicyArn);
    if (outcome !== 'deleted') throw deleteConflict('policy', outcome);
    ctx.details.policyArn = input.PolicyArn;
    return {};
  },
});
