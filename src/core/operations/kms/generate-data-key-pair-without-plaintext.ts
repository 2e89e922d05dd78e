// GenerateDataKeyPairWithoutPlaintext: as GenerateDataKeyPair, without the plaintext private key.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPairWithoutPlaintext.html
import { dataKeyPairInput, makeDataKeyPair, type DataKeyPairInput } from '../../data-plane/data-key-pair.js';
import { defineOperation } from '../../operation.js';

export const generateDataKeyPairWithoutPlaintext = defineOperation<DataKeyPairInput>({
  name: 'GenerateDataKeyPairWithoutPlaintext',
  input: dataKeyPairInput,
  async run(ctx, input) {
    const made = await makeDataKeyPair(ctx, input, 'GenerateDataKeyPairWithoutPlaintext');
    made.privateKey.fill(0);
    return {
      PrivateKeyCiphertextBlob: made.blob, PublicKey: made.publicKey, KeyId: made.key.arn, KeyPairSpec: input.KeyPairSpec,
      KeyMaterialId: made.materialId,
    };
  },
});
