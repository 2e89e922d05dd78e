// The first administrator of a new installation: IAM user `keyward-admin` with AdministratorAccess attached and the
// given access key (secret barrier-sealed). Each step is idempotent, so an initialisation cut short (or raced by another
// node sharing the database) is completed by the next start rather than leaving an administrator without a key.
import { StoreConflictError } from '../core/ports.js';
import type { Scope } from '../core/keys/arn.js';
import { purpose, type Barrier } from '../core/secrets/barrier.js';
import { ADMINISTRATOR_ACCESS_ARN } from './aws-managed-policies.js';
import { entityArn, newId, newSecretAccessKey } from './ids.js';
import { IAM_QUOTAS } from './identity-service.js';
import type { IdentityStore } from './ports.js';

export const ADMINISTRATOR_NAME = 'keyward-admin';

export const adminArn = (accountId: string): string => `arn:aws:iam::${accountId}:user/${ADMINISTRATOR_NAME}`;

/** An AWS-shaped access key id (20 characters, AKIA prefix) and a 40-character secret, from the CSPRNG. */
export function generateAccessKey(): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: newId('accessKey'), secretAccessKey: newSecretAccessKey() };
}

/**
 * Creates the administrator with `key` unless it already has an access key; returns whether this call gave it `key`.
 */
export async function createFirstAdministrator(
  store: IdentityStore, barrier: Barrier, scope: Scope, key: { accessKeyId: string; secretAccessKey: string }, now: number,
): Promise<boolean> {
  try {
    await store.createEntity({
      kind: 'user', name: ADMINISTRATOR_NAME, id: newId('user'), path: '/', arn: entityArn(scope, 'user', '/', ADMINISTRATOR_NAME),
      createdAt: now, data: { tags: [] },
    });
  } catch (err) {
    if (!(err instanceof StoreConflictError)) throw err;
  }
  await store.attach({ ownerKind: 'user', ownerName: ADMINISTRATOR_NAME, policyArn: ADMINISTRATOR_ACCESS_ARN }, IAM_QUOTAS.managedPoliciesPerOwner);
  if ((await store.accessKeysOf(ADMINISTRATOR_NAME)).length > 0) return false;
  const sealedSecret = barrier.seal(purpose.accessKeySecret(key.accessKeyId), Buffer.from(key.secretAccessKey, 'utf8'));
  try {
    const outcome = await store.createAccessKey(
      { accessKeyId: key.accessKeyId, userName: ADMINISTRATOR_NAME, status: 'Active', createdAt: now, sealedSecret }, IAM_QUOTAS.accessKeysPerUser,
    );
    return outcome === 'created';
  } catch (err) {
    if (err instanceof StoreConflictError) return false; // another node gave it this very key first
    throw err;
  }
}
