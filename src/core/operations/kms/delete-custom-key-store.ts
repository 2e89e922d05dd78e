// DeleteCustomKeyStore: only a DISCONNECTED store without keys (schedule their deletion and wait first, as AWS asks).
// The token and its objects are untouched. https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteCustomKeyStore.html
import { KmsError } from '../../../protocol/errors.js';
import { CKS_FIELDS, findStore, invalidState } from '../../custom-key-stores/custom-key-store-rules.js';
import { defineOperation } from '../../operation.js';

export const deleteCustomKeyStore = defineOperation<{ CustomKeyStoreId: string }>({
  name: 'DeleteCustomKeyStore',
  input: { CustomKeyStoreId: CKS_FIELDS.id() },
  async run(ctx, input) {
    await ctx.authorizeAccount('DeleteCustomKeyStore');
    for (;;) {
      const r = await findStore(ctx.service, input.CustomKeyStoreId);
      if (r.connectionState !== 'DISCONNECTED') throw invalidState(r, 'DISCONNECTED');
      const outcome = await ctx.service.store.customKeyStores.deleteCustomKeyStore(r.customKeyStoreId, r.revision);
      if (outcome === 'has-keys') {
        throw new KmsError('CustomKeyStoreHasCMKsException', `Custom key store ${r.customKeyStoreId} contains KMS keys: delete them first.`);
      }
      if (outcome === 'deleted') {
        ctx.service.customKeyStores.remember(r.customKeyStoreId, undefined);
        return {};
      }
    }
  },
});
