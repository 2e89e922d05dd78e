// GetCallerIdentity: who signed the request; every authenticated caller may ask (no permission needed, as in AWS).
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
import { stsOperation } from '../operation.js';

export const getCallerIdentity = stsOperation<Record<string, never>>({
  name: 'GetCallerIdentity',
  action: null,
  resource: () => '*',
  async run(ctx) {
    return { UserId: ctx.principal.userId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
  },
});
