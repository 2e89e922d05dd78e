// ApproveRequest: an approver the request's rule names (never its requester) approves it; at RequiredApprovals the
// request is APPROVED and the requester's identical call runs once. Authorised as keyward:ApproveRequest and audited
// (the ApprovalGranted lifecycle event).
import { defineExtensionOperation } from '../../operation.js';
import { giveVerdict } from './approval-decision.js';
import { A, REQUEST_OUTPUT } from './approval-shapes.js';
import { S } from './extension-shapes.js';

export const approveRequest = defineExtensionOperation<{ ApprovalRequestId: string; Reason?: string }>({
  name: 'ApproveRequest',
  doc: 'Approves a PENDING approval request. Only an approver its rule names may, never the requester, each approver once; with RequiredApprovals given the request is APPROVED.',
  errors: ['NotFoundException', 'AccessDeniedException', 'ConflictException', 'KMSInvalidStateException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { ApprovalRequestId: A.requestId(), Reason: S.reason(false) },
  output: REQUEST_OUTPUT,
  run: (ctx, input) => giveVerdict(ctx, 'ApproveRequest', input.ApprovalRequestId, 'approve', input.Reason),
});
