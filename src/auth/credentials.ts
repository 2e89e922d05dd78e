// Principals and their access keys: the bootstrap administrator created when a data directory is initialised,
// and the in-memory table SigV4 looks secrets up in (secrets are stored barrier-encrypted).
import { randomBytes } from 'node:crypto';
import type { Barrier } from '../core/secrets/barrier.js';
import { purpose } from '../core/secrets/barrier.js';
import type { Store } from '../core/ports.js';
import type { Principal } from '../core/service.js';
import { administratorArn } from '../core/access/administrator.js';

export interface Credential {
  secretAccessKey: string;
  principal: Principal;
}

const ACCESS_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An AWS-shaped access key id (20 chars, `AKIA` prefix) and a 40-char secret, from the CSPRNG. */
export function generateAccessKey(): { accessKeyId: string; secretAccessKey: string } {
  const id = [...randomBytes(16)].map((b) => ACCESS_KEY_ALPHABET[b % 32]).join('');
  return { accessKeyId: `AKIA${id}`, secretAccessKey: randomBytes(30).toString('base64') };
}

export const adminArn = administratorArn;

/**
 * Creates the first administrator with the given access key, once per installation (`keyward operator init`, or dev
 * mode on a new data directory). Returns false if the installation already has it (its credentials stay in force).
 */
export async function initAdministrator(
  store: Store, barrier: Barrier, accountId: string, key: { accessKeyId: string; secretAccessKey: string }, now: number,
): Promise<boolean> {
  const arn = adminArn(accountId);
  if (await store.getPrincipal(arn)) return false;
  const sealedSecret = barrier.seal(purpose.accessKeySecret(key.accessKeyId), Buffer.from(key.secretAccessKey, 'utf8'));
  await store.createPrincipal(
    { arn, accountId, name: 'keyward-admin', createdAt: now },
    { accessKeyId: key.accessKeyId, principalArn: arn, sealedSecret, createdAt: now, status: 'Active' },
  );
  return true;
}

/** Every active access key, unsealed, keyed by access key id. */
export async function loadCredentials(store: Store, barrier: Barrier, accountId: string): Promise<Map<string, Credential>> {
  const table = new Map<string, Credential>();
  for (const k of await store.listAccessKeys()) {
    if (k.status !== 'Active') continue;
    const secret = (await barrier.openFresh(purpose.accessKeySecret(k.accessKeyId), k.sealedSecret)).toString('utf8');
    table.set(k.accessKeyId, { secretAccessKey: secret, principal: { arn: k.principalArn, accountId, accessKeyId: k.accessKeyId } });
  }
  return table;
}
