// KeyMetadata as AWS returns it from CreateKey and DescribeKey, derived from the stored key record.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
import { CUSTOMER_MASTER_KEY_SPECS } from '../../protocol/enums.js';
import { publicKeyId, recordArn } from './arn.js';
import { multiRegionConfiguration } from '../multi-region/related-keys.js';
import { algorithmsFor } from './key-spec-table.js';
import { isEnabled } from './key-state-table.js';
import type { KeyRecord } from '../model.js';
import type { KmsService } from '../service.js';

/** AWS timestamps are epoch seconds (fractional allowed). */
export const epochSeconds = (ms: number): number => ms / 1000;

/** CustomKeyStoreId and CloudHsmClusterId of a key in a custom key store (DescribeKey, CreateKey). */
export async function hsmMetadata(service: KmsService, storeId: string): Promise<Record<string, unknown>> {
  const store = await service.customKeyStores.record(storeId);
  return { CustomKeyStoreId: storeId, ...(store ? { CloudHsmClusterId: store.clusterId } : {}) };
}

/**
 * `extra`: CustomKeyStoreId / CloudHsmClusterId (hsmMetadata), or ExpirationModel / ValidTo of an EXTERNAL key's material (core/import/import-material.ts importedKeyMetadata),
 * for DescribeKey.
 */
export function keyMetadata(
  k: KeyRecord, currentMaterialId?: string, extra?: Record<string, unknown>, related?: readonly KeyRecord[],
): Record<string, unknown> {
  const arn = recordArn(k);
  const m: Record<string, unknown> = {
    AWSAccountId: k.accountId,
    KeyId: publicKeyId(k.keyId),
    Arn: arn,
    CreationDate: epochSeconds(k.createdAt),
    Enabled: isEnabled(k.state),
    Description: k.description,
    KeyUsage: k.keyUsage,
    KeyState: k.state,
    Origin: k.origin,
    KeyManager: k.keyManager,
    KeySpec: k.keySpec,
    ...algorithmsFor(k.keySpec, k.keyUsage),
    MultiRegion: k.multiRegion,
  };
  if (CUSTOMER_MASTER_KEY_SPECS.includes(k.keySpec)) m.CustomerMasterKeySpec = k.keySpec;
  if (k.state === 'PendingDeletion' && k.deletionDate !== undefined) m.DeletionDate = epochSeconds(k.deletionDate);
  // A primary waiting for its replicas has no deletion date yet: AWS shows the window instead (API_KeyMetadata).
  if (k.state === 'PendingReplicaDeletion') m.PendingDeletionWindowInDays = k.pendingWindowDays;
  if (k.multiRegion) m.MultiRegionConfiguration = multiRegionConfiguration(k, related ?? [k]);
  // CurrentKeyMaterialId: symmetric keys of AWS_KMS or EXTERNAL origin only (API_KeyMetadata).
  if (currentMaterialId && k.keySpec === 'SYMMETRIC_DEFAULT' && k.state !== 'PendingImport' && k.origin !== 'AWS_CLOUDHSM') {
    m.CurrentKeyMaterialId = currentMaterialId;
  }
  if (extra && (k.origin === 'EXTERNAL' || k.origin === 'AWS_CLOUDHSM')) Object.assign(m, extra);
  return m;
}
