// DescribeApprovalRequest: one approval request: the call it is bound to, its approvals, rejection and state.
import { loadRequest, requestEntry } from '../../approvals/approval-requests.js';
import { defineExtensionOperation } from '../../operation.js';
import { A, REQUEST_OUTPUT } from './approval-shapes.js';

export const describeApprovalRequest = defineExtensionOperation<{ ApprovalRequestId: string }>({
  name: 'DescribeApprovalRequest',
  doc: 'Describes an approval request: the operation, requester, key and parameters it is bound to (with their hash), the approvals and rejection given, its state and expiry.',
  errors: ['NotFoundException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { ApprovalRequestId: A.requestId() },
  output: REQUEST_OUTPUT,
  async run(ctx, input) {
    await ctx.authorizeAccount('DescribeApprovalRequest');
    const r = await loadRequest(ctx.service, input.ApprovalRequestId);
    if (r.keyArn !== undefined) ctx.audit.keyArn = r.keyArn;
    return { ApprovalRequest: requestEntry(r, ctx.service.now()) };
  },
});
