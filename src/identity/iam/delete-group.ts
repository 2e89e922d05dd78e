// DeleteGroup: only once the group has no users and no policies. https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html
import { deleteConflict, noSuch } from '../errors.js';
import { iamOperation } from '../operation.js';
import { arnOf } from './lookups.js';

export const deleteGroup = iamOperation<{ GroupName: string }>({
  name: 'DeleteGroup',
  resource: (ctx, i) => arnOf(ctx, 'group', i.GroupName),
  async run(ctx, input) {
    const outcome = await ctx.identity.store.deleteEntity('group', input.GroupName);
    if (outcome === 'missing') throw noSuch('group', input.GroupName);
    if (outcome !== 'deleted') throw deleteConflict('group', outcome);
    ctx.details.groupName = input.GroupName;
    return {};
  },
});
