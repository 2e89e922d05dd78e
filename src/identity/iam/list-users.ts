// ListUsers: the account's users by name, optionally under a path prefix. https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
import { iamOperation } from '../operation.js';
import { listOptions, pageMembers, type PagingInput } from './paging.js';
import { userView } from './views.js';

export const listUsers = iamOperation<PagingInput>({
  name: 'ListUsers',
  resource: () => '*',
  async run(ctx, input) {
    const page = await ctx.identity.store.listEntities('user', listOptions(input));
    return { Users: page.items.map((u) => userView(u)), ...pageMembers(page) };
  },
});
