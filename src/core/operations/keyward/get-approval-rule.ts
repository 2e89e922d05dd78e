// GetApprovalRule: one approval rule as stored. docs/approvals.md.
import { foundRule, ruleEntry } from '../../approvals/approval-rules.js';
import { defineExtensionOperation } from '../../operation.js';
import { A, RULE_OUTPUT } from './approval-shapes.js';

export const getApprovalRule = defineExtensionOperation<{ RuleName: string }>({
  name: 'GetApprovalRule',
  doc: 'Returns an approval rule: the operations it protects, its key scope, RequiredApprovals of which Approvers, and its request expiry.',
  errors: ['NotFoundException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { RuleName: A.ruleName() },
  output: RULE_OUTPUT,
  async run(ctx, input) {
    await ctx.authorizeAccount('GetApprovalRule');
    return { Rule: ruleEntry(foundRule(await ctx.service.store.approvals.getRule(input.RuleName), input.RuleName)) };
  },
});
