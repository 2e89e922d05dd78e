// AddUserToGroup: the user gets the group's policies (adding a member twice changes nothing).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
import { noSuch } from '../errors.js';
import { iamOperation } from '../operation.js';
import { arnOf } from './lookups.js';

export const addUserToGroup = iamOperation<{ GroupName: string; UserName: string }>({
  name: 'AddUserToGroup',
  resource: (ctx, i) => arnOf(ctx, 'group', i.GroupName),
  async run(ctx, input) {
    const outcome = await ctx.identity.store.addMember(input.GroupName, input.UserName);
    if (outcome === 'missing-group') throw noSuch('group', input.GroupName);
    if (outcome === 'missing-user') throw noSuch('user', input.UserName);
    Object.assign(ctx.details, { groupName: input.GroupName, userName: input.UserName });
    return {};
  },
});
