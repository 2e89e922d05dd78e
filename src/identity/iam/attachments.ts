// Attach, Detach and ListAttached managed policies of users, groups and roles: three operations for each owner kind,
// made by one factory rather than nine near-identical files. https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
// (and API_DetachUserPolicy, API_ListAttachedUserPolicies, the Group and Role counterparts)
import { limitExceeded, noSuch, noSuchEntity } from '../errors.js';
import { AWS_MANAGED_BY_ARN } from '../aws-managed-policies.js';
import { IAM_QUOTAS } from '../identity-service.js';
import type { OwnerKind } from '../model.js';
import { iamOperation, type IdentityContext, type QueryOperation } from '../operation.js';
import { arnOf, requireEntity, requirePolicy } from './lookups.js';
import { pageMembers, pageOfList } from './paging.js';

const TITLE = { user: 'User', group: 'Group', role: 'Role' } as const;
type Input = Record<string, unknown> & { PolicyArn?: string; PathPrefix?: string; Marker?: string; MaxItems?: number };

/** A policy's name from its ARN (the last path segment). */
const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
/** A policy's path from its ARN (`arn:aws:iam::<account>:policy<path><name>`). */
const policyPath = (arn: string) => AWS_MANAGED_BY_ARN.get(arn)?.path ?? arn.slice(arn.indexOf(':policy') + 7, arn.lastIndexOf('/') + 1);

export function attachmentOperations(kind: OwnerKind): QueryOperation[] {
  const T = TITLE[kind];
  const owner = (i: Input) => i[`${T}Name`] as string;
  const resource = (ctx: IdentityContext, i: Input) => arnOf(ctx, kind, owner(i));
  return [
    iamOperation<Input>({
      name: `Attach${T}Policy`, resource,
      async run(ctx, i) {
        const e = await requireEntity(ctx, kind, owner(i));
        await requirePolicy(ctx, i.PolicyArn!);
        const outcome = await ctx.identity.store.attach({ ownerKind: kind, ownerName: e.name, policyArn: i.PolicyArn! }, IAM_QUOTAS.managedPoliciesPerOwner);
        if (outcome === 'missing-owner') throw noSuch(kind, owner(i));
        if (outcome === 'limit') throw limitExceeded(`Cannot exceed quota for PoliciesPer${T}: ${IAM_QUOTAS.managedPoliciesPerOwner}`);
        Object.assign(ctx.details, { [`${kind}Name`]: e.name, policyArn: i.PolicyArn });
        return {};
      },
    }),
    iamOperation<Input>({
      name: `Detach${T}Policy`, resource,
      async run(ctx, i) {
        const e = await requireEntity(ctx, kind, owner(i));
        if (!(await ctx.identity.store.detach({ ownerKind: kind, ownerName: e.name, policyArn: i.PolicyArn! }))) {
          throw noSuchEntity(`Policy ${i.PolicyArn} was not found.`);
        }
        Object.assign(ctx.details, { [`${kind}Name`]: e.name, policyArn: i.PolicyArn });
        return {};
      },
    }),
    iamOperation<Input>({
      name: `ListAttached${T}Policies`, resource,
      async run(ctx, i) {
        const e = await requireEntity(ctx, kind, owner(i));
        // An owner has at most a quota's worth (10) of attachments: filter by path first, then page, as IAM does.
        const all = (await ctx.identity.store.attachedTo(kind, e.name, { limit: 1_000 })).items;
        const page = pageOfList(all.filter((arn) => i.PathPrefix === undefined || policyPath(arn).startsWith(i.PathPrefix)), i);
        return { AttachedPolicies: page.items.map((arn) => ({ PolicyName: policyName(arn), PolicyArn: arn })), ...pageMembers(page) };
      },
    }),
  ];
}
