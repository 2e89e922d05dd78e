// DeriveSharedSecret: raw ECDH (cofactor) between a KEY_AGREEMENT key's private key and a peer's DER SPKI on the
// same curve. The peer key is validated (named curve, on-curve point, canonical DER); a bad one is a
// ValidationException without a message. https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html
import { KEY_AGREEMENT_ALGORITHMS } from '../../../protocol/enums.js';
import { F } from '../../../protocol/shape.js';
import { currentPair, deriveShared, usableKey } from '../../data-plane/asymmetric.js';
import { defineOperation } from '../../operation.js';
import { RECIPIENT_FIELD, refuseRecipient } from '../../data-plane/recipient.js';

interface Input { KeyId: string; KeyAgreementAlgorithm: 'ECDH'; PublicKey: Buffer; GrantTokens?: string[]; DryRun?: boolean; Recipient?: unknown }

export const deriveSharedSecret = defineOperation<Input>({
  name: 'DeriveSharedSecret',
  input: {
    KeyId: F.keyId(), KeyAgreementAlgorithm: F.enumOf(KEY_AGREEMENT_ALGORITHMS, true), PublicKey: { t: 'blob', required: true, min: 1, max: 8192 },
    GrantTokens: F.grantTokens(), DryRun: F.dryRun(), Recipient: RECIPIENT_FIELD,
  },
  async run(ctx, input) {
    refuseRecipient(input.Recipient);
    const key = await usableKey(ctx, input.KeyId, 'DeriveSharedSecret', 'KEY_AGREEMENT');
    ctx.dryRun(input.DryRun);
    const { pair } = currentPair(ctx, key);
    const secret = await deriveShared(key.record.keySpec, pair, input.PublicKey);
    return { KeyId: key.arn, SharedSecret: secret, KeyAgreementAlgorithm: input.KeyAgreementAlgorithm, KeyOrigin: key.record.origin };
  },
});
