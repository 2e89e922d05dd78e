// GetAccessKeyLastUsed: when, for which service and in which Region a key last authenticated a request ("N/A" when
// never). https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html
import { noSuchAccessKey } from '../errors.js';
import { iamOperation } from '../operation.js';

export const getAccessKeyLastUsed = iamOperation<{ AccessKeyId: string }>({
  name: 'GetAccessKeyLastUsed',
  resource: (ctx, i) => {
    const owner = ctx.identity.directory.credential(i.AccessKeyId)?.principal.arn;
    return owner ?? '*';
  },
  async run(ctx, input) {
    const key = await ctx.identity.store.getAccessKey(input.AccessKeyId);
    if (!key) throw noSuchAccessKey(input.AccessKeyId);
    const pending = ctx.identity.usage.pending(key.accessKeyId);
    const use = pending && (!key.lastUsed || pending.at > key.lastUsed.at) ? pending : key.lastUsed;
    return {
      UserName: key.userName,
      AccessKeyLastUsed: use ? { LastUsedDate: use.at, ServiceName: use.service, Region: use.region } : { ServiceName: 'N/A', Region: 'N/A' },
    };
  },
});
