// AWS's policy evaluation for one request: explicit deny anywhere wins; then a resource-based allow (by how its
// principal matched), or the identity path (identity policies ∩ permissions boundary ∩ session policies).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import { compilePolicy, firstHit, type CompiledPolicy, type StatementHit } from './compile.js';
import { allow, basisOf, explicitDeny, implicitDeny, type Decision, type PolicyType } from './decision.js';
import { requestEnv, type RequestEnv } from './request-context.js';
import type { ConditionContext, PolicyDocument, RequestPrincipal } from './types.js';

/** A policy as the caller holds it: compiled (the fast path) or parsed (compiled once and cached). */
export type PolicyInput = CompiledPolicy | PolicyDocument;

export interface EvaluationInput {
  readonly principal: RequestPrincipal;
  /** `service:Action`, e.g. `kms:Encrypt`. */
  readonly action: string;
  /** The resource ARN, or `*` (the default) for actions without a resource (CreateKey, ListKeys). */
  readonly resource?: string;
  readonly context?: ConditionContext;
  /** Inline and managed policies of the user, its groups, or the session's role. */
  readonly identityPolicies?: readonly PolicyInput[];
  /** Session policies passed to AssumeRole / GetFederationToken; undefined when none were passed. */
  readonly sessionPolicies?: readonly PolicyInput[];
  /** The user's or role's permissions boundary, if it has one. */
  readonly permissionsBoundary?: PolicyInput;
  readonly resourcePolicy?: PolicyInput;
  /** The resource owner's account; by default the resource ARN's account field. */
  readonly resourceAccount?: string;
}

const compiled = new WeakMap<PolicyDocument, CompiledPolicy>();

export function toCompiled(p: PolicyInput): CompiledPolicy {
  if ('forAction' in p) return p;
  let c = compiled.get(p);
  if (!c) { c = compilePolicy(p); compiled.set(p, c); }
  return c;
}

const NONE: readonly CompiledPolicy[] = [];
const isCompiled = (p: PolicyInput): p is CompiledPolicy => 'forAction' in p;
/** The caller's list itself when it is already compiled (the data-plane case), so nothing is copied. */
const list = (ps: readonly PolicyInput[] | undefined): readonly CompiledPolicy[] =>
  !ps || ps.length === 0 ? NONE : ps.every(isCompiled) ? ps : ps.map(toCompiled);

const SESSION_TYPES = new Set(['AssumedRole', 'FederatedUser', 'WebIdentityUser', 'SAMLUser']);

/** Everything an evaluation needs, compiled once. */
export interface Prepared {
  readonly env: RequestEnv;
  readonly identity: readonly CompiledPolicy[];
  readonly session: readonly CompiledPolicy[] | undefined;
  readonly boundary: readonly CompiledPolicy[];
  readonly resource: readonly CompiledPolicy[];
  /** How denials name the resource policy: a role trust policy, or any other resource-based policy. */
  readonly resourceType: PolicyType;
  readonly sameAccount: boolean;
}

export function prepare(input: EvaluationInput, resourcePolicy: PolicyInput | undefined): Prepared {
  const resource = input.resource ?? '*';
  const env = requestEnv(input.principal, input.action, resource, input.context);
  const owner = input.resourceAccount ?? env.resourceArn?.[4] ?? input.principal.accountId;
  const compiledResource = resourcePolicy ? toCompiled(resourcePolicy) : undefined;
  return {
    env,
    identity: list(input.identityPolicies),
    session: input.sessionPolicies ? list(input.sessionPolicies) : undefined,
    boundary: input.permissionsBoundary ? [toCompiled(input.permissionsBoundary)] : NONE,
    resource: compiledResource ? [compiledResource] : NONE,
    resourceType: compiledResource?.kind === 'trust' ? 'role trust' : 'resource-based',
    // Service and anonymous callers belong to no account; ARNs without an account field (S3) are the caller's; AWS
    // managed policies (arn:aws:iam::aws:policy/...) are every account's to read and attach, by identity policy alone.
    sameAccount: owner === '' || owner === 'aws' || input.principal.accountId === '' || owner === input.principal.accountId,
  };
}

/** Step 1: an applicable Deny in any policy is final. */
export function findExplicitDeny(p: Prepared): Decision | undefined {
  const hit = (type: PolicyType, policies: readonly CompiledPolicy[]) => {
    const h = policies.length === 0 ? undefined : firstHit(policies, p.env, 'Deny');
    return h ? explicitDeny(type, h) : undefined;
  };
  return hit(p.resourceType, p.resource) ?? hit('identity-based', p.identity) ?? hit('permissions boundary', p.boundary)
    ?? hit('session', p.session ?? NONE);
}

/** Limits on a session or boundary: undefined when they pass, else the policy type that allowed nothing. */
export function limits(p: Prepared): PolicyType | undefined {
  if (p.boundary.length > 0 && !firstHit(p.boundary, p.env, 'Allow')) return 'permissions boundary';
  if (!SESSION_TYPES.has(p.env.principal.type)) return undefined;
  // With no session policy a role session keeps its role's permissions; a federated user has none.
  if (!p.session) return p.env.principal.type === 'FederatedUser' ? 'session' : undefined;
  return firstHit(p.session, p.env, 'Allow') ? undefined : 'session';
}

/** The identity path: an identity-based allow (the account root has every permission), within the limits. */
export function identityPath(p: Prepared): Decision {
  const root = p.env.principal.type === 'Account';
  const hit: StatementHit | undefined = root ? undefined : firstHit(p.identity, p.env, 'Allow');
  if (!root && !hit) return implicitDeny('identity-based');
  const limited = limits(p);
  if (limited) return implicitDeny(limited);
  return allow(hit ? basisOf('identity-based', hit) : { type: 'root' });
}

/** A resource-based allow, honoured according to how its principal matched (IAM evaluation-logic table). */
export function resourceAllow(p: Prepared, hit: StatementHit): Decision {
  const basis = basisOf(p.resourceType, hit);
  if (!p.sameAccount || hit.match === 'account') {
    const id = identityPath(p);
    return id.effect === 'Allow' ? allow(hit.match === 'account' ? id.basis : basis) : id;
  }
  if (hit.match === 'role') {
    const limited = limits(p);
    return limited ? implicitDeny(limited) : allow(basis);
  }
  return allow(basis);
}

/**
 * The generic IAM composition: identity-based and resource-based policies are a union within one account. A role
 * trust policy (a `trust` document as resourcePolicy, action sts:AssumeRole*) must itself allow, as key policies must
 * (evaluation-logic: "IAM role trust policies and KMS key policies are exceptions").
 */
export function evaluate(input: EvaluationInput): Decision {
  const p = prepare(input, input.resourcePolicy);
  const denied = findExplicitDeny(p);
  if (denied) return denied;
  const required = p.resourceType === 'role trust';
  const hit = firstHit(p.resource, p.env, 'Allow');
  if (hit) {
    const d = resourceAllow(p, hit);
    if (d.effect === 'Allow' || !p.sameAccount || required) return d;
  } else if (!p.sameAccount || required) {
    return implicitDeny(p.resourceType);
  }
  return identityPath(p);
}
