// ListRoles: the account's roles by name, optionally under a path prefix. https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
import { iamOperation } from '../operation.js';
import { listOptions, pageMembers, type PagingInput } from './paging.js';
import { roleView } from './views.js';

export const listRoles = iamOperation<PagingInput>({
  name: 'ListRoles',
  resource: () => '*',
  async run(ctx, input) {
    const page = await ctx.identity.store.listEntities('role', listOptions(input));
    return { Roles: page.items.map((r) => roleView(r)), ...pageMembers(page) };
  },
});
