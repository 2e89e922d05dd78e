// The Keyward service core: the dependencies every operation shares (store, barrier, clock, scope, caches).
import type { Scope } from './keys/arn.js';
import type { Barrier } from './secrets/barrier.js';
import { KeyCache } from './keys/key-cache.js';
import type { AuditSink, Clock, NodeControl, RootOfTrust, Store } from './ports.js';
import type { CustomKeyStoreBackend } from './custom-key-stores/backend.js';
import { CustomKeyStores } from './custom-key-stores/custom-key-stores.js';

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
  /** GetSessionToken credentials (a user's own permissions), not a role session. */
  viaGetSessionToken?: boolean | undefined;
  sourceIdentity?: string | undefined;
}

/** Decides whether a principal may perform an action on a key (key policies and grants plug in here). */
export interface Authorizer {
  authorize(principal: Principal, action: string, keyArn?: string): void;
}

export interface ServiceDeps {
  store: Store;
  barrier: Barrier;
  clock: Clock;
  scope: Scope;
  audit: AuditSink;
  authorizer: Authorizer;
  /** The unsealed root of trust (barrier rotation wraps new terms with it). */
  root: RootOfTrust;
  /** This node's seal controls (Keyward's operator operations). */
  node: NodeControl;
  /** The PKCS#11 tokens behind custom key stores (src/hsm/). */
  hsm: CustomKeyStoreBackend;
}

export class KmsService {
  readonly keys: KeyCache;
  readonly customKeyStores: CustomKeyStores;
  constructor(readonly deps: ServiceDeps) {
    this.keys = new KeyCache(deps.store, deps.barrier, deps.hsm);
    this.customKeyStores = new CustomKeyStores(deps.store, deps.barrier, deps.hsm);
  }
  get store(): Store {
    return this.deps.store;
  }
  get scope(): Scope {
    return this.deps.scope;
  }
  now(): number {
    return this.deps.clock.now();
  }
}
