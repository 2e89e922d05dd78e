// DeleteUser: only once the user has no access keys, policies or group memberships (DeleteConflict otherwise).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
import { deleteConflict, noSuch } from '../errors.js';
import { iamOperation } from '../operation.js';
import { arnOf } from './lookups.js';

export const deleteUser = iamOperation<{ UserName: string }>({
  name: 'DeleteUser',
  resource: (ctx, i) => arnOf(ctx, 'user', i.UserName),
  async run(ctx, input) {
    const outcome = await ctx.identity.store.deleteEntity('user', input.UserName);
    if (outcome === 'missing') throw noSuch('user', input.UserName);
    if (outcome !== 'deleted') throw deleteConflict('user', outcome);
    ctx.details.userName = input.UserName;
    return {};
  },
});
