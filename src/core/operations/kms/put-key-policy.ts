// PutKeyPolicy: replaces the key's policy document (size quota, JSON and statement checks).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
import { F } from '../../../protocol/shape.js';
import { mutateKey } from '../../keys/key-mutation.js';
import { defineOperation } from '../../operation.js';
import { checkPolicy, POLICY_FIELD, POLICY_NAME_FIELD, requireDefaultPolicyName } from '../../access/key-policy.js';

export const putKeyPolicy = defineOperation<{ KeyId: string; PolicyName?: string; Policy: string; BypassPolicyLockoutSafetyCheck?: boolean }>({
  name: 'PutKeyPolicy',
  input: { KeyId: F.keyId(), PolicyName: POLICY_NAME_FIELD, Policy: { ...POLICY_FIELD, required: true }, BypassPolicyLockoutSafetyCheck: { t: 'bool' } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'PutKeyPolicy', 'idOrArn');
    requireDefaultPolicyName(input.PolicyName);
    checkPolicy(input.Policy);
    ctx.service.deps.authorizer.checkKeyPolicy(input.Policy, {
      principal: ctx.principal, keyArn: key.arn, bypassLockout: input.BypassPolicyLockoutSafetyCheck === true, request: ctx.request,
    });
    await mutateKey(ctx.service, key.record.keyId, 'PutKeyPolicy', () => ({ policy: input.Policy }));
    return {};
  },
});
