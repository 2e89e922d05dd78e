// ListApprovalRules: every approval rule, by name, paged like the other extension lists (Limit / Marker).
import { KmsError } from '../../../protocol/errors.js';
import { ruleEntry } from '../../approvals/approval-rules.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineExtensionOperation } from '../../operation.js';
import { RULE_ENTRY } from './approval-shapes.js';
import { PAGE_OUTPUT, S } from './extension-shapes.js';

export const listApprovalRules = defineExtensionOperation<{ Limit?: number; Marker?: string }>({
  name: 'ListApprovalRules',
  doc: 'Lists the approval rules by name.',
  errors: ['InvalidMarkerException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { Limit: S.limit(), Marker: S.marker() },
  output: { Rules: { t: 'list', required: true, of: RULE_ENTRY, name: 'ApprovalRuleList' }, ...PAGE_OUTPUT },
  async run(ctx, input) {
    await ctx.authorizeAccount('ListApprovalRules');
    const after = decodeMarker(input.Marker); // the last rule name of the previous page
    if (after !== undefined && after.length === 0) throw new KmsError('InvalidMarkerException', 'Invalid marker');
    const rules = (await ctx.service.store.approvals.listRules()).filter((r) => after === undefined || r.name > after);
    const limit = input.Limit ?? 100;
    const items = rules.slice(0, limit);
    return { Rules: items.map(ruleEntry), ...pageMembers({ items, next: rules.length > limit ? items[items.length - 1]!.name : undefined }) };
  },
});
