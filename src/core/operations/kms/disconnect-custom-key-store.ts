// DisconnectCustomKeyStore: logs out of the store's token; its keys become Unavailable on every node (within a second
// on the others). Refused while DISCONNECTED or DISCONNECTING.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DisconnectCustomKeyStore.html
import { CKS_FIELDS, changeStore, findStore, invalidState } from '../../custom-key-stores/custom-key-store-rules.js';
import { defineOperation } from '../../operation.js';

export const disconnectCustomKeyStore = defineOperation<{ CustomKeyStoreId: string }>({
  name: 'DisconnectCustomKeyStore',
  input: { CustomKeyStoreId: CKS_FIELDS.id() },
  async run(ctx, input) {
    const r = await findStore(ctx.service, input.CustomKeyStoreId);
    await ctx.authorizeAccount('DisconnectCustomKeyStore');
    if (r.connectionState === 'DISCONNECTED' || r.connectionState === 'DISCONNECTING') throw invalidState(r, 'CONNECTED, CONNECTING or FAILED');
    await changeStore(ctx.service, r.customKeyStoreId, () => ({ connectionState: 'DISCONNECTED', connectionErrorCode: undefined }));
    return {};
  },
});
