// ListPolicyVersions: a managed policy's versions, without documents. https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html
import { iamOperation } from '../operation.js';
import { requirePolicy } from './lookups.js';

export const listPolicyVersions = iamOperation<{ PolicyArn: string }>({
  name: 'ListPolicyVersions',
  resource: (_ctx, i) => i.PolicyArn,
  async run(ctx, input) {
    const named = await requirePolicy(ctx, input.PolicyArn);
    if (named.kind === 'aws') return { Versions: [{ VersionId: 'v1', IsDefaultVersion: true, CreateDate: named.policy.createdAt }], IsTruncated: false };
    const versions = await ctx.identity.store.listPolicyVersions(named.policy.name);
    return {
      Versions: versions.reverse().map((v) => ({ VersionId: v.versionId, IsDefaultVersion: v.versionId === named.policy.data.defaultVersionId, CreateDate: v.createdAt })),
      IsTruncated: false,
    };
  },
});
