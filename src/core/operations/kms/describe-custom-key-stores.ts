// DescribeCustomKeyStores: one store by id or name, or all, paged by Limit/Marker (creation order).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeCustomKeyStores.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { CKS_FIELDS, findStore, listEntry } from '../../custom-key-stores/custom-key-store-rules.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineOperation } from '../../operation.js';

interface Input { CustomKeyStoreId?: string; CustomKeyStoreName?: string; Limit?: number; Marker?: string }

export const describeCustomKeyStores = defineOperation<Input>({
  name: 'DescribeCustomKeyStores',
  input: { CustomKeyStoreId: CKS_FIELDS.id(false), CustomKeyStoreName: CKS_FIELDS.name(false), Limit: F.limit(), Marker: F.marker() },
  async run(ctx, input) {
    await ctx.authorizeAccount('DescribeCustomKeyStores');
    const stores = ctx.service.store.customKeyStores;
    if (input.CustomKeyStoreId !== undefined && input.CustomKeyStoreName !== undefined) {
      throw new KmsError('ValidationException', 'Specify either CustomKeyStoreId or CustomKeyStoreName, not both.');
    }
    if (input.CustomKeyStoreId !== undefined) return { CustomKeyStores: [listEntry(await findStore(ctx.service, input.CustomKeyStoreId))], Truncated: false };
    if (input.CustomKeyStoreName !== undefined) {
      const r = await stores.findCustomKeyStoreByName(input.CustomKeyStoreName);
      if (!r) throw new KmsError('CustomKeyStoreNotFoundException', `Custom key store ${input.CustomKeyStoreName} does not exist.`);
      return { CustomKeyStores: [listEntry(r)], Truncated: false };
    }
    const page = await stores.listCustomKeyStores(input.Limit ?? 100, decodeMarker(input.Marker));
    return { CustomKeyStores: page.items.map(listEntry), ...pageMembers(page) };
  },
});
