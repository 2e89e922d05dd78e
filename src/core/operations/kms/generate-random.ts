// GenerateRandom: 1–1024 bytes from the OS CSPRNG.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html
import { randomBytes } from 'node:crypto';
import { KmsError } from '../../../protocol/errors.js';
import { defineOperation } from '../../operation.js';
import { findStore, invalidState } from '../../custom-key-stores/custom-key-store-rules.js';
import { RECIPIENT_FIELD, refuseRecipient } from '../../data-plane/recipient.js';

export const generateRandom = defineOperation<{ NumberOfBytes?: number; CustomKeyStoreId?: string; Recipient?: unknown }>({
  name: 'GenerateRandom',
  input: {
    NumberOfBytes: { t: 'int', min: 1, max: 1024 },
    CustomKeyStoreId: { t: 'string', min: 1, max: 64 },
    Recipient: RECIPIENT_FIELD,
  },
  async run(ctx, input) {
    // The model marks NumberOfBytes optional, but the service requires it (observed AWS message).
    if (input.NumberOfBytes === undefined) throw new KmsError('ValidationException', 'NumberOfBytes is required.');
    refuseRecipient(input.Recipient);
    await ctx.authorizeAccount('GenerateRandom');
    if (input.CustomKeyStoreId !== undefined) {
      // From the random number generator of the store's token (AWS: of the CloudHSM cluster).
      const store = await findStore(ctx.service, input.CustomKeyStoreId);
      if (!(await ctx.service.customKeyStores.usable(store.customKeyStoreId))) throw invalidState(store, 'CONNECTED');
      return { Plaintext: ctx.service.deps.hsm.random(store.customKeyStoreId, input.NumberOfBytes) };
    }
    return { Plaintext: randomBytes(input.NumberOfBytes) };
  },
});
