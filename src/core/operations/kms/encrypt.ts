// Encrypt: up to 4 KiB of plaintext under a symmetric key's current version, with the encryption context as AAD.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
import { ENCRYPTION_ALGORITHMS, type EncryptionAlgorithm } from '../../../protocol/enums.js';
import { F } from '../../../protocol/shape.js';
import { isAsymmetricKey, refuseContext, requireAlgorithm, rsaSeal } from '../../data-plane/asymmetric.js';
import { defineOperation } from '../../operation.js';
import { requireSymmetricAlgorithm, requireUsage, sealWith } from '../../data-plane/symmetric.js';

interface Input {
  KeyId: string; Plaintext: Buffer; EncryptionContext?: Record<string, string>; GrantTokens?: string[];
  EncryptionAlgorithm?: EncryptionAlgorithm; DryRun?: boolean;
}

export const encrypt = defineOperation<Input>({
  name: 'Encrypt',
  input: {
    KeyId: F.keyId(), Plaintext: F.plaintext(), EncryptionContext: F.context(), GrantTokens: F.grantTokens(),
    EncryptionAlgorithm: F.enumOf(ENCRYPTION_ALGORITHMS), DryRun: F.dryRun(),
  },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'Encrypt', 'any');
    requireUsage(key, 'ENCRYPT_DECRYPT', 'Encrypt');
    if (isAsymmetricKey(key)) {
      // RSA: raw RSAES-OAEP output, so anyone with the public key can produce the same kind of ciphertext.
      refuseContext(input.EncryptionContext);
      requireAlgorithm(key, 'EncryptionAlgorithms', input.EncryptionAlgorithm);
      ctx.dryRun(input.DryRun);
      const sealed = rsaSeal(ctx, key, input.EncryptionAlgorithm, input.Plaintext);
      return { CiphertextBlob: sealed.blob, KeyId: key.arn, EncryptionAlgorithm: sealed.algorithm };
    }
    const algorithm = requireSymmetricAlgorithm(key, input.EncryptionAlgorithm);
    ctx.dryRun(input.DryRun);
    const { blob } = sealWith(ctx, key, input.Plaintext, input.EncryptionContext);
    return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: algorithm };
  },
});
