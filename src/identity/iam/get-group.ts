// GetGroup: a group and its users, paged. https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html
import { iamOperation } from '../operation.js';
import { arnOf, requireEntity } from './lookups.js';
import { listOptions, pageMembers, type PagingInput } from './paging.js';
import { groupView, userView } from './views.js';

export const getGroup = iamOperation<{ GroupName: string } & PagingInput>({
  name: 'GetGroup',
  resource: (ctx, i) => arnOf(ctx, 'group', i.GroupName),
  async run(ctx, input) {
    const group = await requireEntity(ctx, 'group', input.GroupName);
    const page = await ctx.identity.store.groupMembers(group.name, listOptions(input));
    return { Group: groupView(group), Users: page.items.map((u) => userView(u)), ...pageMembers(page) };
  },
});
