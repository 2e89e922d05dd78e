// A KMS key in a custom key store (CreateKey with CustomKeyStoreId): a symmetric encryption key whose material is a
// sensitive, non-extractable AES-256 object generated inside the store's token. Keyward's database holds only the
// object's CKA_ID, barrier-sealed like material (so it cannot be moved to another key). Destroyed with the key.
// https://docs.aws.amazon.com/kms/latest/developerguide/create-cmk-keystore.html
import { randomBytes } from 'node:crypto';
import { KmsError } from '../../protocol/errors.js';
import type { KeyRecord, Tag } from '../model.js';
import type { KmsService } from '../service.js';
import { purpose } from '../secrets/barrier.js';
import { findStore, invalidState } from './custom-key-store-rules.js';

/** CreateKey's rules for a custom key store: AWS_CLOUDHSM origin, symmetric encryption, single-Region. */
export function checkHsmKeyRequest(input: { Origin?: string; KeySpec?: string; CustomerMasterKeySpec?: string; KeyUsage?: string; MultiRegion?: boolean }): void {
  if (input.Origin !== 'AWS_CLOUDHSM') throw new KmsError('ValidationException', 'Origin must be AWS_CLOUDHSM when CustomKeyStoreId is given.');
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  if (spec !== 'SYMMETRIC_DEFAULT' || (input.KeyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT') {
    throw new KmsError('UnsupportedOperationException', 'Only symmetric encryption KMS keys can be created in an AWS CloudHSM key store.');
  }
  if (input.MultiRegion) throw new KmsError('UnsupportedOperationException', 'Multi-Region keys cannot be created in a custom key store.');
}

/** Generates the key in the token and stores the key; the token object is destroyed again if the store write fails. */
export async function createHsmKey(service: KmsService, record: KeyRecord, tags: Tag[], storeId: string): Promise<void> {
  const store = await findStore(service, storeId);
  if (!(await service.customKeyStores.usable(storeId))) throw invalidState(store, 'CONNECTED');
  const objectId = service.deps.hsm.createKey(storeId, `keyward-key-${record.keyId}`);
  try {
    const sealedMaterial = service.deps.barrier.seal(purpose.keyMaterial(record.keyId, 1), objectId);
    await service.store.createKey({ ...record, customKeyStoreId: storeId },
      { keyId: record.keyId, version: 1, materialId: randomBytes(32).toString('hex'), createdAt: record.createdAt, sealedMaterial }, tags);
  } catch (err) {
    service.deps.hsm.destroyKey(storeId, objectId);
    throw err;
  }
}

/** The token object ids of a key's versions (read before the key is deleted). */
export async function hsmObjectIds(service: KmsService, keyId: string): Promise<Buffer[]> {
  const versions = await service.store.getKeyVersions(keyId);
  return Promise.all(versions.map((v) => service.deps.barrier.openFresh(purpose.keyMaterial(keyId, v.version), v.sealedMaterial)));
}

/**
 * After the key is gone: destroys its token objects. A store that cannot be used now leaves them in the token (AWS
 * leaves them in the cluster the same way); the audit record says so.
 */
export async function destroyHsmObjects(service: KmsService, storeId: string, objectIds: Buffer[]): Promise<{ destroyed: number; orphaned: number }> {
  if (!(await service.customKeyStores.usable(storeId))) return { destroyed: 0, orphaned: objectIds.length };
  let destroyed = 0;
  for (const id of objectIds) if (service.deps.hsm.destroyKey(storeId, id)) destroyed++;
  return { destroyed, orphaned: objectIds.length - destroyed };
}
