// GetKeyLastUsage: the newest successful cryptographic operation on a key, read from the audit log (so tracking
// adds no write to the data plane). https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyLastUsage.html
import { F } from '../../../protocol/shape.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { defineOperation } from '../../operation.js';

/** KeyLastUsageTrackingOperation, from the KMS service model. */
export const TRACKED_OPERATIONS = [
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncrypt', 'Sign', 'Verify', 'VerifyMac',
] as const;

export const getKeyLastUsage = defineOperation<{ KeyId: string }>({
  name: 'GetKeyLastUsage',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'GetKeyLastUsage', 'idOrArn');
    const last = await ctx.service.store.lastUse(key.arn, TRACKED_OPERATIONS);
    const created = epochSeconds(key.record.createdAt);
    const out: Record<string, unknown> = { KeyId: key.arn, TrackingStartDate: created, KeyCreationDate: created };
    if (last) out.KeyLastUsage = { Operation: last.operation, Timestamp: epochSeconds(last.time), KmsRequestId: last.requestId };
    return out;
  },
});
