// Encrypt: up to 4 KiB of plaintext under a symmetric key's current version, with the encryption context as AAD.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html
import { ENCRYPTION_ALGORITHMS, type EncryptionAlgorithm } from '../../protocol/enums.js';
import { F } from '../../protocol/shape.js';
import { defineOperation } from '../operation.js';
import { encryptionKey, requireSymmetricAlgorithm, sealWith } from '../symmetric.js';

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
    const key = await encryptionKey(ctx, input.KeyId, 'Encrypt', 'Encrypt');
    const algorithm = requireSymmetricAlgorithm(key, input.EncryptionAlgorithm);
    ctx.dryRun(input.DryRun);
    const { blob } = sealWith(ctx, key, input.Plaintext, input.EncryptionContext);
    return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: algorithm };
  },
});
