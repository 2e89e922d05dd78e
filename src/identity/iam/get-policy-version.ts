// GetPolicyVersion: one version of a managed policy, with its document (URL-encoded on the wire, as IAM sends it).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
import { noSuchPolicyVersion } from '../errors.js';
import { iamOperation } from '../operation.js';
import { requirePolicy } from './lookups.js';

export const getPolicyVersion = iamOperation<{ PolicyArn: string; VersionId: string }>({
  name: 'GetPolicyVersion',
  resource: (_ctx, i) => i.PolicyArn,
  async run(ctx, input) {
    const named = await requirePolicy(ctx, input.PolicyArn);
    if (named.kind === 'aws') {
      if (input.VersionId !== 'v1') throw noSuchPolicyVersion(input.PolicyArn, input.VersionId);
      return { PolicyVersion: { Document: named.policy.document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: named.policy.createdAt } };
    }
    const v = await ctx.identity.store.getPolicyVersion(named.policy.name, input.VersionId);
    if (!v) throw noSuchPolicyVersion(input.PolicyArn, input.VersionId);
    return { PolicyVersion: { Document: v.document, VersionId: v.versionId, IsDefaultVersion: v.versionId === named.policy.data.defaultVersionId, CreateDate: v.createdAt } };
  },
});
