// The one explicit registry of operations: the dispatcher looks up `X-Amz-Target: TrentService.<name>` here,
// and tests iterate it (every operation has a shape, a key-state row where it touches keys, and tests).
import type { Operation } from './operation.js';
import { cancelKeyDeletion } from './operations/cancel-key-deletion.js';
import { createAlias } from './operations/create-alias.js';
import { createGrant } from './operations/create-grant.js';
import { createKey } from './operations/create-key.js';
import { decrypt } from './operations/decrypt.js';
import { deriveSharedSecret } from './operations/derive-shared-secret.js';
import { deleteAlias } from './operations/delete-alias.js';
import { deleteImportedKeyMaterial } from './operations/delete-imported-key-material.js';
import { describeKey } from './operations/describe-key.js';
import { disableKey } from './operations/disable-key.js';
import { disableKeyRotation } from './operations/disable-key-rotation.js';
import { enableKey } from './operations/enable-key.js';
import { enableKeyRotation } from './operations/enable-key-rotation.js';
import { encrypt } from './operations/encrypt.js';
import { generateDataKey } from './operations/generate-data-key.js';
import { generateDataKeyPair } from './operations/generate-data-key-pair.js';
import { generateDataKeyPairWithoutPlaintext } from './operations/generate-data-key-pair-without-plaintext.js';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext.js';
import { generateRandom } from './operations/generate-random.js';
import { generateMac } from './operations/generate-mac.js';
import { getPublicKey } from './operations/get-public-key.js';
import { getKeyPolicy } from './operations/get-key-policy.js';
import { getKeyLastUsage } from './operations/get-key-last-usage.js';
import { getKeyRotationStatus } from './operations/get-key-rotation-status.js';
import { getParametersForImport } from './operations/get-parameters-for-import.js';
import { importKeyMaterial } from './operations/import-key-material.js';
import { listAliases } from './operations/list-aliases.js';
import { listGrants } from './operations/list-grants.js';
import { listKeyRotations } from './operations/list-key-rotations.js';
import { listKeyPolicies } from './operations/list-key-policies.js';
import { listKeys } from './operations/list-keys.js';
import { listResourceTags } from './operations/list-resource-tags.js';
import { listRetirableGrants } from './operations/list-retirable-grants.js';
import { putKeyPolicy } from './operations/put-key-policy.js';
import { reEncrypt } from './operations/re-encrypt.js';
import { retireGrant } from './operations/retire-grant.js';
import { revokeGrant } from './operations/revoke-grant.js';
import { rotateKeyOnDemand } from './operations/rotate-key-on-demand.js';
import { scheduleKeyDeletion } from './operations/schedule-key-deletion.js';
import { sign } from './operations/sign.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateAlias } from './operations/update-alias.js';
import { updateKeyDescription } from './operations/update-key-description.js';
import { verify } from './operations/verify.js';
import { verifyMac } from './operations/verify-mac.js';

const ALL: readonly Operation[] = [
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
  // grants (core/grants.ts)
  createGrant, listGrants, listRetirableGrants, retireGrant, revokeGrant,
];

export const OPERATIONS: ReadonlyMap<string, Operation> = new Map(ALL.map((op) => [op.name, op]));
