// CreateAccessKey: a new long-term access key for a user (the caller when UserName is absent); the secret is shown
// this once and stored only barrier-sealed. At most two per user. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
import { purpose } from '../../core/secrets/barrier.js';
import { limitExceeded, noSuch } from '../errors.js';
import { newId, newSecretAccessKey } from '../ids.js';
import { IAM_QUOTAS } from '../identity-service.js';
import { iamOperation } from '../operation.js';
import { arnOf, userNameOrCaller } from './lookups.js';

export const createAccessKey = iamOperation<{ UserName?: string }>({
  name: 'CreateAccessKey',
  resource: (ctx, i) => arnOf(ctx, 'user', userNameOrCaller(ctx, i.UserName)),
  async run(ctx, input) {
    const userName = userNameOrCaller(ctx, input.UserName);
    const accessKeyId = newId('accessKey');
    const secret = newSecretAccessKey();
    const sealedSecret = ctx.identity.kms.deps.barrier.seal(purpose.accessKeySecret(accessKeyId), Buffer.from(secret, 'utf8'));
    const createdAt = ctx.identity.now();
    const outcome = await ctx.identity.store.createAccessKey({ accessKeyId, userName, status: 'Active', createdAt, sealedSecret }, IAM_QUOTAS.accessKeysPerUser);
    if (outcome === 'missing') throw noSuch('user', userName);
    if (outcome === 'limit') throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${IAM_QUOTAS.accessKeysPerUser}`);
    const user = await ctx.identity.store.getEntity('user', userName);
    Object.assign(ctx.details, { userName, accessKeyId });
    return { AccessKey: { UserName: user?.name ?? userName, AccessKeyId: accessKeyId, Status: 'Active', SecretAccessKey: secret, CreateDate: createdAt } };
  },
});
