// VerifyMac: recomputes the HMAC and compares in constant time; a mismatch is KMSInvalidMacException without a
// message (never MacValid:false). https://docs.aws.amazon.com/kms/latest/APIReference/API_VerifyMac.html
import { hmacVerify } from '../../crypto/hmac.js';
import type { MacAlgorithm } from '../../protocol/enums.js';
import { KmsError } from '../../protocol/errors.js';
import { F } from '../../protocol/shape.js';
import { requireAlgorithm, usableKey } from '../asymmetric.js';
import { MAC_HASH } from '../mac-table.js';
import { defineOperation } from '../operation.js';
import { macInput } from './generate-mac.js';

interface Input { Message: Buffer; KeyId: string; MacAlgorithm: MacAlgorithm; Mac: Buffer; GrantTokens?: string[]; DryRun?: boolean }

export const verifyMac = defineOperation<Input>({
  name: 'VerifyMac',
  input: { ...macInput, Mac: F.ciphertext() },
  async run(ctx, input) {
    const key = await usableKey(ctx, input.KeyId, 'VerifyMac', 'GENERATE_VERIFY_MAC');
    requireAlgorithm(key, 'MacAlgorithms', input.MacAlgorithm);
    ctx.dryRun(input.DryRun);
    const v = key.current();
    ctx.used(key, v.version);
    if (!hmacVerify(MAC_HASH[input.MacAlgorithm], v.key, input.Message, input.Mac)) throw new KmsError('KMSInvalidMacException');
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
  },
});
