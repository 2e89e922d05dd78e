// GenerateMac: an RFC 2104 HMAC of up to 4 KiB with an HMAC key; the algorithm must match the key spec.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html
import { hmac } from '../../../crypto/hmac.js';
import { MAC_ALGORITHMS_AS_LISTED_BY_AWS, type MacAlgorithm } from '../../../protocol/enums.js';
import { F } from '../../../protocol/shape.js';
import { requireAlgorithm, usableKey } from '../../data-plane/asymmetric.js';
import { MAC_HASH } from '../../data-plane/mac-table.js';
import type { OperationContext } from '../../context.js';
import { defineOperation } from '../../operation.js';
import { softwareKey } from '../../keys/key-cache.js';

interface Input { Message: Buffer; KeyId: string; MacAlgorithm: MacAlgorithm; GrantTokens?: string[]; DryRun?: boolean }

export const macInput = {
  Message: F.plaintext(), KeyId: F.keyId(), MacAlgorithm: F.enumOf(MAC_ALGORITHMS_AS_LISTED_BY_AWS, true), GrantTokens: F.grantTokens(), DryRun: F.dryRun(),
};

/** What GenerateMac and VerifyMac share: an HMAC key whose spec fits the algorithm, DryRun, the current version. */
export async function macKey(ctx: OperationContext, access: 'GenerateMac' | 'VerifyMac', input: Input) {
  const key = await usableKey(ctx, input.KeyId, access, 'GENERATE_VERIFY_MAC');
  requireAlgorithm(key, 'MacAlgorithms', input.MacAlgorithm);
  ctx.dryRun(input.DryRun);
  const v = key.current();
  ctx.used(key, v.version);
  return { key, v, secret: softwareKey(v) };
}

export const generateMac = defineOperation<Input>({
  name: 'GenerateMac',
  input: macInput,
  async run(ctx, input) {
    const { key, secret } = await macKey(ctx, 'GenerateMac', input);
    return { Mac: hmac(MAC_HASH[input.MacAlgorithm], secret, input.Message), MacAlgorithm: input.MacAlgorithm, KeyId: key.arn };
  },
});
