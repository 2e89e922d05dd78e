// ListApprovalRequests: approval requests in creation order, optionally of one state or one key, paged like the other
// extension lists (Limit / Marker). An open request past its expiry reads EXPIRED even before the job marks it.
import { KmsError } from '../../../protocol/errors.js';
import type { RequestState } from '../../../approvals/approval-model.js';
import { requestEntry } from '../../approvals/approval-requests.js';
import { keyArn } from '../../keys/arn.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineExtensionOperation } from '../../operation.js';
import { A, REQUEST_ENTRY } from './approval-shapes.js';
import { PAGE_OUTPUT, S } from './extension-shapes.js';

interface Input { State?: RequestState; KeyId?: string; Limit?: number; Marker?: string }

export const listApprovalRequests = defineExtensionOperation<Input>({
  name: 'ListApprovalRequests',
  doc: 'Lists approval requests, oldest first: all, or those in State, or those on one key (KeyId).',
  errors: ['InvalidMarkerException', 'InvalidArnException', 'NotFoundException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { State: A.state(), KeyId: { ...S.keyId(), required: false }, Limit: S.limit(), Marker: S.marker() },
  output: { ApprovalRequests: { t: 'list', required: true, of: REQUEST_ENTRY, name: 'ApprovalRequestList' }, ...PAGE_OUTPUT },
  async run(ctx, input) {
    await ctx.authorizeAccount('ListApprovalRequests');
    const key = input.KeyId === undefined ? undefined : keyArn(ctx.scope, await ctx.resolveKeyId(input.KeyId, 'any'));
    const after = decodeMarker(input.Marker);
    if (after !== undefined && !/^\d+$/.test(after)) throw new KmsError('InvalidMarkerException', 'Invalid marker');
    const page = await ctx.service.store.approvals.listRequests({ state: input.State, keyArn: key }, input.Limit ?? 100, after);
    const now = ctx.service.now();
    return { ApprovalRequests: page.items.map((r) => requestEntry(r, now)), ...pageMembers(page) };
  },
});
