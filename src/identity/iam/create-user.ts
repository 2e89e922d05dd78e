// CreateUser: a new IAM user with no permissions and no credentials. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
import { StoreConflictError } from '../../core/ports.js';
import { alreadyExists } from '../errors.js';
import { entityArn, newId } from '../ids.js';
import type { User } from '../model.js';
import { iamOperation } from '../operation.js';
import { checkBoundary } from './lookups.js';
import { initialTags } from './tag-rules.js';
import { userView } from './views.js';

interface Input { UserName: string; Path?: string; PermissionsBoundary?: string; Tags?: { Key: string; Value: string }[] }

export const createUser = iamOperation<Input>({
  name: 'CreateUser',
  resource: (ctx, i) => entityArn(ctx.identity.scope, 'user', i.Path ?? '/', i.UserName),
  async run(ctx, input) {
    await checkBoundary(ctx, input.PermissionsBoundary);
    const path = input.Path ?? '/';
    const user: User = {
      kind: 'user', name: input.UserName, id: newId('user'), path, arn: entityArn(ctx.identity.scope, 'user', path, input.UserName),
      createdAt: ctx.identity.now(), data: { tags: initialTags(input.Tags), permissionsBoundary: input.PermissionsBoundary },
    };
    try {
      await ctx.identity.store.createEntity(user);
    } catch (err) {
      if (err instanceof StoreConflictError) throw alreadyExists('user', input.UserName);
      throw err;
    }
    ctx.details.userName = user.name;
    return { User: userView(user, true) };
  },
});
