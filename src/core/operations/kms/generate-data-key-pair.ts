// GenerateDataKeyPair: a fresh key pair; the public key (DER SPKI), the private key in plaintext (DER PKCS#8) and
// sealed under a symmetric key. https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html
import { dataKeyPairInput, makeDataKeyPair, type DataKeyPairInput } from '../../data-plane/data-key-pair.js';
import { defineOperation } from '../../operation.js';
import { RECIPIENT_FIELD, refuseRecipient } from '../../data-plane/recipient.js';

export const generateDataKeyPair = defineOperation<DataKeyPairInput>({
  name: 'GenerateDataKeyPair',
  input: { ...dataKeyPairInput, Recipient: RECIPIENT_FIELD },
  async run(ctx, input) {
    refuseRecipient(input.Recipient);
    const made = await makeDataKeyPair(ctx, input, 'GenerateDataKeyPair');
    return {
      PrivateKeyCiphertextBlob: made.blob, PrivateKeyPlaintext: made.privateKey, PublicKey: made.publicKey, KeyId: made.key.arn,
      KeyPairSpec: input.KeyPairSpec, KeyMaterialId: made.materialId,
    };
  },
});
