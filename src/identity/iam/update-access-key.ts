// UpdateAccessKey: makes a key Active or Inactive; an inactive key is refused from the next request on, on every node
// (the directory reloads). https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html
import { QueryError } from '../../protocol/query/errors.js';
import { noSuchAccessKey } from '../errors.js';
import { iamOperation } from '../operation.js';
import { arnOf, requireEntity, userNameOrCaller } from './lookups.js';

export const updateAccessKey = iamOperation<{ UserName?: string; AccessKeyId: string; Status: 'Active' | 'Inactive' | 'Expired' }>({
  name: 'UpdateAccessKey',
  resource: (ctx, i) => arnOf(ctx, 'user', userNameOrCaller(ctx, i.UserName)),
  async run(ctx, input) {
    if (input.Status === 'Expired') throw new QueryError('ValidationError', "Status must be 'Active' or 'Inactive'.");
    const user = await requireEntity(ctx, 'user', userNameOrCaller(ctx, input.UserName));
    if (!(await ctx.identity.store.setAccessKeyStatus(user.name, input.AccessKeyId, input.Status))) throw noSuchAccessKey(input.AccessKeyId);
    Object.assign(ctx.details, { userName: user.name, accessKeyId: input.AccessKeyId, status: input.Status });
    return {};
  },
});
