// The Keyward service core: the dependencies every operation shares (store, barrier, clock, scope, caches).
import type { Scope } from './keys/arn.js';
import type { Barrier } from './secrets/barrier.js';
import { KeyCache } from './keys/key-cache.js';
import type { AuditSink, Clock, Store } from './ports.js';
import { InvocationBudget } from './lifecycle/invocation-budget.js';
import { DEFAULT_LIFECYCLE_SETTINGS, type LifecycleSettings } from './lifecycle/lifecycle-settings.js';

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
  /** Lifecycle settings beyond AWS (core/lifecycle/lifecycle-settings.ts); defaults when absent. */
  lifecycle?: LifecycleSettings | undefined;
}

export class KmsService {
  readonly keys: KeyCache;
  readonly lifecycle: LifecycleSettings;
  /** This process's AES-GCM invocation ranges (NIST SP 800-38D §8.3 limit per key version). */
  readonly invocations: InvocationBudget;
  constructor(readonly deps: ServiceDeps) {
    this.keys = new KeyCache(deps.store, deps.barrier);
    this.lifecycle = deps.lifecycle ?? DEFAULT_LIFECYCLE_SETTINGS;
    this.invocations = new InvocationBudget(this);
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
