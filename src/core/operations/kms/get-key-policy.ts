// GetKeyPolicy: the key's policy document (the only policy name is `default`).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html
import { F } from '../../../protocol/shape.js';
import { defineOperation } from '../../operation.js';
import { POLICY_NAME_FIELD, requireDefaultPolicyName } from '../../access/key-policy.js';

export const getKeyPolicy = defineOperation<{ KeyId: string; PolicyName?: string }>({
  name: 'GetKeyPolicy',
  input: { KeyId: F.keyId(), PolicyName: POLICY_NAME_FIELD },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'GetKeyPolicy', 'idOrArn');
    requireDefaultPolicyName(input.PolicyName);
    return { Policy: key.record.policy, PolicyName: 'default' };
  },
});
