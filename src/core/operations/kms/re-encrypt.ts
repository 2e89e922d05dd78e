// ReEncrypt: decrypts under the source key and encrypts under the destination key inside the service, so the
// plaintext never leaves it. https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
import { DRY_RUN_MODIFIERS, ENCRYPTION_ALGORITHMS, type EncryptionAlgorithm } from '../../../protocol/enums.js';
import { F } from '../../../protocol/shape.js';
import { defineOperation } from '../../operation.js';
import { decryptKeyWithoutCiphertext, destinationForReEncrypt, openForReEncrypt } from '../../data-plane/asymmetric.js';
import { KmsError } from '../../../protocol/errors.js';

interface Input {
  CiphertextBlob?: Buffer; SourceEncryptionContext?: Record<string, string>; SourceKeyId?: string;
  DestinationKeyId: string; DestinationEncryptionContext?: Record<string, string>;
  SourceEncryptionAlgorithm?: EncryptionAlgorithm; DestinationEncryptionAlgorithm?: EncryptionAlgorithm;
  GrantTokens?: string[]; DryRun?: boolean; DryRunModifiers?: string[];
}

export const reEncrypt = defineOperation<Input>({
  name: 'ReEncrypt',
  input: {
    CiphertextBlob: F.ciphertext(false), SourceEncryptionContext: F.context(), SourceKeyId: F.keyId(false),
    DestinationKeyId: F.keyId(), DestinationEncryptionContext: F.context(),
    SourceEncryptionAlgorithm: F.enumOf(ENCRYPTION_ALGORITHMS), DestinationEncryptionAlgorithm: F.enumOf(ENCRYPTION_ALGORITHMS),
    GrantTokens: F.grantTokens(), DryRun: F.dryRun(), DryRunModifiers: { t: 'list', of: F.enumOf(DRY_RUN_MODIFIERS) },
  },
  async run(ctx, input) {
    if (input.DryRun && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT')) {
      // Every check but the ciphertext's: the source key by SourceKeyId, then the destination (reference §4.11).
      await decryptKeyWithoutCiphertext(ctx, input.SourceKeyId, input.SourceEncryptionAlgorithm, input.SourceEncryptionContext,
        'ReEncryptFrom', 'ReEncrypt', 'SourceKeyId');
      await destinationForReEncrypt(ctx, input.DestinationKeyId, input.DestinationEncryptionAlgorithm, input.DestinationEncryptionContext);
      ctx.dryRun(true);
    }
    if (input.CiphertextBlob === undefined) {
      // Optional in the model only for DryRun with IGNORE_CIPHERTEXT.
      throw new KmsError('ValidationException', "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    }
    // Symmetric or RSA on either side (asymmetric.ts); the RSA source needs SourceKeyId + SourceEncryptionAlgorithm.
    const source = await openForReEncrypt(ctx, input.CiphertextBlob, input.SourceEncryptionContext, input.SourceKeyId, input.SourceEncryptionAlgorithm);
    const sourceVersion = ctx.audit.keyVersion; // the destination's replaces it in the record: usage counts both
    const sourceAlgorithm = source.algorithm;
    const destination = await destinationForReEncrypt(ctx, input.DestinationKeyId, input.DestinationEncryptionAlgorithm, input.DestinationEncryptionContext);
    const dest = destination.key;
    const destAlgorithm = destination.algorithm;
    ctx.audit.details.sourceKeyArn = source.key.arn;
    if (sourceVersion !== undefined) ctx.audit.details.sourceKeyVersion = sourceVersion;
    try {
      ctx.dryRun(input.DryRun);
      const sealed = destination.seal(source.plaintext);
      return {
        CiphertextBlob: sealed.blob, SourceKeyId: source.key.arn, KeyId: dest.arn,
        SourceEncryptionAlgorithm: sourceAlgorithm, DestinationEncryptionAlgorithm: destAlgorithm,
        SourceKeyMaterialId: source.materialId, DestinationKeyMaterialId: sealed.materialId,
      };
    } finally {
      source.plaintext.fill(0);
    }
  },
});
