// DescribeKey: a key's metadata, by key id, key ARN, alias name or alias ARN.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
import { F } from '../../../protocol/shape.js';
import { importedKeyMetadata } from '../../import/import-material.js';
import { hsmMetadata, keyMetadata } from '../../keys/key-metadata.js';
import { defineOperation } from '../../operation.js';
import { relatedKeys } from '../../multi-region/related-keys.js';

export const describeKey = defineOperation<{ KeyId: string; GrantTokens?: string[] }>({
  name: 'DescribeKey',
  input: { KeyId: F.keyId(), GrantTokens: F.grantTokens() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'DescribeKey', 'any');
    const storeId = key.record.customKeyStoreId;
    const extra = storeId !== undefined ? await hsmMetadata(ctx.service, storeId) : await importedKeyMetadata(ctx.service, key.record);
    const related = key.record.multiRegion ? await relatedKeys(ctx.service, key.record) : undefined;
    return { KeyMetadata: keyMetadata(key.record, key.current()?.materialId, extra, related) };
  },
});
