// The copies of a multi-Region key across the Regions one installation serves, and what DescribeKey says of them.
// https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
import { KmsError } from '../../protocol/errors.js';
import { publicKeyId, recordArn } from '../keys/arn.js';
import type { KeyRecord } from '../model.js';
import type { KmsService } from '../service.js';

/** PRIMARY for the copy in the primary Region, REPLICA for the others. */
export const isPrimary = (k: KeyRecord): boolean => k.multiRegion && (k.primaryRegion ?? k.region) === k.region;
export const isReplica = (k: KeyRecord): boolean => k.multiRegion && !isPrimary(k);

/** Every copy of the key (itself included) in the Regions served, in creation order. */
export function relatedKeys(service: KmsService, k: KeyRecord): Promise<KeyRecord[]> {
  return service.store.relatedKeys(publicKeyId(k.keyId), service.regionNames);
}

/** KeyMetadata's MultiRegionConfiguration: the key's role, its primary, and the primary's replicas. */
export function multiRegionConfiguration(k: KeyRecord, related: readonly KeyRecord[]): Record<string, unknown> {
  const primaryRegion = k.primaryRegion ?? k.region;
  const entry = (r: KeyRecord) => ({ Arn: recordArn(r), Region: r.region });
  return {
    MultiRegionKeyType: isPrimary(k) ? 'PRIMARY' : 'REPLICA',
    PrimaryKey: { Arn: recordArn({ ...k, region: primaryRegion }), Region: primaryRegion },
    ReplicaKeys: related.filter((r) => r.region !== primaryRegion).map(entry),
  };
}

/**
 * Rotation is a property the copies share: only the primary's can change, and it changes them all (AWS: "you can't
 * enable or disable automatic key rotation of a replica key"). The text is Keyward's (AWS's is unpublished).
 */
export function refuseOnReplica(k: KeyRecord, arn: string): void {
  if (!isReplica(k)) return;
  throw new KmsError('UnsupportedOperationException',
    `${arn} is a multi-Region replica key. Its rotation is shared with its primary key: change it on the primary key in ${k.primaryRegion}.`);
}
