// GenerateDataKeyWithoutPlaintext: as GenerateDataKey, but only the encrypted copy leaves the service.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyWithoutPlaintext.html
import { F } from '../../../protocol/shape.js';
import { dataKeyInput, makeDataKey, type DataKeyInput } from '../../data-plane/data-key.js';
import { defineOperation } from '../../operation.js';

export const generateDataKeyWithoutPlaintext = defineOperation<DataKeyInput>({
  name: 'GenerateDataKeyWithoutPlaintext',
  input: { ...dataKeyInput, DryRun: F.dryRun() },
  async run(ctx, input) {
    const { plaintext, blob, key, materialId } = await makeDataKey(ctx, input, 'GenerateDataKeyWithoutPlaintext');
    plaintext.fill(0);
    return { CiphertextBlob: blob, KeyId: key.arn, KeyMaterialId: materialId };
  },
});
