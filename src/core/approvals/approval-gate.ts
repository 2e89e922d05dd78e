// The approval gate: after a call's authorization and before it acts (core/context.ts calls it where a key access or
// an account-level action has been authorised), a call some rule protects needs an APPROVED request bound to exactly
// this call, which it consumes atomically (of two concurrent repeats one runs); otherwise it fails with
// ApprovalRequiredException and a PENDING request is made (or the open one named). Issue 13 item 2.
import type { ApprovalRequest, ApprovalRule } from '../../approvals/approval-model.js';
import { bindingHash, displayParameters } from '../../approvals/request-binding.js';
import { governingRule, type GatedCall } from '../../approvals/rule-evaluation.js';
import { KmsError } from '../../protocol/errors.js';
import type { OperationContext } from '../context.js';
import { StoreConflictError } from '../ports.js';
import { expireRequest, newRequestId } from './approval-requests.js';
import { auditApprovalAction } from './approval-audit.js';

/** What the gate remembers of a request it let through (to settle it once the operation is done). */
export interface GateState {
  consumed?: ApprovalRequest | undefined;
}

/** Gates the context's call on the key (ARN and state) it just authorised, or on none (an account-level action). */
export function gateCall(ctx: OperationContext, key?: { arn: string; state: string }): void | Promise<void> {
  const cache = ctx.service.approvalRules;
  if (cache.none || ctx.gate.consumed !== undefined) return;
  const rules = cache.current();
  const call: GatedCall = {
    operation: ctx.operation, input: ctx.input, accountId: ctx.scope.accountId, keyState: key?.state, keyArn: key?.arn,
  };
  if (!(rules instanceof Promise)) {
    const rule = governingRule(rules, call);
    return rule && requireApproval(ctx, rule, call);
  }
  return rules.then((loaded) => {
    const rule = governingRule(loaded, call);
    return rule && requireApproval(ctx, rule, call);
  });
}

async function requireApproval(ctx: OperationContext, rule: ApprovalRule, call: GatedCall): Promise<void> {
  // A DryRun acts on nothing, so it neither opens nor consumes a request: it is told that approval is needed.
  if (ctx.input.DryRun === true) {
    throw new KmsError('ApprovalRequiredException', `${target(call)} needs ${rule.requiredApprovals} approval(s) under approval ` +
      `rule ${rule.name} (approvers: ${rule.approvers.join(', ')}); the DryRun opened no approval request.`);
  }
  const store = ctx.service.store.approvals;
  const hash = bindingHash(call.operation, ctx.principal.arn, ctx.input);
  const now = ctx.service.now();
  let open = await store.openRequest(hash);
  if (open && now >= open.expiresAt) {
    await expireRequest(ctx.service, open); // the expiry job had not come round yet
    open = undefined;
  }
  if (open?.state === 'APPROVED' && (await store.consumeRequest(open.requestId, now, ctx.requestId))) {
    ctx.gate.consumed = open;
    ctx.audit.details.approvalRequestId = open.requestId;
    return;
  }
  const { request, created } = open?.state === 'PENDING' ? { request: open, created: false } : await createRequest(ctx, rule, call, hash, now);
  ctx.audit.details.approval = { approvalRequestId: request.requestId, rule: request.ruleName, created,
    requiredApprovals: request.requiredApprovals, approvals: request.approvals.length, approvers: request.approvers };
  throw approvalRequired(request, call);
}

async function createRequest(
  ctx: OperationContext, rule: ApprovalRule, call: GatedCall, hash: string, now: number,
): Promise<{ request: ApprovalRequest; created: boolean }> {
  const shown = displayParameters(ctx.input);
  const request: ApprovalRequest = {
    requestId: newRequestId(), ruleName: rule.name, operation: call.operation, requester: ctx.principal.arn, bindingHash: hash,
    parameters: shown.text, hasBlobs: shown.hasBlobs, keyArn: call.keyArn, state: 'PENDING', requiredApprovals: rule.requiredApprovals,
    approvers: rule.approvers, approvals: [], createdAt: now, expiresAt: now + rule.requestTtlSeconds * 1000, revision: 1,
  };
  try {
    await ctx.service.store.approvals.createRequest(request);
    return { request, created: true };
  } catch (err) {
    // A concurrent identical call made the open request first (one open request per binding hash): name that one.
    if (!(err instanceof StoreConflictError)) throw err;
    const open = await ctx.service.store.approvals.openRequest(hash);
    if (!open) throw err;
    return { request: open, created: false };
  }
}

const target = (call: GatedCall) => (call.keyArn === undefined ? call.operation : `${call.operation} on ${call.keyArn}`);

function approvalRequired(r: ApprovalRequest, call: GatedCall): KmsError {
  return new KmsError('ApprovalRequiredException',
    `${target(call)} needs ${r.requiredApprovals} approval(s) under approval rule ${r.ruleName} (${r.approvals.length} given; approvers: ` +
    `${r.approvers.join(', ')}). Approval request ${r.requestId} is PENDING until ${new Date(r.expiresAt).toISOString()}; once it is ` +
    'approved, repeat this identical call (or call ExecuteApprovedRequest with the request id).',
  { ApprovalRequestId: r.requestId });
}

/**
 * After the operation: a consumed request whose operation succeeded is audited as executed (a lifecycle event for the
 * approvers); one whose operation failed is given back (APPROVED again), so the approvals are not lost to, say, a
 * conflict.
 */
export async function settleApproval(ctx: OperationContext, succeeded: boolean): Promise<void> {
  const r = ctx.gate.consumed;
  if (r === undefined) return;
  if (!succeeded) {
    await ctx.service.store.approvals.releaseRequest(r.requestId, ctx.requestId);
    return;
  }
  await auditApprovalAction(ctx.service, 'ApprovedRequestExecuted', r, { executedBy: ctx.requestId, principal: ctx.principal.arn });
}
