// ListPolicies: managed policies — AWS managed, this account's (Local), or both (All, the default) — optionally only
// those attached to something and under a path prefix. AWS managed policies come first; the marker says where a page
// ended in either part. https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
import { AWS_MANAGED_POLICIES } from '../aws-managed-policies.js';
import { iamOperation, type IdentityContext } from '../operation.js';
import { listOptions, pageMembers, type PagingInput } from './paging.js';
import { managedPolicyFacts, policyView, type PolicyFacts } from './views.js';

interface Input extends PagingInput { Scope?: 'All' | 'AWS' | 'Local'; OnlyAttached?: boolean }

async function awsPart(ctx: IdentityContext, input: Input): Promise<PolicyFacts[]> {
  if (input.Scope === 'Local') return [];
  const out: PolicyFacts[] = [];
  for (const p of AWS_MANAGED_POLICIES) {
    if (input.PathPrefix !== undefined && !p.path.startsWith(input.PathPrefix)) continue;
    const attachmentCount = await ctx.identity.store.attachmentCount(p.arn);
    if (input.OnlyAttached && attachmentCount === 0) continue;
    out.push({ name: p.name, id: p.id, arn: p.arn, path: p.path, defaultVersionId: 'v1', attachmentCount, createdAt: p.createdAt, updatedAt: p.createdAt });
  }
  return out;
}

export const listPolicies = iamOperation<Input>({
  name: 'ListPolicies',
  resource: () => '*',
  async run(ctx, input) {
    const { limit, after: position } = listOptions(input);
    const items: PolicyFacts[] = [];
    let localAfter: string | undefined;
    if (position === undefined || position.startsWith('a:')) {
      const aws = await awsPart(ctx, input);
      const from = position === undefined ? 0 : Number(position.slice(2));
      items.push(...aws.slice(from, from + limit));
      if (from + items.length < aws.length) return answer(items, `a:${from + items.length}`);
      if (input.Scope === 'AWS' || items.length === limit) return answer(items, input.Scope === 'AWS' ? undefined : 'l:');
    } else {
      localAfter = position.slice(2) || undefined;
    }
    for (;;) {
      const page = await ctx.identity.store.listEntities('policy', { limit: limit - items.length, after: localAfter, pathPrefix: input.PathPrefix });
      for (const p of page.items) {
        const count = await ctx.identity.store.attachmentCount(p.arn);
        if (!input.OnlyAttached || count > 0) items.push(managedPolicyFacts(p, count));
      }
      if (page.next === undefined) return answer(items, undefined);
      localAfter = page.next;
      if (items.length >= limit) return answer(items, `l:${page.next}`);
    }
  },
});

function answer(items: PolicyFacts[], next: string | undefined) {
  return { Policies: items.map((p) => policyView(p)), ...pageMembers({ items, next }) };
}
