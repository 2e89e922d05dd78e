// GenerateRandom: 1–1024 bytes from the OS CSPRNG.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html
import { randomBytes } from 'node:crypto';
import { KmsError } from '../../../protocol/errors.js';
import { defineOperation } from '../../operation.js';
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
    if (input.CustomKeyStoreId !== undefined) {
      throw new KmsError('CustomKeyStoreNotFoundException', `Custom key store ${input.CustomKeyStoreId} does not exist.`);
    }
    refuseRecipient(input.Recipient);
    await ctx.authorizeAccount('GenerateRandom');
    return { Plaintext: randomBytes(input.NumberOfBytes) };
  },
});
