// ListPolicyVersions: a managed policy's versions, newest first, without documents, paged.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html
import { iamOperation } from '../operation.js';
import { requirePolicy } from './lookups.js';
import { pageMembers, pageOfList, type PagingInput } from './paging.js';

export const listPolicyVersions = iamOperation<{ PolicyArn: string } & PagingInput>({
  name: 'ListPolicyVersions',
  resource: (_ctx, i) => i.PolicyArn,
  async run(ctx, input) {
    const named = await requirePolicy(ctx, input.PolicyArn);
    const versions = named.kind === 'aws'
      ? [{ VersionId: 'v1', IsDefaultVersion: true, CreateDate: named.policy.createdAt }]
      : (await ctx.identity.store.listPolicyVersions(named.policy.name)).reverse().map((v) => ({
        VersionId: v.versionId, IsDefaultVersion: v.versionId === named.policy.data.defaultVersionId, CreateDate: v.createdAt,
      }));
    const page = pageOfList(versions, input);
    return { Versions: page.items, ...pageMembers(page) };
  },
});
