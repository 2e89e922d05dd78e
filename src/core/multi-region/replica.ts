// A multi-Region replica: the primary's shared properties and every version of its material, re-sealed under the
// replica's own store id (the barrier's AAD names the row a sealed value belongs to), with its own policy,
// description, tags and state. https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html
import { KmsError } from '../../protocol/errors.js';
import { publicKeyId, recordArn, replicaStoreId, type Scope } from '../keys/arn.js';
import { purpose } from '../secrets/barrier.js';
import { committer } from '../destruction/commitment.js';
import type { KeyRecord, KeyVersionRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { isPrimary } from './related-keys.js';

/** ReplicateKey's source must be a primary (the observed AWS text: reference §2.9). */
export function requirePrimary(k: KeyRecord, arn: string): void {
  if (!isPrimary(k)) throw new KmsError('UnsupportedOperationException', `${arn} is not a multi-region primary key.`);
}

/** The Region a replica may go to: one this installation serves, other than the key's (which already holds a copy). */
export function replicaScope(service: KmsService, region: string): Scope {
  const scope = service.scopeOf(region);
  if (scope === undefined) {
    throw new KmsError('UnsupportedOperationException',
      `The Region ${region} is not served by this Keyward installation (served: ${service.regionNames.join(', ')}). Add it to --regions.`);
  }
  return scope;
}

/** AlreadyExistsException when a copy of the key is in the Region (its primary, or an earlier replica). */
export function refuseExistingCopy(related: readonly KeyRecord[], region: string): void {
  const there = related.find((k) => k.region === region);
  if (there) throw new KmsError('AlreadyExistsException', `Key '${recordArn(there)}' already exists`);
}

/** The replica's record: shared properties from the primary (spec, usage, origin, rotation, material version). */
export function replicaRecord(primary: KeyRecord, scope: Scope, own: { description: string; policy: string; now: number }): KeyRecord {
  return {
    keyId: replicaStoreId(publicKeyId(primary.keyId), scope.region), accountId: scope.accountId, region: scope.region,
    createdAt: own.now, description: own.description, keySpec: primary.keySpec, keyUsage: primary.keyUsage, origin: primary.origin,
    keyManager: 'CUSTOMER', state: 'Enabled', multiRegion: true, primaryRegion: primary.region, policy: own.policy,
    currentVersion: primary.currentVersion, rotationPeriodDays: primary.rotationPeriodDays, nextRotationAt: primary.nextRotationAt,
    revision: 1,
  };
}

/**
 * Every version of the primary, re-sealed for the replica's row with the replica's own destruction commitment (it binds
 * the row's key id, core/destruction/commitment.ts); a destroyed version stays destroyed (no material, no commitment).
 */
export async function replicaVersions(service: KmsService, primaryId: string, replicaId: string): Promise<KeyVersionRecord[]> {
  const out: KeyVersionRecord[] = [];
  for (const v of await service.store.getKeyVersions(primaryId)) {
    out.push(v.sealedMaterial.length > 0 ? await resealVersion(service, v, replicaId) : { ...v, keyId: replicaId, commitment: undefined });
  }
  return out;
}

/** A version made for one copy, sealed (and committed to) for another copy's row: every copy has the same material. */
export async function resealVersion(service: KmsService, v: KeyVersionRecord, toId: string): Promise<KeyVersionRecord> {
  const barrier = service.deps.barrier;
  const commit = await committer(service);
  const raw = await barrier.openFresh(purpose.keyMaterial(v.keyId, v.version), v.sealedMaterial);
  const sealedMaterial = barrier.seal(purpose.keyMaterial(toId, v.version), raw);
  const commitment = v.commitment === undefined ? undefined : commit(toId, v.version, raw);
  raw.fill(0);
  return { ...v, keyId: toId, sealedMaterial, commitment };
}
