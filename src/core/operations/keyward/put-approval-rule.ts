// PutApprovalRule: creates or replaces a multi-party approval rule (M of N approvers for the operations it names; by
// default the destructive and trust-changing ones, the rule operations included). Changing rules is itself a call the
// rules protect: with a rule naming PutApprovalRule in place, this call needs that rule's approvals. docs/approvals.md.
import { DEFAULT_PROTECTED } from '../../../approvals/protected-operations.js';
import { keyArn } from '../../keys/arn.js';
import { checkOperations, ruleEntry, ruleRecord, type RuleInput } from '../../approvals/approval-rules.js';
import { defineExtensionOperation } from '../../operation.js';
import { A, RULE_OUTPUT } from './approval-shapes.js';
import { S } from './extension-shapes.js';

export const putApprovalRule = defineExtensionOperation<RuleInput>({
  name: 'PutApprovalRule',
  doc: `Creates or replaces an approval rule: calls of the operations it names (default: ${DEFAULT_PROTECTED.join(', ')}), on the keys it names (default: all; account-level operations regardless), need RequiredApprovals approvals from its Approvers (IAM user and role ARNs), never the caller's own. A refused call fails with ApprovalRequiredException naming the approval request; once approved, the identical call (or ExecuteApprovedRequest) runs once.`,
  errors: ['ValidationException', 'NotFoundException', 'InvalidArnException', 'ApprovalRequiredException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: {
    RuleName: A.ruleName(),
    Description: { t: 'string', min: 0, max: 1024, name: 'DescriptionType' },
    Operations: { ...A.operations(), doc: 'Operation names, or CreateGrant:CrossAccount / ImportKeyMaterial:ExistingMaterial for only those calls.' },
    KeyIds: { t: 'list', min: 1, max: 100, of: S.keyId(), name: 'KeyIdList', doc: 'Key ids, ARNs or aliases (resolved now) the rule\'s key operations are limited to.' },
    RequiredApprovals: { t: 'int', required: true, min: 1, max: 50, name: 'RequiredApprovalsType' },
    Approvers: { ...A.approvers(), required: true },
    RequestExpirySeconds: { t: 'int', min: 300, max: 2_592_000, name: 'RequestExpirySecondsType', doc: 'How long a request stays open (default 86400).' },
  },
  output: { ...RULE_OUTPUT, Created: { t: 'bool', required: true, doc: 'Whether the rule is new (false: it replaced one).' } },
  async run(ctx, input) {
    const { KMS_OPERATIONS, KEYWARD_OPERATIONS } = await import('../registry.js'); // the registry imports this file
    checkOperations(input.Operations ?? [], (name) => KMS_OPERATIONS.has(name) || KEYWARD_OPERATIONS.has(name));
    await ctx.authorizeAccount('PutApprovalRule');
    const keyArns = input.KeyIds && await Promise.all(input.KeyIds.map(async (k) => keyArn(ctx.scope, await ctx.resolveKeyId(k, 'any'))));
    const store = ctx.service.store.approvals;
    const previous = await store.getRule(input.RuleName);
    const rule = ruleRecord(input, keyArns && [...new Set(keyArns)], ctx.principal.arn, ctx.service.now(), previous);
    await store.putRule(rule);
    ctx.service.approvalRules.invalidate();
    ctx.audit.details.rule = { name: rule.name, operations: rule.operations, requiredApprovals: rule.requiredApprovals, approvers: rule.approvers, created: !previous };
    return { Rule: ruleEntry(rule), Created: !previous };
  },
});
