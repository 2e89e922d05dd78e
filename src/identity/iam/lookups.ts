// Finding the entity an IAM request names (NoSuchEntity with IAM's texts otherwise), and the policy an ARN names:
// a customer managed policy of this account (`arn:aws:iam::<account>:policy<path><name>`) or an AWS managed one.
import { QueryError } from '../../protocol/query/errors.js';
import { AWS_MANAGED_BY_ARN, type AwsManagedPolicy } from '../aws-managed-policies.js';
import { invalidInput, noSuch, noSuchPolicy } from '../errors.js';
import { entityArn } from '../ids.js';
import type { IdentityContext } from '../operation.js';
import type { Entity, EntityKind } from '../model.js';

export async function requireEntity<K extends EntityKind>(ctx: IdentityContext, kind: K, name: string): Promise<Entity<K>> {
  const e = await ctx.identity.store.getEntity(kind, name);
  if (!e) throw noSuch(kind, name);
  return e;
}

/** The user a request names, or the caller when it names none (IAM's default for access-key operations). */
export function userNameOrCaller(ctx: IdentityContext, name: string | undefined): string {
  if (name !== undefined) return name;
  if (ctx.principal.userName !== undefined && !ctx.principal.role) return ctx.principal.userName;
  throw new QueryError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

export type NamedPolicy = { kind: 'aws'; policy: AwsManagedPolicy } | { kind: 'customer'; policy: Entity<'policy'> };

/** A managed policy's ARN: `arn:aws:iam::<account or aws>:policy<path><name>`. */
const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/;

/**
 * The managed policy an ARN names: InvalidInput ("ARN ... is not valid.") when it is not a policy ARN at all,
 * NoSuchEntity ("... does not exist or is not attachable.") when no such policy exists.
 */
export async function requirePolicy(ctx: IdentityContext, arn: string): Promise<NamedPolicy> {
  const aws = AWS_MANAGED_BY_ARN.get(arn);
  if (aws) return { kind: 'aws', policy: aws };
  const m = POLICY_ARN.exec(arn);
  if (!m) throw invalidInput(`ARN ${arn} is not valid.`);
  if (m[1] !== ctx.identity.scope.accountId) throw noSuchPolicy(arn);
  const p = await ctx.identity.store.getEntity('policy', m[3]!);
  if (!p || p.arn !== arn) throw noSuchPolicy(arn);
  return { kind: 'customer', policy: p };
}

/** A permissions boundary must be an existing managed policy (NoSuchEntity otherwise, as CreateUser documents). */
export async function checkBoundary(ctx: IdentityContext, arn: string | undefined): Promise<void> {
  if (arn !== undefined) await requirePolicy(ctx, arn);
}

export async function requireCustomerPolicy(ctx: IdentityContext, arn: string): Promise<Entity<'policy'>> {
  const p = await requirePolicy(ctx, arn);
  if (p.kind === 'aws') throw new QueryError('InvalidInput', `Policy ${arn} is an AWS managed policy and cannot be changed.`);
  return p.policy;
}

/** The ARN an entity has (with its path) for authorization, or the ARN it would have at path '/'. */
export function arnOf(ctx: IdentityContext, kind: EntityKind, name: string): string {
  return ctx.identity.directory.entity(kind, name)?.arn ?? entityArn(ctx.identity.scope, kind, '/', name);
}
