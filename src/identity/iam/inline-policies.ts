// Put, Get, Delete and List inline policies of users, groups and roles: four operations for each owner kind, made
// by one factory rather than twelve near-identical files. https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
// (and API_GetUserPolicy, API_DeleteUserPolicy, API_ListUserPolicies, the Group and Role counterparts)
import { limitExceeded, noSuch, noSuchInline } from '../errors.js';
import { IAM_QUOTAS } from '../identity-service.js';
import type { OwnerKind } from '../model.js';
import { iamOperation, type IdentityContext, type QueryOperation } from '../operation.js';
import { checkGrammar, policyChars } from './documents.js';
import { arnOf, requireEntity } from './lookups.js';
import { listOptions, pageMembers } from './paging.js';

const TITLE = { user: 'User', group: 'Group', role: 'Role' } as const;

type Input = Record<string, unknown> & { PolicyName?: string; PolicyDocument?: string; Marker?: string; MaxItems?: number };

export function inlinePolicyOperations(kind: OwnerKind): QueryOperation[] {
  const T = TITLE[kind];
  const owner = (i: Input) => i[`${T}Name`] as string;
  const resource = (ctx: IdentityContext, i: Input) => arnOf(ctx, kind, owner(i));
  return [
    iamOperation<Input>({
      name: `Put${T}Policy`, resource,
      async run(ctx, i) {
        checkGrammar(i.PolicyDocument!, 'identity');
        const e = await requireEntity(ctx, kind, owner(i));
        const maxChars = IAM_QUOTAS.inlinePolicyChars[kind];
        const outcome = await ctx.identity.store.putInlinePolicy(
          { ownerKind: kind, ownerName: e.name, policyName: i.PolicyName!, document: i.PolicyDocument! }, { maxChars, size: policyChars });
        if (outcome === 'missing') throw noSuch(kind, owner(i));
        // The quota is on all of the owner's inline policies together (IAM and STS quotas, "For inline policies").
        if (outcome === 'limit') throw limitExceeded(`Maximum policy size of ${maxChars} bytes exceeded for ${kind} ${e.name}`);
        Object.assign(ctx.details, { [`${kind}Name`]: e.name, policyName: i.PolicyName });
        return {};
      },
    }),
    iamOperation<Input>({
      name: `Get${T}Policy`, resource,
      async run(ctx, i) {
        const e = await requireEntity(ctx, kind, owner(i));
        const p = await ctx.identity.store.getInlinePolicy(kind, e.name, i.PolicyName!);
        if (!p) throw noSuchInline(kind, i.PolicyName!);
        return { [`${T}Name`]: e.name, PolicyName: p.policyName, PolicyDocument: p.document };
      },
    }),
    iamOperation<Input>({
      name: `Delete${T}Policy`, resource,
      async run(ctx, i) {
        const e = await requireEntity(ctx, kind, owner(i));
        if (!(await ctx.identity.store.deleteInlinePolicy(kind, e.name, i.PolicyName!))) throw noSuchInline(kind, i.PolicyName!);
        Object.assign(ctx.details, { [`${kind}Name`]: e.name, policyName: i.PolicyName });
        return {};
      },
    }),
    iamOperation<Input>({
      name: `List${T}Policies`, resource,
      async run(ctx, i) {
        const e = await requireEntity(ctx, kind, owner(i));
        const page = await ctx.identity.store.listInlinePolicies(kind, e.name, listOptions(i));
        return { PolicyNames: page.items, ...pageMembers(page) };
      },
    }),
  ];
}
