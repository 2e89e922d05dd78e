// GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key, with its spec, usage and the one algorithm
// list for that usage. Symmetric and HMAC keys have no public key (UnsupportedOperationException).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html
import { CUSTOMER_MASTER_KEY_SPECS } from '../../../protocol/enums.js';
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { currentPair, isAsymmetricKey } from '../../data-plane/asymmetric.js';
import { algorithmsFor } from '../../keys/key-spec-table.js';
import { defineOperation } from '../../operation.js';

export const getPublicKey = defineOperation<{ KeyId: string; GrantTokens?: string[] }>({
  name: 'GetPublicKey',
  input: { KeyId: F.keyId(), GrantTokens: F.grantTokens() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'GetPublicKey', 'any');
    const { keySpec, keyUsage } = key.record;
    if (!isAsymmetricKey(key)) {
      throw new KmsError('UnsupportedOperationException', `${key.arn} key spec is ${keySpec} which is not valid for GetPublicKey.`);
    }
    const { pair } = currentPair(ctx, key);
    return {
      KeyId: key.arn, PublicKey: pair.spki, KeySpec: keySpec, KeyUsage: keyUsage,
      ...(CUSTOMER_MASTER_KEY_SPECS.includes(keySpec) ? { CustomerMasterKeySpec: keySpec } : {}),
      ...algorithmsFor(keySpec, keyUsage),
    };
  },
});
