// Verify: checks a signature with the public key of an asymmetric SIGN_VERIFY key. A signature that does not
// verify is KMSInvalidSignatureException without a message, never SignatureValid:false (as AWS answers).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Verify.html
import { MESSAGE_TYPES, SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../../protocol/enums.js';
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { signingKey, verifyMessage } from '../../data-plane/asymmetric.js';
import { defineOperation } from '../../operation.js';
import type { MessageType } from '../../data-plane/signing-table.js';

interface Input {
  KeyId: string; Message: Buffer; MessageType?: MessageType; Signature: Buffer; SigningAlgorithm: SigningAlgorithm;
  GrantTokens?: string[]; DryRun?: boolean;
}

export const verify = defineOperation<Input>({
  name: 'Verify',
  input: {
    KeyId: F.keyId(), Message: F.plaintext(), MessageType: F.enumOf(MESSAGE_TYPES), Signature: F.ciphertext(),
    SigningAlgorithm: F.enumOf(SIGNING_ALGORITHMS, true), GrantTokens: F.grantTokens(), DryRun: F.dryRun(),
  },
  async run(ctx, input) {
    const { key, messageType, pair } = await signingKey(ctx, 'Verify', input);
    const valid = await verifyMessage(key.record.keySpec, pair, input.SigningAlgorithm, messageType, input.Message, input.Signature);
    if (!valid) throw new KmsError('KMSInvalidSignatureException');
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  },
});
