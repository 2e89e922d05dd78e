// ListKeyPolicies: always `["default"]`, as in AWS.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyPolicies.html
import { F } from '../../../protocol/shape.js';
import { decodeMarker } from '../../marker.js';
import { defineOperation } from '../../operation.js';

export const listKeyPolicies = defineOperation<{ KeyId: string; Limit?: number; Marker?: string }>({
  name: 'ListKeyPolicies',
  input: { KeyId: F.keyId(), Limit: F.limit(), Marker: F.marker() },
  async run(ctx, input) {
    // The one page never has a NextMarker, so any Marker is one Keyward did not issue (reference §4.10).
    decodeMarker(input.Marker);
    await ctx.key(input.KeyId, 'ListKeyPolicies', 'idOrArn');
    return { PolicyNames: ['default'], Truncated: false };
  },
});
