// ListGroupsForUser: the groups a user belongs to. https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupsForUser.html
import { iamOperation } from '../operation.js';
import { arnOf, requireEntity } from './lookups.js';
import { listOptions, pageMembers, type PagingInput } from './paging.js';
import { groupView } from './views.js';

export const listGroupsForUser = iamOperation<{ UserName: string } & PagingInput>({
  name: 'ListGroupsForUser',
  resource: (ctx, i) => arnOf(ctx, 'user', i.UserName),
  async run(ctx, input) {
    const user = await requireEntity(ctx, 'user', input.UserName);
    const page = await ctx.identity.store.groupsOf(user.name, listOptions(input));
    return { Groups: page.items.map(groupView), ...pageMembers(page) };
  },
});
