// Authorization on every request, as AWS evaluates it: an explicit deny anywhere wins; a key action is allowed by the
// key policy, or by identity-based policies where the key policy delegates to the account, or by a grant; session
// policies limit a role session; actions on no key (CreateKey, ListKeys, IAM, ...) are decided by identity-based
// policies. Decisions that depend on nothing but the caller, the policies and the resource (no Condition in any
// statement naming the action) are cached per principal, identity epoch, key revision and action.
// https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
import type { AuthorizationRequest, Authorizer, KmsService, Principal, RequestFacts } from '../core/service.js';
import type { GrantRecord } from '../core/model.js';
import type { IdentityDirectory } from '../identity/directory.js';
import { KmsError } from '../protocol/errors.js';
import {
  evaluate, evaluateKms, type CompiledPolicy, type ConditionContext, type Decision, type EvaluationInput, type GrantInput,
  type KmsEvaluationInput, type Mutable, type RequestPrincipal,
} from '../policy/index.js';
import { globalContext } from './global-context.js';
import { checkKeyPolicy } from './key-policy-check.js';
import { PolicyCache } from './policy-cache.js';
import { combinedFacts } from './policy-facts.js';
import { requestPrincipal } from './request-principal.js';
import { assumeRoleCheck } from './trust.js';
import type { Role } from '../identity/model.js';

const MAX_DECISIONS = 50_000;


/** What a principal brings to every evaluation, computed once per principal and identity epoch. */
export interface CallerPolicies {
  principal: RequestPrincipal;
  identity: CompiledPolicy[];
  /** Session policies (AssumeRole's Policy and PolicyArns); undefined when the session was given none. */
  session: CompiledPolicy[] | undefined;
}

export class PolicyAuthorizer implements Authorizer {
  readonly policies: PolicyCache;
  private readonly callers = new Map<string, { epoch: number; value: CallerPolicies }>();
  private readonly decisions = new Map<string, Decision>();
  private decisionsEpoch = -1;

  constructor(
    private readonly directory: IdentityDirectory,
    private readonly service: () => KmsService,
    onInvalidPolicy: (source: string, err: unknown) => void = () => undefined,
  ) {
    this.policies = new PolicyCache(onInvalidPolicy);
  }

  authorize(req: AuthorizationRequest): void | Promise<void> {
    const caller = this.caller(req.principal);
    const keyPolicy = req.key ? this.policies.keyPolicy(req.key) : undefined;
    const actionLower = req.action.toLowerCase();
    const facts = combinedFacts(actionLower, caller.identity, caller.session, keyPolicy);
    if (this.decisionsEpoch !== this.directory.epoch) this.resetDecisions();
    const cacheKey = facts.conditional ? undefined : this.cacheKey(req);
    const cached = cacheKey === undefined ? undefined : this.decisions.get(cacheKey);
    if (cached) return this.conclude(cached, req);
    if (facts.resourceFacts && req.resourceFacts) return this.withResourceFacts(req, caller, keyPolicy);
    const decision = this.decide(req, caller, keyPolicy, facts.conditional ? this.context(req) : undefined);
    if (decision.effect !== 'ImplicitDeny' && cacheKey !== undefined) this.remember(cacheKey, decision);
    if (decision.effect === 'ImplicitDeny' && this.grantsMayAllow(req)) return this.withGrants(req, caller, keyPolicy, decision);
    return this.conclude(decision, req);
  }

  checkKeyPolicy(policy: string, req: { principal: Principal; keyArn: string; bypassLockout: boolean; request: RequestFacts }): void {
    checkKeyPolicy(policy, { ...req, directory: this.directory, caller: this.caller(req.principal), context: this.globals(req.principal, req.request) });
  }

  /** AssumeRole's trust decision (IdentityService.checkTrust). */
  readonly checkTrust = (caller: Principal, role: Role, request: { sessionName: string; sourceIdentity?: string | undefined; tags: Record<string, string> }): void => {
    assumeRoleCheck(this.policies, this.caller(caller), role, Object.assign(this.globals(caller, { sourceAddress: '-', secureTransport: false }), sessionContext(request)));
  };

  /** The identity-based and session policies of a principal, compiled (cached per identity epoch). */
  caller(p: Principal): CallerPolicies {
    const id = `${p.arn}\u0000${p.accessKeyId ?? ''}`;
    const hit = this.callers.get(id);
    if (hit && hit.epoch === this.directory.epoch) return hit.value;
    const identity = this.directory.policiesOf(p)
      .map((a) => this.policies.compile(a.document, 'identity', a.source)).filter((c): c is CompiledPolicy => c !== undefined);
    const value = { principal: requestPrincipal(p, this.directory), identity, session: this.sessionPolicies(p) };
    if (this.callers.size >= MAX_DECISIONS) this.callers.clear();
    this.callers.set(id, { epoch: this.directory.epoch, value });
    return value;
  }

  private sessionPolicies(p: Principal): CompiledPolicy[] | undefined {
    const s = p.session;
    if (!s || (s.policy === undefined && !s.policyArns?.length)) return undefined;
    const out: CompiledPolicy[] = [];
    const inline = s.policy === undefined ? undefined : this.policies.compile(s.policy, 'session', 'session policy');
    if (inline) out.push(inline);
    for (const arn of s.policyArns ?? []) {
      const doc = this.directory.managedPolicyDocument(arn);
      const c = doc === undefined ? undefined : this.policies.compile(doc, 'session', arn);
      if (c) out.push(c);
    }
    return out; // a session policy that names nothing valid allows nothing (AWS: the session's permissions are the intersection)
  }

  private decide(req: AuthorizationRequest, caller: CallerPolicies, keyPolicy: CompiledPolicy | undefined,
    context: ConditionContext | undefined, grants?: GrantInput[]): Decision {
    // Built by assignment, not `{ ...base, ...(x ? { x } : {}) }`: on Node 20 every spread after the first in a literal
    // takes V8's slow path (~1 µs each), which this per-request function cannot afford.
    const input: Mutable<EvaluationInput & KmsEvaluationInput> = {
      principal: caller.principal, action: req.action, resource: req.resource, identityPolicies: caller.identity,
    };
    if (caller.session) input.sessionPolicies = caller.session;
    if (context) input.context = context;
    if (!req.key) return evaluate(input);
    // Keyward's extension actions on a key follow IAM's usual evaluation: the key policy or identity-based policies
    // (docs/policy.md "Keyward actions"); AWS KMS actions need the key policy to allow or delegate to the account.
    // A key whose stored policy does not parse has an empty policy: only an explicit delegation could allow, and none does.
    if (!req.action.startsWith('kms:')) {
      input.resourcePolicy = keyPolicy ?? EMPTY;
      return evaluate(input);
    }
    input.keyPolicy = keyPolicy ?? EMPTY;
    if (grants) input.grants = grants;
    if (req.grants?.encryptionContext) input.encryptionContext = req.grants.encryptionContext;
    if (req.grants?.newGrantConstraints) input.newGrantConstraints = grantConstraints(req.grants.newGrantConstraints);
    return evaluateKms(input);
  }

  private context(req: AuthorizationRequest, extra?: ConditionContext): ConditionContext {
    // Object.assign into the fresh globals object, not a spread of both: V8 (Node 20) takes ~20 µs to spread two such
    // dictionaries into a literal, Object.assign well under 1 µs (the policy-on Encrypt benchmark, docs/authorization.md).
    const out: Record<string, ConditionContext[string]> = this.globals(req.principal, req.request);
    const own = req.context?.();
    if (own) Object.assign(out, own);
    if (extra) Object.assign(out, extra);
    return out;
  }

  private globals(p: Principal, request: RequestFacts) {
    const service = this.service();
    return globalContext(p, request, service.now(), request.region ?? service.scope.region);
  }

  private async withResourceFacts(req: AuthorizationRequest, caller: CallerPolicies, keyPolicy: CompiledPolicy | undefined): Promise<void> {
    const context = this.context(req, await req.resourceFacts!());
    const decision = this.decide(req, caller, keyPolicy, context);
    if (decision.effect === 'ImplicitDeny' && this.grantsMayAllow(req)) return this.withGrants(req, caller, keyPolicy, decision, context);
    return this.conclude(decision, req);
  }

  private grantsMayAllow(req: AuthorizationRequest): boolean {
    return req.key !== undefined && req.grants !== undefined && req.action.startsWith('kms:');
  }

  /** Policies allowed nothing: a grant still may (its constraints against the request's encryption context). */
  private async withGrants(req: AuthorizationRequest, caller: CallerPolicies, keyPolicy: CompiledPolicy | undefined,
    denied: Decision, context?: ConditionContext): Promise<void> {
    const grants = (await req.grants!.grants()).map(grantInput);
    if (grants.length === 0) return this.conclude(denied, req);
    return this.conclude(this.decide(req, caller, keyPolicy, context ?? this.context(req), grants), req);
  }

  private conclude(decision: Decision, req: AuthorizationRequest): void {
    if (decision.effect === 'Allow') return;
    throw new KmsError('AccessDeniedException', decision.message(req.principal.arn, req.action, req.resource === '*' ? undefined : req.resource));
  }

  private cacheKey(req: AuthorizationRequest): string {
    const p = req.principal;
    return `${p.arn}\u0000${p.accessKeyId ?? ''}\u0000${req.action}\u0000${req.resource}\u0000${req.key?.revision ?? ''}`;
  }

  private resetDecisions(): void {
    this.decisions.clear();
    this.decisionsEpoch = this.directory.epoch;
  }

  private remember(key: string, decision: Decision): void {
    if (this.decisions.size >= MAX_DECISIONS) this.resetDecisions();
    this.decisions.set(key, decision);
  }
}

/** A key policy that does not parse: no statement, so it allows nothing. */
const EMPTY = { kind: 'resource', document: { kind: 'resource', version: '2012-10-17', statements: [] }, statements: [], forAction: () => [] } as unknown as CompiledPolicy;

function grantConstraints(c: { EncryptionContextEquals?: Record<string, string> | undefined; EncryptionContextSubset?: Record<string, string> | undefined }) {
  return {
    ...(c.EncryptionContextEquals ? { encryptionContextEquals: c.EncryptionContextEquals } : {}),
    ...(c.EncryptionContextSubset ? { encryptionContextSubset: c.EncryptionContextSubset } : {}),
  };
}

function grantInput(g: GrantRecord): GrantInput {
  return {
    grantId: g.grantId, granteePrincipal: g.granteePrincipal ?? g.granteeServicePrincipal ?? '', operations: g.operations,
    ...(g.constraints ? { constraints: grantConstraints(g.constraints) } : {}),
  };
}

/** AssumeRole's request keys: sts:RoleSessionName, sts:SourceIdentity, aws:RequestTag/* and aws:TagKeys. */
function sessionContext(r: { sessionName: string; sourceIdentity?: string | undefined; tags: Record<string, string> }): ConditionContext {
  const out: Record<string, string | string[]> = { 'sts:RoleSessionName': r.sessionName, 'aws:TagKeys': Object.keys(r.tags) };
  if (r.sourceIdentity !== undefined) out['sts:SourceIdentity'] = r.sourceIdentity;
  for (const [k, v] of Object.entries(r.tags)) out[`aws:RequestTag/${k}`] = v;
  return out;
}
