// The domain model: keys, key versions, aliases, grants and audit records, as the core and the stores see them.
import type { KeyManagerType, KeySpec, KeyUsage, OriginType } from '../protocol/enums.js';
import type { KeyState } from './keys/key-state-table.js';

/** A KMS key. Only the state is stored; `Enabled` and the rest of AWS's KeyMetadata are derived from it. */
export interface KeyRecord {
  keyId: string;
  accountId: string;
  region: string;
  createdAt: number; // epoch ms
  description: string;
  keySpec: KeySpec;
  keyUsage: KeyUsage;
  origin: OriginType;
  /**
   * AWS for an AWS-managed key (created on first use of alias/aws/<service>, core/keys/aws-managed.ts), else CUSTOMER;
   * fixed at creation (migration 7 set CUSTOMER on the keys that existed before).
   */
  keyManager: KeyManagerType;
  state: KeyState;
  multiRegion: boolean;
  /**
   * A multi-Region key's primary Region (every copy records it; UpdatePrimaryRegion changes all of them at once);
   * undefined for a single-Region key (migration 14 set it to the key's own Region for earlier multi-Region keys).
   */
  primaryRegion?: string | undefined;
  policy: string;
  /**
   * The key version Encrypt uses (1 = original material). 0 for an EXTERNAL key whose material was never imported;
   * while an EXTERNAL key is PendingImport it may name a version whose material is deleted (see ImportedMaterialRecord).
   */
  currentVersion: number;
  /** Epoch ms at which a PendingDeletion key is destroyed. */
  deletionDate?: number | undefined;
  pendingWindowDays?: number | undefined;
  /** Automatic rotation period in days, when rotation is enabled. */
  rotationPeriodDays?: number | undefined;
  nextRotationAt?: number | undefined;
  /** Incremented by every change, so caches and concurrent writers can tell versions apart. */
  revision: number;
  /** The custom key store (a PKCS#11 token) holding the material of an AWS_CLOUDHSM key; fixed at creation (migration 8). */
  customKeyStoreId?: string | undefined;
}

/** One version of a key's material, stored only encrypted under the barrier. */
export interface KeyVersionRecord {
  keyId: string;
  version: number;
  /** 64 lowercase hex digits: AWS's KeyMaterialId. */
  materialId: string;
  createdAt: number;
  /** Barrier-encrypted material (see core/secrets/barrier.ts). */
  sealedMaterial: Buffer;
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND' | undefined;
  /**
   * The destruction commitment recorded at creation (core/destruction/commitment.ts): `hmac-sha256:<hex>` of the
   * material under a barrier-derived key, never the material. Absent for versions created before commitments existed.
   */
  commitment?: string | undefined;
}

export const EXPIRATION_MODELS = ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] as const;
export type ExpirationModel = (typeof EXPIRATION_MODELS)[number];

/**
 * What Keyward knows about one imported material of an EXTERNAL key (one key version). The record outlives the
 * material itself: after DeleteImportedKeyMaterial or expiry the version's row in key versions is shredded, but this
 * record stays, so the same material (recognised by its KeyMaterialId, a keyed hash) can be imported again.
 */
export interface ImportedMaterialRecord {
  keyId: string;
  version: number;
  /** 64 lowercase hex digits: HMAC of key id and material under a barrier-sealed service key (core/import/import-material.ts). */
  materialId: string;
  /** The material is present (false once deleted or expired). */
  imported: boolean;
  /** Imported as new material for a key that already has material; RotateKeyOnDemand makes it current. */
  pendingRotation: boolean;
  expirationModel: ExpirationModel;
  /** Epoch ms at which the material expires (KEY_MATERIAL_EXPIRES only). */
  validTo?: number | undefined;
  description?: string | undefined;
  /** Epoch ms of the latest import of this material. */
  importedAt: number;
}

/** A GetParametersForImport answer: the wrapping key pair (private half sealed) bound to one key and algorithm. */
export interface ImportTokenRecord {
  /** SHA-256 (hex) of the ImportToken handed to the client; the token itself is not stored. */
  tokenHash: string;
  keyId: string;
  wrappingAlgorithm: string;
  wrappingKeySpec: string;
  /** Barrier-sealed PKCS#8 DER of the RSA wrapping key; undefined once shredded after expiry. */
  sealedPrivateKey?: Buffer | undefined;
  createdAt: number;
  expiresAt: number;
}

export interface AliasRecord {
  aliasName: string; // 'alias/...'
  accountId: string;
  region: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

export interface Tag {
  TagKey: string;
  TagValue: string;
}

/**
 * One audit record. Never holds plaintext, key material or encryption-context values.
 * `seq`, `prevHash` and `hash` chain the records (SHA-256), so checkpoints can sign a prefix of the log.
 */
export interface AuditRecord {
  seq: number;
  time: number; // epoch ms (service clock)
  requestId: string;
  principal: string; // principal ARN, or 'keyward:system' for system actions, or '-' when unauthenticated
  accessKeyId?: string | undefined;
  sourceAddress: string;
  operation: string;
  keyArn?: string | undefined;
  keyVersion?: number | undefined;
  outcome: 'success' | 'failure';
  errorCode?: string | undefined;
  /** Non-secret facts: encryption-context keys (never values), algorithm, aliases, etc. JSON text. */
  details?: string | undefined;
  prevHash: string;
  hash: string;
}

/** Where a written entry sits in the chain: what appendAudit reports back (exporters build events from it). */
export type AuditLink = Pick<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/** An audit record as a request produces it, before the log numbers and chains it (src/audit/audit-chain.ts). */
export type AuditEntry = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/** GrantConstraints as AWS defines them (at most one encryption-context constraint, plus SourceArn). */
export interface GrantConstraints {
  EncryptionContextSubset?: Record<string, string> | undefined;
  EncryptionContextEquals?: Record<string, string> | undefined;
  SourceArn?: string | undefined;
}

/** A grant on a key (core/access/grants.ts). Exactly one grantee form is set. */
export interface GrantRecord {
  /** 64 lowercase hex digits. */
  grantId: string;
  keyId: string;
  name?: string | undefined;
  createdAt: number;
  granteePrincipal?: string | undefined;
  granteeServicePrincipal?: string | undefined;
  retiringPrincipal?: string | undefined;
  retiringServicePrincipal?: string | undefined;
  /** The issuing account's root ARN, `arn:aws:iam::<account>:root`. */
  issuingAccount: string;
  operations: string[];
  constraints?: GrantConstraints | undefined;
  /**
   * For named grants only: SHA-256 (hex) of the CreateGrant parameters, so a retry with identical parameters finds
   * the grant it created (AWS's Name idempotency); unique per key.
   */
  fingerprint?: string | undefined;
}

/**
 * A signed audit checkpoint (audit/checkpoint.ts): the checkpoint-signing key's Ed25519 signature over the audit
 * head (seq, hash) at `time`. `seq` is the audit seq covered; one checkpoint per seq.
 */
export interface AuditCheckpoint {
  seq: number;
  /** The chain hash of audit record `seq` (64 lowercase hex digits). */
  hash: string;
  time: number; // epoch ms (service clock)
  /** The Ed25519 signature over checkpointStatement(...), 128 lowercase hex digits. */
  signature: string;
}
