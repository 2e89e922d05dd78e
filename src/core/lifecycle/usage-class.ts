// What each key access does with key material, as a table: applies protection (encrypts, signs, MACs, agrees keys),
// processes protected data (decrypts, verifies), or manages the key. NIST SP 800-57 Part 1 §5.3.4 splits a key's use
// the same way (originator usage vs. recipient usage); the lifecycle rules (key-gates.ts) are decided by this class.
import type { KeyAccess } from '../keys/key-state-table.js';

export type UsageClass = 'protect' | 'process' | 'manage';

/** Typed over every KeyAccess: a new access fails to compile until it is classified here. */
export const USAGE_CLASS = {
  Encrypt: 'protect', ReEncryptTo: 'protect', GenerateDataKey: 'protect', GenerateDataKeyWithoutPlaintext: 'protect',
  GenerateDataKeyPair: 'protect', GenerateDataKeyPairWithoutPlaintext: 'protect', Sign: 'protect', GenerateMac: 'protect',
  DeriveSharedSecret: 'protect',
  Decrypt: 'process', ReEncryptFrom: 'process', Verify: 'process', VerifyMac: 'process', GetPublicKey: 'process',
  CreateGrant: 'manage', DescribeKey: 'manage', GetKeyPolicy: 'manage', PutKeyPolicy: 'manage', ListAliases: 'manage',
  ListGrants: 'manage', ListKeyPolicies: 'manage', ListResourceTags: 'manage', DeleteAlias: 'manage', RetireGrant: 'manage',
  RevokeGrant: 'manage', GetKeyLastUsage: 'manage', CreateAlias: 'manage', TagResource: 'manage', UntagResource: 'manage',
  UpdateKeyDescription: 'manage', UpdateAlias: 'manage', EnableKey: 'manage', DisableKey: 'manage',
  ScheduleKeyDeletion: 'manage', CancelKeyDeletion: 'manage', EnableKeyRotation: 'manage', DisableKeyRotation: 'manage',
  GetKeyRotationStatus: 'manage', RotateKeyOnDemand: 'manage', ListKeyRotations: 'manage', GetParametersForImport: 'manage',
  ImportKeyMaterial: 'manage', DeleteImportedKeyMaterial: 'manage', ReplicateKey: 'manage', UpdatePrimaryRegion: 'manage',
  ListKeyVersions: 'manage', DescribeKeyVersion: 'manage', DescribeKeyLifecycle: 'manage', ListLifecycleEvents: 'manage',
  DisableKeyVersion: 'manage', EnableKeyVersion: 'manage', ScheduleKeyVersionDestruction: 'manage',
  CancelKeyVersionDestruction: 'manage', SetMinimumDecryptionVersion: 'manage', SetKeyCryptoperiod: 'manage',
  DeleteKeyCryptoperiod: 'manage', ArchiveKey: 'manage', ReactivateKey: 'manage', CloseReactivationWindow: 'manage',
  GetDestructionPreflight: 'manage', PutDestructionPreflight: 'manage', GetDestructionReceipt: 'manage',
} as const satisfies Record<KeyAccess, UsageClass>;
