// DeleteAccessKey: removes a user's access key for good. https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html
import { noSuchAccessKey } from '../errors.js';
import { iamOperation } from '../operation.js';
import { arnOf, requireEntity, userNameOrCaller } from './lookups.js';

export const deleteAccessKey = iamOperation<{ UserName?: string; AccessKeyId: string }>({
  name: 'DeleteAccessKey',
  resource: (ctx, i) => arnOf(ctx, 'user', userNameOrCaller(ctx, i.UserName)),
  async run(ctx, input) {
    const user = await requireEntity(ctx, 'user', userNameOrCaller(ctx, input.UserName));
    if (!(await ctx.identity.store.deleteAccessKey(user.name, input.AccessKeyId))) throw noSuchAccessKey(input.AccessKeyId);
    Object.assign(ctx.details, { userName: user.name, accessKeyId: input.AccessKeyId });
    return {};
  },
});
