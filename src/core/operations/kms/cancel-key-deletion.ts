// CancelKeyDeletion: PendingDeletion (or a multi-Region primary's PendingReplicaDeletion) → Disabled (not Enabled, as in AWS; PendingImport for an imported key without material).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html
import { F } from '../../../protocol/shape.js';
import { mutateKey } from '../../keys/key-mutation.js';
import { stateFor } from '../../import/import-material.js';
import { defineOperation } from '../../operation.js';

export const cancelKeyDeletion = defineOperation<{ KeyId: string }>({
  name: 'CancelKeyDeletion',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'CancelKeyDeletion', 'idOrArn');
    // An imported key whose material expired or was deleted meanwhile returns to PendingImport, as in AWS.
    const materials = key.record.origin === 'EXTERNAL' ? await ctx.service.store.getImportedMaterials(key.record.keyId) : undefined;
    await mutateKey(ctx.service, key.record.keyId, 'CancelKeyDeletion', (k) => ({
      state: materials ? stateFor({ ...k, state: 'Disabled' }, materials) : 'Disabled', deletionDate: undefined, pendingWindowDays: undefined,
    }));
    return { KeyId: key.arn };
  },
});
