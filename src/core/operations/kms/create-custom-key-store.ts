// CreateCustomKeyStore: an AWS_CLOUDHSM key store on a PKCS#11 token the server is configured with (CloudHsmClusterId
// names it; KeyStorePassword is the token user's PIN, stored barrier-sealed; the trust anchor is recorded). It starts
// DISCONNECTED. https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateCustomKeyStore.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import {
  CKS_FIELDS, CUSTOM_KEY_STORE_TYPES, MAX_CUSTOM_KEY_STORES, checkTrustAnchor, newCustomKeyStoreId, refuseExternalKeyStore,
} from '../../custom-key-stores/custom-key-store-rules.js';
import { StoreConflictError } from '../../ports.js';
import { customKeyStorePasswordPurpose } from '../../secrets/sealed-values.js';
import { defineOperation } from '../../operation.js';

interface Input {
  CustomKeyStoreName: string; CloudHsmClusterId?: string; TrustAnchorCertificate?: string; KeyStorePassword?: string;
  CustomKeyStoreType?: (typeof CUSTOM_KEY_STORE_TYPES)[number];
}

const nameInUse = (name: string) => new KmsError('CustomKeyStoreNameInUseException', `Custom key store name ${name} is already in use.`);

const missing = (member: string) =>
  new KmsError('ValidationException', `${member} is required when CustomKeyStoreType is AWS_CLOUDHSM.`);

export const createCustomKeyStore = defineOperation<Input>({
  name: 'CreateCustomKeyStore',
  input: {
    CustomKeyStoreName: CKS_FIELDS.name(), CloudHsmClusterId: CKS_FIELDS.clusterId(), TrustAnchorCertificate: CKS_FIELDS.trustAnchor(),
    KeyStorePassword: CKS_FIELDS.password(), CustomKeyStoreType: F.enumOf(CUSTOM_KEY_STORE_TYPES),
    XksProxyUriEndpoint: { t: 'string', min: 10, max: 128 }, XksProxyUriPath: { t: 'string', min: 10, max: 128 },
    XksProxyVpcEndpointServiceName: { t: 'string', min: 20, max: 64 }, XksProxyVpcEndpointServiceOwner: { t: 'string', min: 12, max: 12 },
    XksProxyAuthenticationCredential: { t: 'map' }, XksProxyConnectivity: F.enumOf(['PUBLIC_ENDPOINT', 'VPC_ENDPOINT_SERVICE']),
  },
  async run(ctx, input) {
    if ((input.CustomKeyStoreType ?? 'AWS_CLOUDHSM') !== 'AWS_CLOUDHSM') refuseExternalKeyStore();
    const { CloudHsmClusterId: clusterId, TrustAnchorCertificate: anchor, KeyStorePassword: password } = input;
    if (clusterId === undefined) throw missing('CloudHsmClusterId');
    if (anchor === undefined) throw missing('TrustAnchorCertificate');
    if (password === undefined) throw missing('KeyStorePassword');
    await ctx.authorizeAccount('CreateCustomKeyStore');
    const { store, barrier, hsm } = ctx.service.deps;
    if (!hsm.hasCluster(clusterId)) throw new KmsError('CloudHsmClusterNotFoundException', `AWS CloudHSM cluster ${clusterId} not found.`);
    checkTrustAnchor(anchor);
    if (await store.customKeyStores.findCustomKeyStoreByName(input.CustomKeyStoreName)) throw nameInUse(input.CustomKeyStoreName);
    const existing = (await store.customKeyStores.listCustomKeyStores(MAX_CUSTOM_KEY_STORES + 1)).items;
    if (existing.some((s) => s.clusterId === clusterId)) {
      throw new KmsError('CloudHsmClusterInUseException', `AWS CloudHSM cluster ${clusterId} is already associated with a custom key store.`);
    }
    if (existing.length >= MAX_CUSTOM_KEY_STORES) throw new KmsError('LimitExceededException', 'You have reached the maximum number of custom key stores.');
    const id = newCustomKeyStoreId();
    try {
      await store.customKeyStores.createCustomKeyStore({
        customKeyStoreId: id, name: input.CustomKeyStoreName, clusterId, trustAnchor: anchor,
        sealedPassword: barrier.seal(customKeyStorePasswordPurpose(id), Buffer.from(password, 'utf8')),
        connectionState: 'DISCONNECTED', createdAt: ctx.service.now(), revision: 1,
      });
    } catch (err) {
      if (err instanceof StoreConflictError) throw nameInUse(input.CustomKeyStoreName); // a concurrent creator won
      throw err;
    }
    ctx.audit.details.customKeyStoreId = id;
    return { CustomKeyStoreId: id };
  },
});
