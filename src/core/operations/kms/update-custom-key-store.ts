// UpdateCustomKeyStore: a new name (in any state), or a new KeyStorePassword or CloudHsmClusterId (DISCONNECTED only).
// A store with keys keeps its token: another cluster id is "not related" (its token cannot hold those keys).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateCustomKeyStore.html
import { KmsError } from '../../../protocol/errors.js';
import { CKS_FIELDS, changeStore, findStore, invalidState } from '../../custom-key-stores/custom-key-store-rules.js';
import type { CustomKeyStoreRecord } from '../../custom-key-stores/custom-key-store-store.js';
import { StoreConflictError } from '../../ports.js';
import { customKeyStorePasswordPurpose } from '../../secrets/sealed-values.js';
import { defineOperation } from '../../operation.js';

interface Input { CustomKeyStoreId: string; NewCustomKeyStoreName?: string; KeyStorePassword?: string; CloudHsmClusterId?: string }

export const updateCustomKeyStore = defineOperation<Input>({
  name: 'UpdateCustomKeyStore',
  input: {
    CustomKeyStoreId: CKS_FIELDS.id(), NewCustomKeyStoreName: CKS_FIELDS.name(false), KeyStorePassword: CKS_FIELDS.password(),
    CloudHsmClusterId: CKS_FIELDS.clusterId(),
    XksProxyUriEndpoint: { t: 'string', min: 10, max: 128 }, XksProxyUriPath: { t: 'string', min: 10, max: 128 },
    XksProxyVpcEndpointServiceName: { t: 'string', min: 20, max: 64 }, XksProxyAuthenticationCredential: { t: 'map' },
  },
  async run(ctx, input) {
    const id = input.CustomKeyStoreId;
    const r = await findStore(ctx.service, id);
    await ctx.authorizeAccount('UpdateCustomKeyStore');
    const other = input.KeyStorePassword !== undefined || input.CloudHsmClusterId !== undefined;
    if (other && r.connectionState !== 'DISCONNECTED') throw invalidState(r, 'DISCONNECTED');
    if (input.CloudHsmClusterId !== undefined && input.CloudHsmClusterId !== r.clusterId) await checkNewCluster(ctx.service, r, input.CloudHsmClusterId);
    const patch: Partial<CustomKeyStoreRecord> = {};
    if (input.NewCustomKeyStoreName !== undefined) patch.name = input.NewCustomKeyStoreName;
    if (input.CloudHsmClusterId !== undefined) patch.clusterId = input.CloudHsmClusterId;
    if (input.KeyStorePassword !== undefined) {
      patch.sealedPassword = ctx.service.deps.barrier.seal(customKeyStorePasswordPurpose(id), Buffer.from(input.KeyStorePassword, 'utf8'));
    }
    try {
      await changeStore(ctx.service, id, () => (Object.keys(patch).length ? patch : undefined));
    } catch (err) {
      if (!(err instanceof StoreConflictError)) throw err;
      throw new KmsError('CustomKeyStoreNameInUseException', `Custom key store name ${input.NewCustomKeyStoreName} is already in use.`);
    }
    return {};
  },
});

async function checkNewCluster(service: Parameters<typeof findStore>[0], r: CustomKeyStoreRecord, clusterId: string): Promise<void> {
  if (!service.deps.hsm.hasCluster(clusterId)) throw new KmsError('CloudHsmClusterNotFoundException', `AWS CloudHSM cluster ${clusterId} not found.`);
  if ((await service.store.customKeyStores.countCustomKeyStoreKeys(r.customKeyStoreId)) > 0) {
    throw new KmsError('CloudHsmClusterNotRelatedException',
      `AWS CloudHSM cluster ${clusterId} is not related to ${r.clusterId}: the keys of custom key store ${r.customKeyStoreId} are not in its token.`);
  }
}
