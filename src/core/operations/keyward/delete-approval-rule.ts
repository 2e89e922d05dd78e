// DeleteApprovalRule: removes an approval rule; requests made under it stay (and may still be decided and executed).
// With a rule naming DeleteApprovalRule in place (the default set does), this call needs that rule's approvals.
import { foundRule } from '../../approvals/approval-rules.js';
import { defineExtensionOperation } from '../../operation.js';
import { A } from './approval-shapes.js';

export const deleteApprovalRule = defineExtensionOperation<{ RuleName: string }>({
  name: 'DeleteApprovalRule',
  doc: 'Deletes an approval rule. Open requests made under it keep their approvers and may still be approved and executed. Protected by every rule naming DeleteApprovalRule.',
  errors: ['NotFoundException', 'ApprovalRequiredException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { RuleName: A.ruleName() },
  output: { RuleName: A.ruleName() },
  async run(ctx, input) {
    const store = ctx.service.store.approvals;
    foundRule(await store.getRule(input.RuleName), input.RuleName);
    await ctx.authorizeAccount('DeleteApprovalRule');
    if (!(await store.deleteRule(input.RuleName))) foundRule(undefined, input.RuleName); // deleted meanwhile
    ctx.service.approvalRules.invalidate();
    ctx.audit.details.rule = { name: input.RuleName };
    return { RuleName: input.RuleName };
  },
});
