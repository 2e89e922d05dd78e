// ConnectCustomKeyStore: logs in to the store's token with its KeyStorePassword. CONNECTED on success; FAILED with
// AWS's ConnectionErrorCode when the token is missing or the PIN is wrong (the answer is {} either way, as AWS's
// connection is asynchronous). Refused while DISCONNECTING or FAILED (disconnect first, as AWS asks).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ConnectCustomKeyStore.html
import { ConnectFailure } from '../../custom-key-stores/backend.js';
import { CKS_FIELDS, changeStore, findStore, invalidState } from '../../custom-key-stores/custom-key-store-rules.js';
import { defineOperation } from '../../operation.js';

export const connectCustomKeyStore = defineOperation<{ CustomKeyStoreId: string }>({
  name: 'ConnectCustomKeyStore',
  input: { CustomKeyStoreId: CKS_FIELDS.id() },
  async run(ctx, input) {
    const id = input.CustomKeyStoreId;
    const r = await findStore(ctx.service, id);
    await ctx.authorizeAccount('ConnectCustomKeyStore');
    if (r.connectionState === 'DISCONNECTING' || r.connectionState === 'FAILED') throw invalidState(r, 'DISCONNECTED or CONNECTED');
    if (r.connectionState === 'CONNECTED' && ctx.service.deps.hsm.isConnected(id)) return {};
    let outcome: { connectionState: 'CONNECTED' | 'FAILED'; connectionErrorCode?: string } = { connectionState: 'CONNECTED' };
    try {
      await ctx.service.customKeyStores.openSession(r);
    } catch (err) {
      if (!(err instanceof ConnectFailure)) throw err;
      outcome = { connectionState: 'FAILED', connectionErrorCode: err.code };
    }
    await changeStore(ctx.service, id, () => ({ ...outcome, connectionErrorCode: outcome.connectionErrorCode }));
    ctx.audit.details.connectionState = outcome.connectionState;
    if (outcome.connectionErrorCode) ctx.audit.details.connectionErrorCode = outcome.connectionErrorCode;
    return {};
  },
});
