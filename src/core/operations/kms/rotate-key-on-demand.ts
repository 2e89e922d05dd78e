// RotateKeyOnDemand: a new key version now, independent of the automatic schedule (which it does not reset).
// https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { rotateToImportedMaterial } from '../../import/import-material.js';
import { addVersion } from '../../keys/key-mutation.js';
import { defineOperation } from '../../operation.js';
import { refuseOnReplica } from '../../multi-region/related-keys.js';
import { MAX_ON_DEMAND_ROTATIONS, ON_DEMAND_CONFLICT_WINDOW_MS, requireOnDemandRotatable } from '../../lifecycle/rotation.js';

export const rotateKeyOnDemand = defineOperation<{ KeyId: string }>({
  name: 'RotateKeyOnDemand',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'RotateKeyOnDemand', 'idOrArn');
    refuseOnReplica(key.record, key.arn); // rotation is the primary's to change (shared by every copy)
    requireOnDemandRotatable(key);
    const versions = await ctx.service.store.getKeyVersions(key.record.keyId);
    if (versions.filter((v) => v.rotationType === 'ON_DEMAND').length >= MAX_ON_DEMAND_ROTATIONS) {
      throw new KmsError('LimitExceededException',
        `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`);
    }
    const next = key.record.nextRotationAt;
    if (next !== undefined && next - ctx.service.now() < ON_DEMAND_CONFLICT_WINDOW_MS) {
      throw new KmsError('ConflictException', `An automatic rotation of ${key.arn} is due within 20 minutes. Try again later.`);
    }
    if (key.record.origin === 'EXTERNAL') {
      // Imported material: the material imported as PENDING_ROTATION becomes current (no new material is made).
      ctx.used(key, await rotateToImportedMaterial(ctx.service, key.record.keyId, key.arn));
      return { KeyId: key.arn };
    }
    const rotated = await addVersion(ctx.service, key.record.keyId, 'RotateKeyOnDemand', 'ON_DEMAND', () => ({}));
    ctx.used(key, rotated!.version.version);
    return { KeyId: key.arn };
  },
});
