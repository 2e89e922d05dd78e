// CreateGroup: a new IAM group. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
import { StoreConflictError } from '../../core/ports.js';
import { alreadyExists } from '../errors.js';
import { entityArn, newId } from '../ids.js';
import type { Group } from '../model.js';
import { iamOperation } from '../operation.js';
import { groupView } from './views.js';

export const createGroup = iamOperation<{ GroupName: string; Path?: string }>({
  name: 'CreateGroup',
  resource: (ctx, i) => entityArn(ctx.identity.scope, 'group', i.Path ?? '/', i.GroupName),
  async run(ctx, input) {
    const path = input.Path ?? '/';
    const group: Group = {
      kind: 'group', name: input.GroupName, id: newId('group'), path, arn: entityArn(ctx.identity.scope, 'group', path, input.GroupName),
      createdAt: ctx.identity.now(), data: {},
    };
    try {
      await ctx.identity.store.createEntity(group);
    } catch (err) {
      if (err instanceof StoreConflictError) throw alreadyExists('group', input.GroupName);
      throw err;
    }
    ctx.details.groupName = group.name;
    return { Group: groupView(group) };
  },
});
