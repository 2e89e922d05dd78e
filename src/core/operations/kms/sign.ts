// Sign: a signature with the private key of an asymmetric SIGN_VERIFY key (RSA, ECDSA, Ed25519, ML-DSA).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html
import { MESSAGE_TYPES, SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../../protocol/enums.js';
import { F } from '../../../protocol/shape.js';
import { signingKey, signMessage } from '../../data-plane/asymmetric.js';
import { defineOperation } from '../../operation.js';
import type { MessageType } from '../../data-plane/signing-table.js';

interface Input {
  KeyId: string; Message: Buffer; MessageType?: MessageType; GrantTokens?: string[]; SigningAlgorithm: SigningAlgorithm; DryRun?: boolean;
}

export const sign = defineOperation<Input>({
  name: 'Sign',
  input: {
    KeyId: F.keyId(), Message: F.plaintext(), MessageType: F.enumOf(MESSAGE_TYPES), GrantTokens: F.grantTokens(),
    SigningAlgorithm: F.enumOf(SIGNING_ALGORITHMS, true), DryRun: F.dryRun(),
  },
  async run(ctx, input) {
    const { key, messageType, pair } = await signingKey(ctx, 'Sign', input);
    const signature = await signMessage(key.record.keySpec, pair, input.SigningAlgorithm, messageType, input.Message);
    return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  },
});
