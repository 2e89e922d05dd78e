// GetDestructionReceipt: the signed destruction receipt of a key (its deletion) or of one version — also after the key
// is gone, since receipts have their own table. The receipt is the canonical JSON text to save as is and check offline
// with `keyward receipt verify FILE --public-key PEM`. docs/destruction.md
import { KmsError } from '../../../protocol/errors.js';
import { keyArn } from '../../keys/arn.js';
import type { StoredReceipt } from '../../destruction/destruction-store.js';
import { defineExtensionOperation } from '../../operation.js';
import { S } from './extension-shapes.js';
import { RECEIPT_SUMMARY, receiptSummary } from './receipt-summary.js';

export const getDestructionReceipt = defineExtensionOperation<{ KeyId: string; KeyVersion?: number }>({
  name: 'GetDestructionReceipt',
  doc: 'Returns the signed destruction receipt of a key: of its deletion, or with KeyVersion the newest receipt covering that version (a version destruction, or the key\'s deletion). Works after the key is gone (then identity-based policies decide). Save Receipt as is and check it with keyward receipt verify.',
  errors: ['NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: { ...S.keyId(), doc: 'The key id or key ARN (aliases are gone with the key).' }, KeyVersion: S.keyVersion(false) },
  output: {
    ...RECEIPT_SUMMARY,
    Receipt: { t: 'string', required: true, min: 2, max: 1_048_576, name: 'DestructionReceiptType', doc: 'The receipt: canonical JSON, Ed25519-signed (docs/destruction.md).' },
  },
  async run(ctx, input) {
    const keyId = await ctx.resolveKeyId(input.KeyId, 'idOrArn');
    const arn = keyArn(ctx.scope, keyId);
    // The key of this Region (a deleted replica's primary in another Region is another key).
    if (await ctx.service.keys.inRegion(keyId, ctx.scope.region)) await ctx.key(input.KeyId, 'GetDestructionReceipt', 'idOrArn');
    else await ctx.authorizeGoneKey('GetDestructionReceipt', arn);
    const receipts = await ctx.service.store.destruction.receipts(arn);
    const pick = [...receipts].reverse().find((r: StoredReceipt) =>
      input.KeyVersion === undefined ? (JSON.parse(r.document) as { Kind: string }).Kind === 'KeyDeletion' : r.versions.includes(input.KeyVersion));
    if (!pick) {
      const what = input.KeyVersion === undefined ? `the deletion of ${arn}` : `version ${input.KeyVersion} of ${arn}`;
      throw new KmsError('NotFoundException', `There is no destruction receipt for ${what}: receipts are issued when the scheduler destroys material (after the waiting period of ScheduleKeyDeletion or ScheduleKeyVersionDestruction).`);
    }
    if (input.KeyVersion !== undefined) ctx.audit.keyVersion = input.KeyVersion;
    return { ...receiptSummary(pick), Receipt: pick.document };
  },
});

