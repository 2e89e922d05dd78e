// AddUserToGroup: the user gets the group's policies (adding a member twice changes nothing); at most 10 groups a user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
import { limitExceeded, noSuch } from '../errors.js';
import { IAM_QUOTAS } from '../identity-service.js';
import { iamOperation } from '../operation.js';
import { arnOf } from './lookups.js';

export const addUserToGroup = iamOperation<{ GroupName: string; UserName: string }>({
  name: 'AddUserToGroup',
  resource: (ctx, i) => arnOf(ctx, 'group', i.GroupName),
  async run(ctx, input) {
    const outcome = await ctx.identity.store.addMember(input.GroupName, input.UserName, IAM_QUOTAS.groupsPerUser);
    if (outcome === 'missing-group') throw noSuch('group', input.GroupName);
    if (outcome === 'missing-user') throw noSuch('user', input.UserName);
    if (outcome === 'limit') throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${IAM_QUOTAS.groupsPerUser}`);
    Object.assign(ctx.details, { groupName: input.GroupName, userName: input.UserName });
    return {};
  },
});
