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

/** The facts of the caller's identity and session policies and the key policy together (no array is built per request). */
export function combinedFacts(actionLower: string, identity: readonly CompiledPolicy[], session: readonly CompiledPolicy[] | undefined,
  keyPolicy: CompiledPolicy | undefined): ActionFacts {
  const out: ActionFacts = { conditional: false, resourceFacts: false };
  for (const p of identity) add(out, actionFacts(p, actionLower));
  if (session) for (const p of session) add(out, actionFacts(p, actionLower));
  if (keyPolicy) add(out, actionFacts(keyPolicy, actionLower));
  return out;
}

function add(out: ActionFacts, f: ActionFacts): void {
  out.conditional ||= f.conditional;
  out.resourceFacts ||= f.resourceFacts;
}
