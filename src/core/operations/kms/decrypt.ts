// Decrypt: opens a symmetric ciphertext with the key and version named inside it (KeyId optional; if given it
// must name that key). https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html
import { DRY_RUN_MODIFIERS, ENCRYPTION_ALGORITHMS, type EncryptionAlgorithm } from '../../../protocol/enums.js';
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { decryptKeyWithoutCiphertext, isRsaEncryption, refuseContext, rsaDecrypt, rsaOpen } from '../../data-plane/asymmetric.js';
import { defineOperation } from '../../operation.js';
import { RECIPIENT_FIELD, refuseRecipient } from '../../data-plane/recipient.js';
import { openCiphertext, requireSymmetricAlgorithm } from '../../data-plane/symmetric.js';

interface Input {
  CiphertextBlob?: Buffer; EncryptionContext?: Record<string, string>; GrantTokens?: string[]; KeyId?: string;
  EncryptionAlgorithm?: EncryptionAlgorithm; DryRun?: boolean; DryRunModifiers?: string[]; Recipient?: unknown;
}

export const decrypt = defineOperation<Input>({
  name: 'Decrypt',
  input: {
    CiphertextBlob: F.ciphertext(false), EncryptionContext: F.context(), GrantTokens: F.grantTokens(),
    KeyId: F.keyId(false), EncryptionAlgorithm: F.enumOf(ENCRYPTION_ALGORITHMS), DryRun: F.dryRun(),
    DryRunModifiers: { t: 'list', of: F.enumOf(DRY_RUN_MODIFIERS) }, Recipient: RECIPIENT_FIELD,
  },
  async run(ctx, input) {
    refuseRecipient(input.Recipient);
    if (input.DryRun && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT')) {
      // Every check but the ciphertext's, then DryRunOperationException (reference §4.11).
      await decryptKeyWithoutCiphertext(ctx, input.KeyId, input.EncryptionAlgorithm, input.EncryptionContext, 'Decrypt', 'Decrypt');
      ctx.dryRun(true);
    }
    if (input.CiphertextBlob === undefined) {
      throw new KmsError('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    }
    if (isRsaEncryption(input.EncryptionAlgorithm)) {
      // Asymmetric ciphertext is raw RSAES-OAEP output: KeyId and EncryptionAlgorithm name how to open it.
      refuseContext(input.EncryptionContext);
      const { key, pair } = await rsaOpen(ctx, input.KeyId, input.EncryptionAlgorithm!, 'Decrypt', 'Decrypt');
      ctx.dryRun(input.DryRun);
      const plaintext = await rsaDecrypt(pair, input.EncryptionAlgorithm!, input.CiphertextBlob);
      ctx.audit.details.bytes = plaintext.length;
      return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: input.EncryptionAlgorithm };
    }
    const opened = await openCiphertext(ctx, input.CiphertextBlob, input.EncryptionContext, 'Decrypt', input.KeyId);
    const algorithm = requireSymmetricAlgorithm(opened.key, input.EncryptionAlgorithm);
    ctx.dryRun(input.DryRun);
    return { KeyId: opened.key.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: algorithm, KeyMaterialId: opened.materialId };
  },
});
