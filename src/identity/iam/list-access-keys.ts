// ListAccessKeys: a user's access keys (the caller's when UserName is absent), without secrets.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html
import { iamOperation } from '../operation.js';
import { arnOf, requireEntity, userNameOrCaller } from './lookups.js';
import { pageMembers, pageOfList } from './paging.js';
import { accessKeyMetadata } from './views.js';

export const listAccessKeys = iamOperation<{ UserName?: string; Marker?: string; MaxItems?: number }>({
  name: 'ListAccessKeys',
  resource: (ctx, i) => arnOf(ctx, 'user', userNameOrCaller(ctx, i.UserName)),
  async run(ctx, input) {
    const user = await requireEntity(ctx, 'user', userNameOrCaller(ctx, input.UserName));
    const page = pageOfList(await ctx.identity.store.accessKeysOf(user.name), input);
    return { AccessKeyMetadata: page.items.map(accessKeyMetadata), ...pageMembers(page) };
  },
});
