// The AWS key-state table as data: operation × key state → allowed, or the exact AWS error.
// Source: KMS Developer Guide, "Key states of AWS KMS keys" (key-state.md), ../shared/reference/aws-kms-api.md §4.5.
import { KmsError } from '../../protocol/errors.js';

/**
 * The key states Keyward's keys can be in (a subset of AWS's KeyState enum: replication completes within the request,
 * so no key is ever Creating or Updating). PendingReplicaDeletion is a multi-Region primary whose deletion waits for its
 * replicas (core/multi-region/replica-deletion.ts); reference §4.5 gives it the PendingDeletion column. `Unavailable` is never
 * stored: a key of a custom key store that is not connected is Unavailable whatever its stored state (except
 * PendingDeletion), and returns to it when the store connects again (core/custom-key-stores/custom-key-stores.ts).
 */
export const KEY_STATES = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable', 'PendingReplicaDeletion'] as const;
export type KeyState = (typeof KEY_STATES)[number];

/** What a cell says: go ahead, or which AWS error to raise. */
export type Rule = 'ok' | 'disabled' | 'pendingDeletion' | 'pendingImport' | 'notPendingDeletion' | 'originExternal' | 'unavailable'
  | 'customKeyStore';

const RULE_ERRORS: Record<Exclude<Rule, 'ok'>, (arn: string) => KmsError> = {
  disabled: (arn) => new KmsError('DisabledException', `${arn} is disabled.`),
  pendingDeletion: (arn) => new KmsError('KMSInvalidStateException', `${arn} is pending deletion.`),
  pendingImport: (arn) => new KmsError('KMSInvalidStateException', `${arn} is pending import.`),
  notPendingDeletion: (arn) => new KmsError('KMSInvalidStateException', `${arn} is not pending deletion`),
  originExternal: (arn) =>
    new KmsError('UnsupportedOperationException', `${arn} origin is EXTERNAL which is not valid for this operation.`),
  unavailable: (arn) => new KmsError('KMSInvalidStateException', `${arn} is unavailable.`),
  customKeyStore: (arn) =>
    new KmsError('UnsupportedOperationException', `${arn} origin is AWS_CLOUDHSM which is not valid for this operation.`),
};

type Row = Readonly<Record<KeyState, Rule>>;
const row = (Enabled: Rule, Disabled: Rule, PendingDeletion: Rule, PendingImport: Rule, Unavailable: Rule): Row =>
  ({ Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, PendingReplicaDeletion: PendingDeletion });

// The Unavailable column is reference §4.5's "Unav" column (✗11, ✓, ✓12 for Enable/DisableKey: the stored state
// changes and applies once the store connects, ✗4, ✗7 for rotation and ✗9 for import: only AWS_KMS or EXTERNAL keys).
const CRYPTO = row('ok', 'disabled', 'pendingDeletion', 'pendingImport', 'unavailable');
const ANY = row('ok', 'ok', 'ok', 'ok', 'ok');
const NOT_PENDING_DELETION = row('ok', 'ok', 'pendingDeletion', 'ok', 'ok');
const ENABLE_DISABLE = row('ok', 'ok', 'pendingDeletion', 'pendingImport', 'ok');
const ROTATION = row('ok', 'disabled', 'pendingDeletion', 'originExternal', 'customKeyStore');

/**
 * Every key access an operation can make. ReEncrypt makes two: ReEncryptFrom on the source key and
 * ReEncryptTo on the destination. Adding a KeyState fails to compile until every row decides.
 */
export const KEY_STATE_TABLE = {
  Encrypt: CRYPTO,
  Decrypt: CRYPTO,
  ReEncryptFrom: CRYPTO,
  ReEncryptTo: CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  GenerateDataKeyPair: CRYPTO,
  GenerateDataKeyPairWithoutPlaintext: CRYPTO,
  Sign: CRYPTO,
  Verify: CRYPTO,
  GetPublicKey: CRYPTO,
  GenerateMac: CRYPTO,
  VerifyMac: CRYPTO,
  DeriveSharedSecret: CRYPTO,
  CreateGrant: row('ok', 'disabled', 'pendingDeletion', 'pendingImport', 'ok'),
  DescribeKey: ANY,
  GetKeyPolicy: ANY,
  PutKeyPolicy: ANY,
  ListAliases: ANY,
  ListGrants: ANY,
  ListKeyPolicies: ANY,
  ListResourceTags: ANY,
  DeleteAlias: ANY,
  RetireGrant: ANY,
  RevokeGrant: ANY,
  GetKeyLastUsage: ANY,
  CreateAlias: NOT_PENDING_DELETION,
  TagResource: NOT_PENDING_DELETION,
  UntagResource: NOT_PENDING_DELETION,
  UpdateKeyDescription: NOT_PENDING_DELETION,
  UpdateAlias: NOT_PENDING_DELETION,
  EnableKey: ENABLE_DISABLE,
  DisableKey: ENABLE_DISABLE,
  ScheduleKeyDeletion: NOT_PENDING_DELETION,
  CancelKeyDeletion: row('notPendingDeletion', 'notPendingDeletion', 'ok', 'notPendingDeletion', 'notPendingDeletion'),
  EnableKeyRotation: ROTATION,
  DisableKeyRotation: ROTATION,
  GetKeyRotationStatus: row('ok', 'ok', 'ok', 'originExternal', 'customKeyStore'),
  RotateKeyOnDemand: row('ok', 'disabled', 'pendingDeletion', 'pendingImport', 'customKeyStore'),
  ListKeyRotations: ANY,
  GetParametersForImport: row('ok', 'ok', 'pendingDeletion', 'ok', 'customKeyStore'),
  ImportKeyMaterial: row('ok', 'ok', 'pendingDeletion', 'ok', 'customKeyStore'),
  DeleteImportedKeyMaterial: row('ok', 'ok', 'ok', 'ok', 'customKeyStore'),
  ReplicateKey: CRYPTO,
  UpdatePrimaryRegion: CRYPTO,
  // Keyward's extension operations (KeywardService, docs/extension-api.md): reads in any state; lifecycle changes
  // not while the key is pending deletion; archival and reactivation as EnableKey / DisableKey.
  ListKeyVersions: ANY,
  DescribeKeyVersion: ANY,
  DescribeKeyLifecycle: ANY,
  ListLifecycleEvents: ANY,
  DisableKeyVersion: NOT_PENDING_DELETION,
  EnableKeyVersion: NOT_PENDING_DELETION,
  ScheduleKeyVersionDestruction: NOT_PENDING_DELETION,
  CancelKeyVersionDestruction: NOT_PENDING_DELETION,
  SetMinimumDecryptionVersion: NOT_PENDING_DELETION,
  SetKeyCryptoperiod: NOT_PENDING_DELETION,
  DeleteKeyCryptoperiod: NOT_PENDING_DELETION,
  ArchiveKey: ENABLE_DISABLE,
  // verifiable destruction (core/destruction): settings read and written in any state (also while pending deletion,
  // when turning a check off is how to proceed), receipts read in any state
  GetDestructionPreflight: ANY,
  PutDestructionPreflight: ANY,
  GetDestructionReceipt: ANY,
  ReactivateKey: ENABLE_DISABLE,
  CloseReactivationWindow: ENABLE_DISABLE,
} as const satisfies Record<string, Row>;

export type KeyAccess = keyof typeof KEY_STATE_TABLE;

/** Throws the AWS error if `access` is not allowed in `state`. */
export function checkKeyState(access: KeyAccess, state: KeyState, arn: string): void {
  const rule = KEY_STATE_TABLE[access][state];
  if (rule !== 'ok') throw RULE_ERRORS[rule](arn);
}

/** AWS derives `Enabled` from the state. */
export function isEnabled(state: KeyState): boolean {
  return state === 'Enabled';
}
