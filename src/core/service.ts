// The Keyward service core: the dependencies every operation shares (store, barrier, clock, scope, caches).
import { ApprovalRuleCache } from './approvals/rule-cache.js';
import type { Scope } from './keys/arn.js';
import type { Barrier } from './secrets/barrier.js';
import { KeyCache } from './keys/key-cache.js';
import type { ConditionContext } from '../policy/index.js';
import type { GrantConstraints, GrantRecord, KeyRecord } from './model.js';
import type { AuditEventView, AuditSink, Clock, InstallationSigner, NodeControl, RootOfTrust, Store } from './ports.js';
import type { AnomalyControl } from './anomaly/alert-model.js';
import { DEFAULT_PREFLIGHT_SETTINGS, type PreflightSettings } from './destruction/preflight-settings.js';
import type { CustomKeyStoreBackend } from './custom-key-stores/backend.js';
import { CustomKeyStores } from './custom-key-stores/custom-key-stores.js';
import { InvocationBudget } from './lifecycle/invocation-budget.js';
import { DEFAULT_LIFECYCLE_SETTINGS, type LifecycleSettings } from './lifecycle/lifecycle-settings.js';

/**
 * A caller, once authenticated: an IAM user (with a long-term access key or GetSessionToken credentials) or a role
 * session (AssumeRole). Its facts feed the policy conditions aws:PrincipalArn, aws:PrincipalType, aws:userid and
 * aws:username; the authorizer finds its policies from them.
 */
export interface Principal {
  /** The user's ARN, or the role session's `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  accountId: string;
  accessKeyId?: string | undefined;
  /** aws:PrincipalType. 'Anonymous' before authentication succeeded. */
  type: 'User' | 'AssumedRole' | 'Anonymous';
  /** aws:userid: AIDA… for a user, AROA…:<session> for a role session. */
  userId: string;
  /** The IAM user's name (users and their GetSessionToken sessions). */
  userName?: string | undefined;
  /** A role session's role. */
  role?: { name: string; arn: string } | undefined;
  /** Temporary credentials' facts (STS). */
  session?: PrincipalSession | undefined;
}

export interface PrincipalSession {
  name?: string | undefined;
  issuedAt: number;
  expiresAt: number;
  /** The inline session policy AssumeRole was given. */
  policy?: string | undefined;
  /** The managed session policies AssumeRole was given (their current default versions apply). */
  policyArns?: string[] | undefined;
  tags: Record<string, string>;
  /** The session tags that pass on to sessions this one assumes (role chaining); their keys as given. */
  transitiveTagKeys?: string[] | undefined;
  /** GetSessionToken credentials (a user's own permissions), not a role session. */
  viaGetSessionToken?: boolean | undefined;
  sourceIdentity?: string | undefined;
}

/** Facts of the request itself that policies can test (aws:SourceIp, aws:SecureTransport). */
export interface RequestFacts {
  sourceAddress: string;
  secureTransport: boolean;
  /** The Region the request was signed for (aws:RequestedRegion); the home Region when absent. */
  region?: string | undefined;
}

/** What a key-bound action may also be allowed by: the key's grants (and those named by GrantTokens). */
export interface GrantSource {
  grants(): Promise<readonly GrantRecord[]>;
  /** The request's encryption context, checked against grant constraints. */
  encryptionContext?: Record<string, string> | undefined;
  /** CreateGrant under a grant: the new grant's constraints must be as strict. */
  newGrantConstraints?: GrantConstraints | undefined;
}

/** One authorization question: may `principal` perform `action` on `resource`? */
export interface AuthorizationRequest {
  principal: Principal;
  /** `kms:Encrypt`, `keyward:ArchiveKey`, `iam:CreateUser`, ... */
  action: string;
  /** A key ARN, an alias ARN, an IAM entity's ARN, or '*'. */
  resource: string;
  /** The key the action is on: its key policy decides (with the identity policies, and grants). */
  key?: KeyRecord | undefined;
  request: RequestFacts;
  /** The request's condition keys for this action (kms:EncryptionContext:..., aws:RequestTag/...), built on demand. */
  context?: (() => ConditionContext) | undefined;
  /** aws:ResourceTag/* and kms:ResourceAliases of the key, read only when a policy tests them. */
  resourceFacts?: (() => Promise<ConditionContext>) | undefined;
  grants?: GrantSource | undefined;
}

/** Decides authorization questions (src/auth/authorizer.ts: key policies, identity and session policies, grants). */
export interface Authorizer {
  /** Returns when allowed (synchronously on the fast path), else throws AccessDeniedException with AWS's text. */
  authorize(req: AuthorizationRequest): void | Promise<void>;
  /**
   * Checks a key policy a caller supplies (CreateKey, PutKeyPolicy): grammar and principals
   * (MalformedPolicyDocumentException), and unless bypassed the lockout safety check.
   */
  checkKeyPolicy(policy: string, req: { principal: Principal; keyArn: string; bypassLockout: boolean; request: RequestFacts }): void;
}

/** Rate limits (src/auth/rate-limiter.ts): throws ThrottlingException when a request is over a limit. */
export interface RateLimiter {
  /** Counts one request of `operation` (a key access or an account-level operation) by the principal, on the key. */
  take(principal: Principal, operation: string, key?: KeyRecord, pairSpec?: string): void;
}

export interface ServiceDeps {
  store: Store;
  barrier: Barrier;
  clock: Clock;
  /** The home Region's scope (keys made before --regions live there; background work defaults to it). */
  scope: Scope;
  /** Every Region served, the home Region first (default: only it). A request's Region is its SigV4 scope. */
  regions?: readonly string[] | undefined;
  audit: AuditSink;
  authorizer: Authorizer;
  /** The unsealed root of trust (barrier rotation wraps new terms with it). */
  root: RootOfTrust;
  /** This node's seal controls (Keyward's operator operations). */
  node: NodeControl;
  /** The PKCS#11 tokens behind custom key stores (src/hsm/). */
  hsm: CustomKeyStoreBackend;
  limiter?: RateLimiter | undefined;
  /** Lifecycle settings beyond AWS (core/lifecycle/lifecycle-settings.ts); defaults when absent. */
  lifecycle?: LifecycleSettings | undefined;
  /** Audit records as CloudTrail events, and the audit HMAC (LookupEvents, HashAuditValue). */
  auditEvents?: AuditEventView | undefined;
  /** This node's anomaly detector (src/anomaly), when detection is on: ListAlerts and AcknowledgeAlert use it. */
  anomaly?: AnomalyControl | undefined;
  /** Signs destruction receipts with the installation's Ed25519 key (core/destruction/receipt.ts). */
  signer: InstallationSigner;
  /** The installation's destruction pre-flight defaults (server flags; core/destruction/preflight-settings.ts). */
  preflight?: PreflightSettings | undefined;
}

export class KmsService {
  readonly keys: KeyCache;
  readonly customKeyStores: CustomKeyStores;
  readonly lifecycle: LifecycleSettings;
  readonly preflight: PreflightSettings;
  /** This process's AES-GCM invocation ranges (NIST SP 800-38D §8.3 limit per key version). */
  readonly invocations: InvocationBudget;
  /** The Regions served, the home Region first. */
  readonly regionNames: readonly string[];
  /** One frozen scope per Region served, made once: a request takes its Region's without allocating. */
  private readonly scopes: ReadonlyMap<string, Scope>;
  /** The approval rules every gated call is matched against (core/approvals). */
  readonly approvalRules: ApprovalRuleCache;
  constructor(readonly deps: ServiceDeps) {
    this.approvalRules = new ApprovalRuleCache(deps.store);
    this.regionNames = Object.freeze([...new Set([deps.scope.region, ...(deps.regions ?? [])])]);
    this.scopes = new Map(this.regionNames.map((r) => [r, Object.freeze({ accountId: deps.scope.accountId, region: r })]));
    this.keys = new KeyCache(deps.store, deps.barrier, deps.hsm);
    this.customKeyStores = new CustomKeyStores(deps.store, deps.barrier, deps.hsm);
    this.lifecycle = deps.lifecycle ?? DEFAULT_LIFECYCLE_SETTINGS;
    this.preflight = deps.preflight ?? DEFAULT_PREFLIGHT_SETTINGS;
    this.invocations = new InvocationBudget(this);
  }
  get store(): Store {
    return this.deps.store;
  }
  get scope(): Scope {
    return this.deps.scope;
  }
  /** The scope of a Region served, or undefined for one that is not. */
  scopeOf(region: string): Scope | undefined {
    return this.scopes.get(region);
  }
  now(): number {
    return this.deps.clock.now();
  }
}
