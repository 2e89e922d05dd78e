// Row ↔ domain mapping for the PostgreSQL store (snake_case columns, camelCase domain). node-postgres returns
// BIGINT as a string (it may exceed 2^53); epoch milliseconds and audit sequence numbers fit, so they are parsed.
import type { AccessKeyRecord, AliasRecord, AuditCheckpoint, AuditRecord, GrantRecord, KeyRecord, KeyVersionRecord } from '../../core/model.js';

type Row = Record<string, unknown>;
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v as string));
const optNum = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : num(v));

export function keyFromRow(r: Row): KeyRecord {
  return {
    keyId: r.key_id as string,
    accountId: r.account_id as string,
    region: r.region as string,
    createdAt: num(r.created_at),
    description: r.description as string,
    keySpec: r.key_spec as KeyRecord['keySpec'],
    keyUsage: r.key_usage as KeyRecord['keyUsage'],
    origin: r.origin as KeyRecord['origin'],
    keyManager: r.key_manager === 'AWS' ? 'AWS' : 'CUSTOMER',
    state: r.state as KeyRecord['state'],
    multiRegion: r.multi_region === true,
    policy: r.policy as string,
    currentVersion: r.current_version as number,
    deletionDate: optNum(r.deletion_date),
    pendingWindowDays: optNum(r.pending_window_days),
    rotationPeriodDays: optNum(r.rotation_period_days),
    nextRotationAt: optNum(r.next_rotation_at),
    revision: r.revision as number,
  };
}

/** The columns of `keys` in a fixed order, matching keyParams (insert and update statements share it). */
export const KEY_COLUMNS = [
  'key_id', 'account_id', 'region', 'created_at', 'description', 'key_spec', 'key_usage', 'origin', 'state',
  'multi_region', 'policy', 'current_version', 'deletion_date', 'pending_window_days', 'rotation_period_days',
  'next_rotation_at', 'revision', 'key_manager',
] as const;

export function keyParams(k: KeyRecord): unknown[] {
  return [
    k.keyId, k.accountId, k.region, k.createdAt, k.description, k.keySpec, k.keyUsage, k.origin, k.state,
    k.multiRegion, k.policy, k.currentVersion, k.deletionDate ?? null, k.pendingWindowDays ?? null,
    k.rotationPeriodDays ?? null, k.nextRotationAt ?? null, k.revision, k.keyManager,
  ];
}

/** Parameters of the revision compare-and-set UPDATE: the mutable columns, then the expected revision. */
export function updateParams(k: KeyRecord, expectedRevision: number): unknown[] {
  return [
    k.keyId, k.description, k.keyUsage, k.state, k.policy, k.currentVersion, k.deletionDate ?? null,
    k.pendingWindowDays ?? null, k.rotationPeriodDays ?? null, k.nextRotationAt ?? null, k.revision, expectedRevision,
  ];
}

export function versionFromRow(r: Row): KeyVersionRecord {
  return {
    keyId: r.key_id as string,
    version: r.version as number,
    materialId: r.material_id as string,
    createdAt: num(r.created_at),
    sealedMaterial: r.sealed_material as Buffer,
    rotationType: opt(r.rotation_type),
  };
}

export function versionParams(v: KeyVersionRecord): unknown[] {
  return [v.keyId, v.version, v.materialId, v.createdAt, v.sealedMaterial, v.rotationType ?? null];
}

export function accessKeyFromRow(r: Row): AccessKeyRecord {
  return {
    accessKeyId: r.access_key_id as string,
    principalArn: r.principal_arn as string,
    sealedSecret: r.sealed_secret as Buffer,
    createdAt: num(r.created_at),
    status: r.status as AccessKeyRecord['status'],
  };
}

/** Audit records as column arrays, for one multi-row INSERT ... SELECT FROM unnest(...). */
export function auditFromRow(r: Row): AuditRecord {
  return {
    seq: num(r.seq), time: num(r.time), requestId: r.request_id as string,
    principal: r.principal as string, accessKeyId: opt(r.access_key_id), sourceAddress: r.source as string,
    operation: r.operation as string, keyArn: opt(r.key_arn), keyVersion: optNum(r.key_version),
    outcome: r.outcome as AuditRecord['outcome'], errorCode: opt(r.error_code), details: opt(r.details),
    prevHash: r.prev_hash as string, hash: r.hash as string,
  };
}

export function checkpointFromRow(r: Row): AuditCheckpoint {
  return { seq: num(r.seq), hash: r.hash as string, time: num(r.time), signature: r.signature as string };
}

export function aliasFromRow(r: Row): AliasRecord {
  return {
    aliasName: r.alias_name as string, accountId: r.account_id as string, region: r.region as string,
    targetKeyId: r.target_key_id as string, createdAt: num(r.created_at), updatedAt: num(r.updated_at),
  };
}

export { GRANT_COLUMNS, grantFromRow, grantParams } from '../grant-rows.js';
