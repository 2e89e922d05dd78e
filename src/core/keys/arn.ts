// Key and alias identifiers: ARNs in the `aws` partition, key ids, and parsing of every KeyId form AWS accepts.
// https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id
import { KmsError } from '../../protocol/errors.js';

export interface Scope {
  accountId: string;
  region: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MRK = /^mrk-[0-9a-f]{32}$/i;
const ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

/** A key's ARN in the scope's Region; a replica's store id (`<key id>/<Region>`) names its own Region. */
export const keyArn = (s: Scope, keyId: string): string => keyId.length === 36
  ? `arn:aws:kms:${s.region}:${s.accountId}:key/${keyId}`
  : `arn:aws:kms:${keyId.slice(37)}:${s.accountId}:key/${keyId.slice(0, 36)}`;
export const aliasArn = (s: Scope, aliasName: string): string => `arn:aws:kms:${s.region}:${s.accountId}:${aliasName}`;

/**
 * Keys are stored under a store id: the key id itself for every key CreateKey made (key ids are unique across
 * Regions), and `<key id>/<Region>` for a multi-Region replica ReplicateKey made, because a replica shares its
 * primary's key id (docs/multi-region.md). Both key id forms are 36 characters.
 */
export const replicaStoreId = (keyId: string, region: string): string => `${keyId}/${region}`;

/** The key id (what AWS shows) of a store id. */
export function publicKeyId(storeId: string): string {
  return storeId.length === 36 ? storeId : storeId.slice(0, 36);
}

/** The key ARN of a stored key: its own Region and account. */
export const recordArn = (k: { keyId: string; region: string; accountId: string }): string =>
  `arn:aws:kms:${k.region}:${k.accountId}:key/${publicKeyId(k.keyId)}`;

export const isMultiRegionKeyId = (id: string): boolean => id.startsWith('mrk-');

export function isKeyId(id: string): boolean {
  return UUID.test(id) || MRK.test(id);
}

/** What a KeyId parameter named, once parsed: a key id or an alias name, in this service's scope. */
export type KeyRef = { kind: 'key'; keyId: string } | { kind: 'alias'; aliasName: string };

/** Which identifier forms a parameter accepts (the service model's documentation per member). */
export type IdForms = 'any' | 'idOrArn';

/**
 * Parses a KeyId parameter. Throws NotFoundException with AWS's texts for malformed ids, other Regions and
 * alias forms where only a key id or key ARN is accepted.
 */
export function parseKeyRef(raw: string, forms: IdForms, scope: Scope): KeyRef {
  const arn = ARN.exec(raw);
  if (arn) {
    const [, region, accountId, type, rest] = arn as unknown as [string, string, string, string, string];
    if (region !== scope.region) throw new KmsError('NotFoundException', `Invalid arn ${region}`);
    if (type === 'alias') {
      if (forms !== 'any') throw new KmsError('NotFoundException', `Invalid keyId '${raw}'`);
      if (accountId !== scope.accountId) throw aliasNotFound(raw);
      return { kind: 'alias', aliasName: `alias/${rest}` };
    }
    if (!isKeyId(rest)) throw new KmsError('NotFoundException', `Invalid keyId '${raw}'`);
    if (accountId !== scope.accountId) throw new KmsError('NotFoundException', `Key '${raw}' does not exist`);
    return { kind: 'key', keyId: rest.toLowerCase() };
  }
  if (raw.startsWith('alias/')) {
    if (forms !== 'any') throw new KmsError('NotFoundException', `Invalid keyId '${raw}'`);
    return { kind: 'alias', aliasName: raw };
  }
  if (!isKeyId(raw)) throw new KmsError('NotFoundException', `Invalid keyId '${raw}'`);
  return { kind: 'key', keyId: raw.toLowerCase() };
}

export function keyNotFound(scope: Scope, keyId: string): KmsError {
  return new KmsError('NotFoundException', `Key '${keyArn(scope, keyId)}' does not exist`);
}

export function aliasNotFound(aliasArnText: string): KmsError {
  return new KmsError('NotFoundException', `Alias ${aliasArnText} is not found.`);
}
