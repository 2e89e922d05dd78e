// ListKeyRotations: the completed rotations of a key, oldest first, paginated. With ALL_KEY_MATERIAL also the original
// material and, for imported material (Origin EXTERNAL), material pending rotation or pending re-import.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html
import { F } from '../../../protocol/shape.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import type { ImportedMaterialRecord, KeyVersionRecord } from '../../model.js';
import { defineOperation } from '../../operation.js';
import { requireOnDemandRotatable } from '../../lifecycle/rotation.js';

interface Entry { version: number; row?: KeyVersionRecord | undefined; imported?: ImportedMaterialRecord | undefined; materialId: string }

export const listKeyRotations = defineOperation<{ KeyId: string; IncludeKeyMaterial?: string; Limit?: number; Marker?: string }>({
  name: 'ListKeyRotations',
  input: {
    KeyId: F.keyId(), IncludeKeyMaterial: F.enumOf(['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY']), Limit: F.limit(), Marker: F.marker(),
  },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'ListKeyRotations', 'idOrArn');
    requireOnDemandRotatable(key); // symmetric keys of AWS_KMS or EXTERNAL origin have rotations to list
    const start = Number(decodeMarker(input.Marker) ?? 0);
    const limit = input.Limit ?? 100;
    const { store } = ctx.service;
    const rows = await store.getKeyVersions(key.record.keyId);
    let entries: Entry[];
    if (key.record.origin === 'EXTERNAL') {
      // Imported material: its records outlive a deletion (the version row is shredded), and pending-rotation
      // material has a version row before it has become a rotation.
      entries = (await store.getImportedMaterials(key.record.keyId))
        .sort((a, b) => a.version - b.version)
        .map((m) => ({ version: m.version, row: rows.find((r) => r.version === m.version), imported: m, materialId: m.materialId }));
    } else {
      entries = rows.map((r) => ({ version: r.version, row: r, materialId: r.materialId }));
    }
    // ROTATIONS_ONLY (the default): completed rotations only, i.e. versions a rotation made current.
    const all = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL' ? entries : entries.filter((e) => e.row?.rotationType !== undefined);
    const page = all.slice(start, start + limit);
    const current = key.record.currentVersion;
    return {
      Rotations: page.map((e) => ({
        KeyId: key.arn,
        KeyMaterialId: e.materialId,
        ...(e.imported?.description !== undefined ? { KeyMaterialDescription: e.imported.description } : {}),
        ...(e.imported ? { ImportState: e.imported.imported ? 'IMPORTED' : 'PENDING_IMPORT' } : {}),
        KeyMaterialState: e.imported?.pendingRotation ? 'PENDING_ROTATION' : e.version === current ? 'CURRENT' : 'NON_CURRENT',
        ...(e.imported ? { ExpirationModel: e.imported.expirationModel } : {}),
        ...(e.imported?.expirationModel === 'KEY_MATERIAL_EXPIRES' && e.imported.validTo !== undefined
          ? { ValidTo: epochSeconds(e.imported.validTo) } : {}),
        ...(e.row?.rotationType ? { RotationDate: epochSeconds(e.row.createdAt), RotationType: e.row.rotationType } : {}),
      })),
      ...pageMembers({ items: page, next: start + limit < all.length ? String(start + limit) : undefined }),
    };
  },
});
