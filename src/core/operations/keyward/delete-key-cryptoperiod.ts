// DeleteKeyCryptoperiod: the key's versions have no cryptoperiod any more (those archived by it decrypt again).
// docs/extension-api.md
import { mutateLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { defineExtensionOperation } from '../../operation.js';
import { S } from './extension-shapes.js';
import { milestonesFor } from './set-key-cryptoperiod.js';

export const deleteKeyCryptoperiod = defineExtensionOperation<{ KeyId: string }>({
  name: 'DeleteKeyCryptoperiod',
  doc: 'Removes the cryptoperiod of a key: its versions protect and decrypt without time limits again. Idempotent.',
  errors: ['NotFoundException', 'KMSInvalidStateException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId() },
  output: { KeyId: { ...S.keyArn(), required: true } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'DeleteKeyCryptoperiod', 'idOrArn');
    let had = false;
    await mutateLifecycle(ctx.service, key.record.keyId, 'DeleteKeyCryptoperiod', (v) => {
      had = v.lifecycle.cryptoperiod !== undefined;
      return had ? { lifecycle: { cryptoperiod: undefined }, versions: milestonesFor(ctx.service, v, undefined) } : undefined;
    });
    ctx.audit.details = { changed: had };
    return { KeyId: key.arn };
  },
});
