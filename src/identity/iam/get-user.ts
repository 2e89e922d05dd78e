// GetUser: a user's facts; without UserName, the calling user's. https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
import { iamOperation } from '../operation.js';
import { arnOf, requireEntity, userNameOrCaller } from './lookups.js';
import { userView } from './views.js';

export const getUser = iamOperation<{ UserName?: string }>({
  name: 'GetUser',
  resource: (ctx, i) => (i.UserName === undefined ? ctx.principal.arn : arnOf(ctx, 'user', i.UserName)),
  async run(ctx, input) {
    return { User: userView(await requireEntity(ctx, 'user', userNameOrCaller(ctx, input.UserName)), true) };
  },
});
