// System audit records of the approval workflow (expiry, execution): principal keyward:system, on the request's key if
// it names one, with the request's non-secret facts as details; the audit follower turns them into lifecycle events
// (core/lifecycle/event-rules.ts), which the webhook delivers to approvers.
import { randomUUID } from 'node:crypto';
import type { ApprovalRequest } from '../../approvals/approval-model.js';
import { SYSTEM_PRINCIPAL } from '../lifecycle/system-audit.js';
import type { KmsService } from '../service.js';

/** The facts of a request that events and audit records carry (never its parameters' blobs: they are digests). */
export const requestFacts = (r: ApprovalRequest): Record<string, unknown> => ({
  approvalRequestId: r.requestId, rule: r.ruleName, operation: r.operation, requester: r.requester, state: r.state,
  requiredApprovals: r.requiredApprovals, approvals: r.approvals.map((a) => a.principal), approvers: r.approvers,
});

export async function auditApprovalAction(service: KmsService, operation: string, r: ApprovalRequest, details: Record<string, unknown>): Promise<void> {
  await service.deps.audit.append({
    time: service.now(), requestId: randomUUID(), principal: SYSTEM_PRINCIPAL, sourceAddress: 'keyward', operation,
    keyArn: r.keyArn, outcome: 'success', details: JSON.stringify({ ...requestFacts(r), ...details }),
  });
}
