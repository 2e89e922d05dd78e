// ListDestructionReceipts: every destruction receipt of the installation, oldest first and paged (GetDestructionReceipt
// returns one in full). Authorised as keyward:ListDestructionReceipts on no key: the keys may be gone.
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineExtensionOperation } from '../../operation.js';
import { PAGE_OUTPUT, S } from './extension-shapes.js';
import { RECEIPT_ENTRY, receiptSummary } from './receipt-summary.js';

export const listDestructionReceipts = defineExtensionOperation<{ Limit?: number; Marker?: string }>({
  name: 'ListDestructionReceipts',
  doc: 'Lists the destruction receipts of the installation, oldest first: which key and versions, when destroyed, and the result of the search for the material afterwards.',
  errors: ['InvalidMarkerException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { Limit: S.limit(), Marker: S.marker() },
  output: { Receipts: { t: 'list', required: true, of: RECEIPT_ENTRY, name: 'DestructionReceiptList' }, ...PAGE_OUTPUT },
  async run(ctx, input) {
    await ctx.authorizeAccount('ListDestructionReceipts');
    const page = await ctx.service.store.destruction.listReceipts(input.Limit ?? 100, decodeMarker(input.Marker));
    return { Receipts: page.items.map(receiptSummary), ...pageMembers(page) };
  },
});
