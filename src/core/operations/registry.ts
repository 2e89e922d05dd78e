// The one explicit registry of operations, by wire target: AWS KMS's (`X-Amz-Target: TrentService.<name>`, files in
// kms/) and Keyward's own extension operations (`KeywardService.<name>`, files in keyward/), both AWS JSON 1.1 signed
// for service `kms`. The dispatcher looks operations up here and tests iterate it (every operation has a shape, a
// key-state row where it touches keys, and tests).
import type { ActionPrefix, ExtensionOperation, Operation } from '../operation.js';
import { cancelKeyDeletion } from './kms/cancel-key-deletion.js';
import { createAlias } from './kms/create-alias.js';
import { replicateKey } from './kms/replicate-key.js';
import { updatePrimaryRegion } from './kms/update-primary-region.js';
import { connectCustomKeyStore } from './kms/connect-custom-key-store.js';
import { createCustomKeyStore } from './kms/create-custom-key-store.js';
import { deleteCustomKeyStore } from './kms/delete-custom-key-store.js';
import { describeCustomKeyStores } from './kms/describe-custom-key-stores.js';
import { disconnectCustomKeyStore } from './kms/disconnect-custom-key-store.js';
import { updateCustomKeyStore } from './kms/update-custom-key-store.js';
import { createGrant } from './kms/create-grant.js';
import { createKey } from './kms/create-key.js';
import { decrypt } from './kms/decrypt.js';
import { deriveSharedSecret } from './kms/derive-shared-secret.js';
import { deleteAlias } from './kms/delete-alias.js';
import { deleteImportedKeyMaterial } from './kms/delete-imported-key-material.js';
import { describeKey } from './kms/describe-key.js';
import { disableKey } from './kms/disable-key.js';
import { disableKeyRotation } from './kms/disable-key-rotation.js';
import { enableKey } from './kms/enable-key.js';
import { enableKeyRotation } from './kms/enable-key-rotation.js';
import { encrypt } from './kms/encrypt.js';
import { generateDataKey } from './kms/generate-data-key.js';
import { generateDataKeyPair } from './kms/generate-data-key-pair.js';
import { generateDataKeyPairWithoutPlaintext } from './kms/generate-data-key-pair-without-plaintext.js';
import { generateDataKeyWithoutPlaintext } from './kms/generate-data-key-without-plaintext.js';
import { generateRandom } from './kms/generate-random.js';
import { generateMac } from './kms/generate-mac.js';
import { getPublicKey } from './kms/get-public-key.js';
import { getKeyPolicy } from './kms/get-key-policy.js';
import { getKeyLastUsage } from './kms/get-key-last-usage.js';
import { getKeyRotationStatus } from './kms/get-key-rotation-status.js';
import { getParametersForImport } from './kms/get-parameters-for-import.js';
import { importKeyMaterial } from './kms/import-key-material.js';
import { listAliases } from './kms/list-aliases.js';
import { listGrants } from './kms/list-grants.js';
import { listKeyRotations } from './kms/list-key-rotations.js';
import { listKeyPolicies } from './kms/list-key-policies.js';
import { listKeys } from './kms/list-keys.js';
import { listResourceTags } from './kms/list-resource-tags.js';
import { listRetirableGrants } from './kms/list-retirable-grants.js';
import { putKeyPolicy } from './kms/put-key-policy.js';
import { reEncrypt } from './kms/re-encrypt.js';
import { retireGrant } from './kms/retire-grant.js';
import { revokeGrant } from './kms/revoke-grant.js';
import { rotateKeyOnDemand } from './kms/rotate-key-on-demand.js';
import { scheduleKeyDeletion } from './kms/schedule-key-deletion.js';
import { sign } from './kms/sign.js';
import { tagResource } from './kms/tag-resource.js';
import { untagResource } from './kms/untag-resource.js';
import { updateAlias } from './kms/update-alias.js';
import { updateKeyDescription } from './kms/update-key-description.js';
import { verify } from './kms/verify.js';
import { verifyMac } from './kms/verify-mac.js';
import { describeBarrier } from './keyward/describe-barrier.js';
import { rotateBarrier } from './keyward/rotate-barrier.js';
import { seal } from './keyward/seal.js';
import { archiveKey } from './keyward/archive-key.js';
import { cancelKeyVersionDestruction } from './keyward/cancel-key-version-destruction.js';
import { closeReactivationWindow } from './keyward/close-reactivation-window.js';
import { deleteKeyCryptoperiod } from './keyward/delete-key-cryptoperiod.js';
import { describeKeyLifecycle } from './keyward/describe-key-lifecycle.js';
import { describeKeyVersion } from './keyward/describe-key-version.js';
import { disableKeyVersion } from './keyward/disable-key-version.js';
import { enableKeyVersion } from './keyward/enable-key-version.js';
import { listKeyVersions } from './keyward/list-key-versions.js';
import { lookupEvents } from './keyward/lookup-events.js';
import { hashAuditValue } from './keyward/hash-audit-value.js';
import { listLifecycleEvents } from './keyward/list-lifecycle-events.js';
import { reactivateKey } from './keyward/reactivate-key.js';
import { scheduleKeyVersionDestruction } from './keyward/schedule-key-version-destruction.js';
import { setKeyCryptoperiod } from './keyward/set-key-cryptoperiod.js';
import { setMinimumDecryptionVersion } from './keyward/set-minimum-decryption-version.js';
import { acknowledgeAlert } from './keyward/acknowledge-alert.js';
import { describeAlert } from './keyward/describe-alert.js';
import { listAlerts } from './keyward/list-alerts.js';
import { putApprovalRule } from './keyward/put-approval-rule.js';
import { getApprovalRule } from './keyward/get-approval-rule.js';
import { deleteApprovalRule } from './keyward/delete-approval-rule.js';
import { listApprovalRules } from './keyward/list-approval-rules.js';
import { listApprovalRequests } from './keyward/list-approval-requests.js';
import { describeApprovalRequest } from './keyward/describe-approval-request.js';
import { approveRequest } from './keyward/approve-request.js';
import { rejectRequest } from './keyward/reject-request.js';
import { executeApprovedRequest } from './keyward/execute-approved-request.js';
import { reportScanResults } from './keyward/report-scan-results.js';
import { putDestructionPreflight } from './keyward/put-destruction-preflight.js';
import { getDestructionPreflight } from './keyward/get-destruction-preflight.js';
import { getDestructionReceipt } from './keyward/get-destruction-receipt.js';
import { listDestructionReceipts } from './keyward/list-destruction-receipts.js';

const KMS: readonly Operation[] = [
  // keys
  createKey, describeKey, listKeys, enableKey, disableKey, updateKeyDescription, scheduleKeyDeletion, cancelKeyDeletion,
  getKeyLastUsage, getKeyPolicy, putKeyPolicy, listKeyPolicies,
  // symmetric data plane
  encrypt, decrypt, reEncrypt, generateDataKey, generateDataKeyWithoutPlaintext, generateRandom,
  // asymmetric, HMAC and key agreement (docs/key-types.md)
  sign, verify, getPublicKey, generateMac, verifyMac, deriveSharedSecret, generateDataKeyPair, generateDataKeyPairWithoutPlaintext,
  // rotation
  enableKeyRotation, disableKeyRotation, getKeyRotationStatus, rotateKeyOnDemand, listKeyRotations,
  // imported key material
  getParametersForImport, importKeyMaterial, deleteImportedKeyMaterial,
  // aliases and tags
  createAlias, updateAlias, deleteAlias, listAliases, tagResource, untagResource, listResourceTags,
  // grants (core/access/grants.ts)
  createGrant, listGrants, listRetirableGrants, retireGrant, revokeGrant,
  // multi-Region keys (docs/multi-region.md)
  replicateKey, updatePrimaryRegion,
  // custom key stores on PKCS#11 tokens (docs/custom-key-stores.md)
  createCustomKeyStore, describeCustomKeyStores, updateCustomKeyStore, connectCustomKeyStore, disconnectCustomKeyStore, deleteCustomKeyStore,
];

/** Keyward's extension operations (docs/extension-api.md): beside AWS's, never changing what an AWS client sees. */
const KEYWARD: readonly ExtensionOperation[] = [
  // operator: seal and barrier (docs/operations.md)
  seal, rotateBarrier, describeBarrier,
  // key versions with their own state
  listKeyVersions, describeKeyVersion, disableKeyVersion, enableKeyVersion, scheduleKeyVersionDestruction,
  cancelKeyVersionDestruction, setMinimumDecryptionVersion,
  // archival and reactivation windows
  archiveKey, reactivateKey, closeReactivationWindow, describeKeyLifecycle,
  // cryptoperiods
  setKeyCryptoperiod, deleteKeyCryptoperiod,
  // lifecycle events
  listLifecycleEvents,
  // verifiable destruction (docs/destruction.md): pre-flight settings, scan reports, signed receipts
  putDestructionPreflight, getDestructionPreflight, reportScanResults, getDestructionReceipt, listDestructionReceipts,
  // the audit log (docs/audit.md)
  lookupEvents, hashAuditValue,
  // anomaly alerts (docs/anomaly.md)
  listAlerts, describeAlert, acknowledgeAlert,
  // multi-party approval (docs/approvals.md)
  putApprovalRule, getApprovalRule, deleteApprovalRule, listApprovalRules, listApprovalRequests, describeApprovalRequest,
  approveRequest, rejectRequest, executeApprovedRequest,
];

const byName = <O extends Operation>(ops: readonly O[]): ReadonlyMap<string, O> => new Map(ops.map((op) => [op.name, op]));

/** AWS KMS operations by name (TrentService). */
export const KMS_OPERATIONS = byName(KMS);
/** Keyward's extension operations by name (KeywardService). */
export const KEYWARD_OPERATIONS = byName(KEYWARD);

export type { ActionPrefix };

/** One X-Amz-Target prefix served over AWS JSON 1.1: its operations and the prefix of their policy actions. */
export interface JsonTarget {
  readonly operations: ReadonlyMap<string, Operation>;
  readonly actionPrefix: ActionPrefix;
}

/** The X-Amz-Target prefixes served over AWS JSON 1.1. */
export const JSON_TARGETS: ReadonlyMap<string, JsonTarget> = new Map<string, JsonTarget>([
  ['TrentService', { operations: KMS_OPERATIONS, actionPrefix: 'kms' }],
  ['KeywardService', { operations: KEYWARD_OPERATIONS, actionPrefix: 'keyward' }],
]);
