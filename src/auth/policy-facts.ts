// What the statements that name an action depend on, memoised per compiled policy and action: whether any has a
// Condition (then the decision depends on the request and is not cached) and whether any tests the key's tags or
// aliases (then they are read before evaluating).
import type { CompiledPolicy } from '../policy/index.js';

export interface ActionFacts {
  conditional: boolean;
  resourceFacts: boolean;
}

const memo = new WeakMap<CompiledPolicy, Map<string, ActionFacts>>();
const RESOURCE_KEY = /^(aws:resourcetag\/|kms:resourcealiases$)/i;

export function actionFacts(policy: CompiledPolicy, actionLower: string): ActionFacts {
  let m = memo.get(policy);
  if (!m) memo.set(policy, (m = new Map()));
  let f = m.get(actionLower);
  if (!f) {
    const conditions = policy.forAction(actionLower).flatMap((s) => s.source.conditions);
    f = { conditional: conditions.length > 0, resourceFacts: conditions.some((c) => RESOURCE_KEY.test(c.key)) };
    m.set(actionLower, f);
  }
  return f;
}

/** The facts of several policies together. */
export function combinedFacts(policies: readonly (CompiledPolicy | undefined)[], actionLower: string): ActionFacts {
  let conditional = false;
  let resourceFacts = false;
  for (const p of policies) {
    if (!p) continue;
    const f = actionFacts(p, actionLower);
    conditional ||= f.conditional;
    resourceFacts ||= f.resourceFacts;
  }
  return { conditional, resourceFacts };
}
