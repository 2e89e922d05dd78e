// DisableKey: Enabled → Disabled (idempotent); cryptographic operations then fail with DisabledException.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html
import { F } from '../../../protocol/shape.js';
import { mutateKey } from '../../keys/key-mutation.js';
import { defineOperation } from '../../operation.js';

export const disableKey = defineOperation<{ KeyId: string }>({
  name: 'DisableKey',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'DisableKey', 'idOrArn');
    await mutateKey(ctx.service, key.record.keyId, 'DisableKey', (k) => (k.state === 'Disabled' ? undefined : { state: 'Disabled' }));
    return {};
  },
});
