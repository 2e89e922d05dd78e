// VerifyMac: recomputes the HMAC and compares in constant time; a mismatch is KMSInvalidMacException without a
// message (never MacValid:false). https://docs.aws.amazon.com/kms/latest/APIReference/API_VerifyMac.html
import { hmacVerify } from '../../../crypto/hmac.js';
import type { MacAlgorithm } from '../../../protocol/enums.js';
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { MAC_HASH } from '../../data-plane/mac-table.js';
import { defineOperation } from '../../operation.js';
import { macInput, macKey } from './generate-mac.js';

interface Input { Message: Buffer; KeyId: string; MacAlgorithm: MacAlgorithm; Mac: Buffer; GrantTokens?: string[]; DryRun?: boolean }

export const verifyMac = defineOperation<Input>({
  name: 'VerifyMac',
  input: { ...macInput, Mac: F.ciphertext() },
  async run(ctx, input) {
    const { key, secret } = await macKey(ctx, 'VerifyMac', input);
    if (!hmacVerify(MAC_HASH[input.MacAlgorithm], secret, input.Message, input.Mac)) throw new KmsError('KMSInvalidMacException');
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
  },
});
