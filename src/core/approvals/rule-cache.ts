// Every node's copy of the approval rules: loaded once, reloaded after a rule change anywhere (the change feed's
// 'approvals:' marker, and at once after this node's own writes). With no rule the gate costs one property read.
import type { ApprovalRule } from '../../approvals/approval-model.js';
import type { Store } from '../ports.js';

export class ApprovalRuleCache {
  private rules: readonly ApprovalRule[] | undefined;
  private loading: Promise<readonly ApprovalRule[]> | undefined;
  /** Bumped by every invalidation, so a load that started before one is not kept. */
  private generation = 0;

  constructor(private readonly store: Store) {}

  /** True only when the rules are loaded and there are none: the gate's fast path. */
  get none(): boolean {
    return this.rules !== undefined && this.rules.length === 0;
  }

  current(): readonly ApprovalRule[] | Promise<readonly ApprovalRule[]> {
    if (this.rules !== undefined) return this.rules;
    if (this.loading) return this.loading;
    const gen = this.generation;
    const loading = this.store.approvals.listRules().then((rules) => {
      if (gen === this.generation) this.rules = rules;
      if (this.loading === loading) this.loading = undefined;
      return rules;
    }, (err: unknown) => {
      if (this.loading === loading) this.loading = undefined;
      throw err;
    });
    this.loading = loading;
    return loading;
  }

  invalidate(): void {
    this.generation++;
    this.rules = undefined;
    this.loading = undefined;
  }
}
