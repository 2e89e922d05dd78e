// A destruction receipt as GetDestructionReceipt and ListDestructionReceipts summarise it.
import type { Field, Shape } from '../../../protocol/shape.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import type { StoredReceipt } from '../../destruction/destruction-store.js';
import { S } from './extension-shapes.js';

export const RECEIPT_SUMMARY: Shape = {
  ReceiptId: { t: 'string', required: true, min: 36, max: 36, name: 'DestructionReceiptIdType' },
  KeyId: { ...S.keyArn(), required: true },
  KeyVersions: { t: 'list', required: true, of: S.keyVersion(), name: 'KeyVersionNumberList' },
  DestroyedDate: { t: 'timestamp', required: true },
  ScanResult: { t: 'enum', required: true, values: ['CLEAN', 'FOUND', 'INCOMPLETE'], name: 'DestructionScanResult', doc: 'What the search for the material after the shred found (docs/destruction.md).' },
};

export const RECEIPT_ENTRY: Field = { t: 'struct', name: 'DestructionReceiptEntry', doc: 'A destruction receipt, summarised.', fields: RECEIPT_SUMMARY };

export function receiptSummary(r: StoredReceipt): Record<string, unknown> {
  return { ReceiptId: r.receiptId, KeyId: r.keyArn, KeyVersions: r.versions, DestroyedDate: epochSeconds(r.destroyedAt), ScanResult: r.scanResult };
}
