// GetRole: a role with its trust policy, tags and last use. https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
import { iamOperation } from '../operation.js';
import { arnOf, requireEntity } from './lookups.js';
import { roleView } from './views.js';

export const getRole = iamOperation<{ RoleName: string }>({
  name: 'GetRole',
  resource: (ctx, i) => arnOf(ctx, 'role', i.RoleName),
  async run(ctx, input) {
    return { Role: roleView(await requireEntity(ctx, 'role', input.RoleName), true) };
  },
});
