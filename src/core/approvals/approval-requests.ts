// Request lifecycle steps shared by the gate, the operations and the expiry job: ids, expiry, the request as the
// extension API shows it.
import { randomBytes } from 'node:crypto';
import type { ApprovalRequest } from '../../approvals/approval-model.js';
import { KmsError } from '../../protocol/errors.js';
import { epochSeconds } from '../keys/key-metadata.js';
import type { KmsService } from '../service.js';
import { auditApprovalAction } from './approval-audit.js';

/** `apr-` and 32 hex digits (128 random bits). */
export const newRequestId = (): string => `apr-${randomBytes(16).toString('hex')}`;
export const REQUEST_ID_PATTERN = /^apr-[0-9a-f]{32}$/;

/** Marks an open request EXPIRED (compare-and-set) and audits it; false if it changed meanwhile. */
export async function expireRequest(service: KmsService, r: ApprovalRequest): Promise<boolean> {
  const now = service.now();
  const next: ApprovalRequest = { ...r, state: 'EXPIRED', closedAt: now, revision: r.revision + 1 };
  if (!(await service.store.approvals.updateRequest(next, r.revision))) return false;
  await auditApprovalAction(service, 'ExpireApprovalRequest', next, { expiresAt: r.expiresAt });
  return true;
}

/** The request or NotFoundException. */
export async function loadRequest(service: KmsService, requestId: string): Promise<ApprovalRequest> {
  const r = REQUEST_ID_PATTERN.test(requestId) ? await service.store.approvals.getRequest(requestId) : undefined;
  if (!r) throw new KmsError('NotFoundException', `Approval request ${requestId} does not exist.`);
  return r;
}

/** The state a reader sees: an open request past its expiry is EXPIRED even before the job has marked it. */
export const shownState = (r: ApprovalRequest, now: number): ApprovalRequest['state'] =>
  (r.state === 'PENDING' || r.state === 'APPROVED') && now >= r.expiresAt ? 'EXPIRED' : r.state;

const decision = (a: { principal: string; at: number; reason?: string | undefined }) =>
  ({ Principal: a.principal, Date: epochSeconds(a.at), ...(a.reason === undefined ? {} : { Reason: a.reason }) });

/** A request in wire form (ApprovalRequestEntry). */
export function requestEntry(r: ApprovalRequest, now: number): Record<string, unknown> {
  return {
    ApprovalRequestId: r.requestId, RuleName: r.ruleName, Operation: r.operation, Requester: r.requester,
    ...(r.keyArn === undefined ? {} : { KeyId: r.keyArn }), State: shownState(r, now), Parameters: r.parameters,
    ParametersHash: r.bindingHash, RequiredApprovals: r.requiredApprovals, Approvers: r.approvers,
    Approvals: r.approvals.map(decision), ...(r.rejection ? { Rejection: decision(r.rejection) } : {}),
    CreationDate: epochSeconds(r.createdAt), ExpirationDate: epochSeconds(r.expiresAt),
    ...(r.executedAt === undefined ? {} : { ExecutionDate: epochSeconds(r.executedAt) }),
  };
}
