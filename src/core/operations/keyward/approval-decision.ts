// ApproveRequest and RejectRequest share one path: authorise the action (keyward:ApproveRequest / keyward:RejectRequest),
// check the caller against the request's approvers and requester (rules/rule-evaluation.ts), and store the verdict by
// compare-and-set, retrying on a concurrent verdict so none is lost.
import type { ApprovalRequest } from '../../../approvals/approval-model.js';
import { decide, type Verdict } from '../../../approvals/rule-evaluation.js';
import { requestFacts } from '../../approvals/approval-audit.js';
import { loadRequest, requestEntry } from '../../approvals/approval-requests.js';
import type { OperationContext } from '../../context.js';

export async function giveVerdict(ctx: OperationContext, action: 'ApproveRequest' | 'RejectRequest', requestId: string, verdict: Verdict, reason?: string) {
  await ctx.authorizeAccount(action);
  for (;;) {
    const r = await loadRequest(ctx.service, requestId);
    if (r.keyArn !== undefined) ctx.audit.keyArn = r.keyArn;
    const next: ApprovalRequest = decide(r, ctx.principal.arn, verdict, ctx.service.now(), reason);
    if (await ctx.service.store.approvals.updateRequest(next, r.revision)) {
      ctx.audit.details.approval = { ...requestFacts(next), ...(reason === undefined ? {} : { reason }) };
      return { ApprovalRequest: requestEntry(next, ctx.service.now()) };
    }
  }
}
