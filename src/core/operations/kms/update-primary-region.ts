// UpdatePrimaryRegion: makes the replica in another Region the primary of a multi-Region key, and the primary a
// replica; every copy learns the new primary in one transaction. https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdatePrimaryRegion.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { keyNotFound, recordArn } from '../../keys/arn.js';
import { checkKeyState } from '../../keys/key-state-table.js';
import { relatedKeys } from '../../multi-region/related-keys.js';
import { replicaScope, requirePrimary } from '../../multi-region/replica.js';
import { defineOperation } from '../../operation.js';
import type { KmsService } from '../../service.js';
import type { KeyRecord } from '../../model.js';

const MAX_ATTEMPTS = 20;

export const updatePrimaryRegion = defineOperation<{ KeyId: string; PrimaryRegion: string }>({
  name: 'UpdatePrimaryRegion',
  input: { KeyId: F.keyId(), PrimaryRegion: { t: 'string', required: true, min: 1, max: 32, pattern: /^([a-z]+-){2,3}\d+$/ } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'UpdatePrimaryRegion', 'idOrArn');
    if (!key.record.multiRegion) throw new KmsError('UnsupportedOperationException', `${key.arn} is not a multi-region key.`);
    requirePrimary(key.record, key.arn); // AWS: called in the current primary's Region
    const scope = replicaScope(ctx.service, input.PrimaryRegion);
    ctx.audit.details.primaryRegion = scope.region;
    if (scope.region === key.record.region) return {}; // already the primary there
    await promote(ctx.service, key.record, scope.region, (id) => keyNotFound(scope, id));
    return {};
  },
});

/** Writes the new primary Region to every copy under their revisions, re-reading when another writer moved one. */
async function promote(service: KmsService, from: KeyRecord, region: string, missing: (id: string) => KmsError): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const copies = await relatedKeys(service, from);
    const target = copies.find((k) => k.region === region);
    if (!target) throw missing(from.keyId);
    checkKeyState('UpdatePrimaryRegion', target.state, recordArn(target));
    const changes = copies.map((k) => ({ next: { ...k, primaryRegion: region, revision: k.revision + 1 }, expectedRevision: k.revision }));
    if (await service.store.updateKeys(changes)) {
      for (const k of copies) service.keys.invalidate(k.keyId);
      return;
    }
  }
  throw new KmsError('ThrottlingException', 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.');
}
