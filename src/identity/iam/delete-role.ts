// DeleteRole: only once the role has no inline or attached policies. Sessions already issued stop working: their
// requests find no policies. https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html
import { deleteConflict, noSuch } from '../errors.js';
import { iamOperation } from '../operation.js';
import { arnOf } from './lookups.js';

export const deleteRole = iamOperation<{ RoleName: string }>({
  name: 'DeleteRole',
  resource: (ctx, i) => arnOf(ctx, 'role', i.RoleName),
  async run(ctx, input) {
    const outcome = await ctx.identity.store.deleteEntity('role', input.RoleName);
    if (outcome === 'missing') throw noSuch('role', input.RoleName);
    if (outcome !== 'deleted') throw deleteConflict('role', outcome);
    ctx.details.roleName = input.RoleName;
    return {};
  },
});
