// The Keyward service core: the dependencies every operation shares (store, barrier, clock, scope, caches).
import type { Scope } from './keys/arn.js';
import type { Barrier } from './secrets/barrier.js';
import { KeyCache } from './keys/key-cache.js';
import type { AuditSink, Clock, NodeControl, RootOfTrust, Store } from './ports.js';
import type { CustomKeyStoreBackend } from './custom-key-stores/backend.js';
import { CustomKeyStores } from './custom-key-stores/custom-key-stores.js';

/** A caller, once authenticated. */
export interface Principal {
  arn: string;
  accountId: string;
  accessKeyId?: string | undefined;
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
