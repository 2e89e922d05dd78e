// DeleteImportedKeyMaterial: shreds an EXTERNAL key's imported material; the key becomes PendingImport (unchanged
// if PendingDeletion) until the same material is imported again.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { changeMaterial, originNotExternal, planDelete } from '../../import/import-material.js';
import { defineOperation } from '../../operation.js';

export const deleteImportedKeyMaterial = defineOperation<{ KeyId: string; KeyMaterialId?: string }>({
  name: 'DeleteImportedKeyMaterial',
  input: { KeyId: F.keyId(), KeyMaterialId: { t: 'string', min: 64, max: 64, pattern: /^[a-f0-9]+$/ } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'DeleteImportedKeyMaterial', 'idOrArn');
    if (key.record.origin !== 'EXTERNAL') throw originNotExternal(key.arn, key.record.origin);
    let deleted = '';
    await changeMaterial(ctx.service, key.record.keyId, 'DeleteImportedKeyMaterial', (record, materials) => {
      const target = input.KeyMaterialId !== undefined
        ? materials.find((m) => m.materialId === input.KeyMaterialId)
        : materials.find((m) => m.version === record.currentVersion);
      if (!target) {
        if (input.KeyMaterialId !== undefined) {
          throw new KmsError('NotFoundException', `Key material ${input.KeyMaterialId} does not exist for ${key.arn}.`);
        }
        return undefined; // never imported: nothing to delete
      }
      deleted = target.materialId;
      if (!target.imported) return undefined; // already deleted: no effect
      return planDelete(record, materials, target);
    });
    ctx.used(key);
    if (deleted) ctx.audit.details.keyMaterialId = deleted;
    return { KeyId: key.arn, KeyMaterialId: deleted };
  },
});
