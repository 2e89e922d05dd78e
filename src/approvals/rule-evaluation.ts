// Evaluation of approval rules and requests: which rule a call falls under, who may approve or reject, and the state
// transitions as a table. Pure functions of the records; the gate (src/core/approval-gate.ts) and the operations
// persist the outcome with compare-and-set writes.
import { KmsError } from '../protocol/errors.js';
import type { ApprovalRequest, ApprovalRule, RequestState } from './approval-model.js';
import { entryCovers, type CallFacts } from './protected-operations.js';

/**
 * Who a principal ARN is, for "an approver the rule names" and "never the requester": a user or a role by account and
 * name (names are unique per account; paths do not matter), a role's session counting as the role.
 */
export function identityKey(arn: string): string {
  const m = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(user|role|assumed-role)\/(.+)$/.exec(arn);
  if (!m) return arn;
  const [, , account, kind, rest] = m;
  const parts = rest!.split('/');
  if (kind === 'assumed-role') return `role:${account}:${parts[0]}`;
  return `${kind}:${account}:${parts[parts.length - 1]}`;
}

/** Approver ARNs a rule may name: IAM users and roles (arn:aws:iam::<account>:user/... or role/...). */
export const APPROVER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]{1,512}$/;

/** A call a rule may cover: the call's facts and the key it names (undefined for an account-level call). */
export interface GatedCall extends CallFacts {
  keyArn?: string | undefined;
}

/** Whether a rule covers a call: one of its entries does, and a key call's key is in its scope. */
export function ruleCovers(rule: ApprovalRule, call: GatedCall): boolean {
  if (!rule.operations.some((e) => entryCovers(e, call))) return false;
  return call.keyArn === undefined || rule.keyArns === undefined || rule.keyArns.includes(call.keyArn);
}

/**
 * The rule a call needs approval under: of those covering it, the one asking most approvals (then by name), so adding
 * a weaker rule never lowers the bar of a stronger one.
 */
export function governingRule(rules: readonly ApprovalRule[], call: GatedCall): ApprovalRule | undefined {
  let best: ApprovalRule | undefined;
  for (const r of rules) {
    if (!ruleCovers(r, call)) continue;
    if (!best || r.requiredApprovals > best.requiredApprovals || (r.requiredApprovals === best.requiredApprovals && r.name < best.name)) best = r;
  }
  return best;
}

export type Verdict = 'approve' | 'reject';

/** From which states each verdict may be given: a rejection still vetoes an approved request until it runs. */
const VERDICT_FROM: Readonly<Record<Verdict, readonly RequestState[]>> = {
  approve: ['PENDING'],
  reject: ['PENDING', 'APPROVED'],
};

const denied = (arn: string, why: string) => new KmsError('AccessDeniedException', `${arn} may not decide this approval request: ${why}.`);

/** The request after `principalArn`'s verdict at `now`, or the error saying why it may not be given. */
export function decide(r: ApprovalRequest, principalArn: string, verdict: Verdict, now: number, reason?: string): ApprovalRequest {
  const who = identityKey(principalArn);
  if (who === identityKey(r.requester)) throw denied(principalArn, 'it is the requester\'s own request (approval needs someone else)');
  if (!r.approvers.some((a) => identityKey(a) === who)) {
    throw denied(principalArn, `rule ${r.ruleName} names only ${r.approvers.join(', ')} as approvers`);
  }
  const state = r.state !== 'PENDING' && r.state !== 'APPROVED' ? r.state : now >= r.expiresAt ? 'EXPIRED' : r.state;
  if (!VERDICT_FROM[verdict].includes(state)) {
    throw new KmsError('KMSInvalidStateException', `Approval request ${r.requestId} is ${state}; it can no longer be ${verdict === 'approve' ? 'approved' : 'rejected'}.`);
  }
  const entry = { principal: principalArn, at: now, ...(reason === undefined ? {} : { reason }) };
  if (verdict === 'reject') return { ...r, state: 'REJECTED', rejection: entry, closedAt: now, revision: r.revision + 1 };
  if (r.approvals.some((a) => identityKey(a.principal) === who)) {
    throw new KmsError('ConflictException', `${principalArn} has approved request ${r.requestId} already; it needs ${r.requiredApprovals} different approvers.`);
  }
  const approvals = [...r.approvals, entry];
  return { ...r, approvals, state: approvals.length >= r.requiredApprovals ? 'APPROVED' : 'PENDING', revision: r.revision + 1 };
}
