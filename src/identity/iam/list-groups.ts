// ListGroups: the account's groups by name, optionally under a path prefix. https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroups.html
import { iamOperation } from '../operation.js';
import { listOptions, pageMembers, type PagingInput } from './paging.js';
import { groupView } from './views.js';

export const listGroups = iamOperation<PagingInput>({
  name: 'ListGroups',
  resource: () => '*',
  async run(ctx, input) {
    const page = await ctx.identity.store.listEntities('group', listOptions(input));
    return { Groups: page.items.map(groupView), ...pageMembers(page) };
  },
});
