// RejectRequest: an approver the request's rule names (never its requester) rejects a PENDING or APPROVED request:
// one rejection rejects, and the call cannot run under it. Authorised as keyward:RejectRequest and audited (the
// ApprovalRejected lifecycle event).
import { defineExtensionOperation } from '../../operation.js';
import { giveVerdict } from './approval-decision.js';
import { A, REQUEST_OUTPUT } from './approval-shapes.js';
import { S } from './extension-shapes.js';

export const rejectRequest = defineExtensionOperation<{ ApprovalRequestId: string; Reason: string }>({
  name: 'RejectRequest',
  doc: 'Rejects a PENDING or APPROVED (not yet executed) approval request: one rejection by an approver its rule names (never the requester) rejects it for good.',
  errors: ['NotFoundException', 'AccessDeniedException', 'KMSInvalidStateException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { ApprovalRequestId: A.requestId(), Reason: S.reason(true) },
  output: REQUEST_OUTPUT,
  run: (ctx, input) => giveVerdict(ctx, 'RejectRequest', input.ApprovalRequestId, 'reject', input.Reason),
});
