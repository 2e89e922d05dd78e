// The domain model: keys, key versions, aliases, principals and audit records, as the core and the stores see them.
import type { KeySpec, KeyUsage, OriginType } from '../protocol/enums.js';
import type { KeyState } from './key-state-table.js';

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
  state: KeyState;
  multiRegion: boolean;
  policy: string;
  /** Newest key version (1 = original material); Encrypt always uses it. */
  currentVersion: number;
  /** Epoch ms at which a PendingDeletion key is destroyed. */
  deletionDate?: number | undefined;
  pendingWindowDays?: number | undefined;
  /** Automatic rotation period in days, when rotation is enabled. */
  rotationPeriodDays?: number | undefined;
  nextRotationAt?: number | undefined;
  /** Incremented by every change, so caches and concurrent writers can tell versions apart. */
  revision: number;
}

/** One version of a key's material, stored only encrypted under the barrier. */
export interface KeyVersionRecord {
  keyId: string;
  version: number;
  /** 64 lowercase hex digits: AWS's KeyMaterialId. */
  materialId: string;
  createdAt: number;
  /** Barrier-encrypted material (see core/barrier.ts). */
  sealedMaterial: Buffer;
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND' | undefined;
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

export interface PrincipalRecord {
  arn: string;
  accountId: string;
  name: string;
  createdAt: number;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  principalArn: string;
  /** The secret access key, barrier-encrypted (SigV4 needs the secret itself to recompute signatures). */
  sealedSecret: Buffer;
  createdAt: number;
  status: 'Active' | 'Inactive';
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
