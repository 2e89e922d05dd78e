// RemoveUserFromGroup. https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html
import { noSuchEntity } from '../errors.js';
import { iamOperation } from '../operation.js';
import { arnOf, requireEntity } from './lookups.js';

export const removeUserFromGroup = iamOperation<{ GroupName: string; UserName: string }>({
  name: 'RemoveUserFromGroup',
  resource: (ctx, i) => arnOf(ctx, 'group', i.GroupName),
  async run(ctx, input) {
    await requireEntity(ctx, 'group', input.GroupName);
    await requireEntity(ctx, 'user', input.UserName);
    if (!(await ctx.identity.store.removeMember(input.GroupName, input.UserName))) {
      throw noSuchEntity(`User ${input.UserName} is not in group ${input.GroupName}.`);
    }
    Object.assign(ctx.details, { groupName: input.GroupName, userName: input.UserName });
    return {};
  },
});
