// GenerateDataKey: a fresh data key from the CSPRNG, returned in plaintext and encrypted under a symmetric key.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html
import { F } from '../../../protocol/shape.js';
import { dataKeyInput, makeDataKey, type DataKeyInput } from '../../data-plane/data-key.js';
import { defineOperation } from '../../operation.js';
import { RECIPIENT_FIELD, refuseRecipient } from '../../data-plane/recipient.js';

export const generateDataKey = defineOperation<DataKeyInput & { Recipient?: unknown }>({
  name: 'GenerateDataKey',
  input: { ...dataKeyInput, Recipient: RECIPIENT_FIELD, DryRun: F.dryRun() },
  async run(ctx, input) {
    refuseRecipient(input.Recipient);
    const { plaintext, blob, key, materialId } = await makeDataKey(ctx, input, 'GenerateDataKey');
    return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: key.arn, KeyMaterialId: materialId };
  },
});
