// EnableKey: Disabled → Enabled (idempotent on an enabled key). An archived key (Keyward's ArchiveKey) is thereby
// unarchived, closing any reactivation window: recorded in the audit details (lifecycle event KeyUnarchived).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html
import { F } from '../../../protocol/shape.js';
import { mutateLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { defineOperation } from '../../operation.js';

export const enableKey = defineOperation<{ KeyId: string }>({
  name: 'EnableKey',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'EnableKey', 'idOrArn');
    await mutateLifecycle(ctx.service, key.record.keyId, 'EnableKey', (v) => {
      const archived = v.lifecycle.archive !== undefined;
      if (archived) ctx.audit.details.unarchived = true;
      else delete ctx.audit.details.unarchived;
      if (v.key.state === 'Enabled' && !archived) return undefined;
      return { key: { state: 'Enabled' }, lifecycle: archived ? { archive: undefined, window: undefined } : undefined };
    });
    return {};
  },
});
