// Row ↔ domain mapping for the SQLite store (snake_case columns, camelCase domain).
import type { AccessKeyRecord, AliasRecord, AuditCheckpoint, AuditRecord, GrantRecord, KeyRecord, KeyVersionRecord } from '../../core/model.js';

type Row = Record<string, unknown>;
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

export function keyFromRow(r: Row): KeyRecord {
  return {
    keyId: r.key_id as string,
    accountId: r.account_id as string,
    region: r.region as string,
    createdAt: r.created_at as number,
    description: r.description as string,
    keySpec: r.key_spec as KeyRecord['keySpec'],
    keyUsage: r.key_usage as KeyRecord['keyUsage'],
    origin: r.origin as KeyRecord['origin'],
    keyManager: r.key_manager === 'AWS' ? 'AWS' : 'CUSTOMER',
    state: r.state as KeyRecord['state'],
    multiRegion: r.multi_region === 1,
    policy: r.policy as string,
    currentVersion: r.current_version as number,
    deletionDate: opt(r.deletion_date),
    pendingWindowDays: opt(r.pending_window_days),
    rotationPeriodDays: opt(r.rotation_period_days),
    nextRotationAt: opt(r.next_rotation_at),
    revision: r.revision as number,
  };
}

export function keyToRow(k: KeyRecord): Row {
  return {
    key_id: k.keyId, account_id: k.accountId, region: k.region, created_at: k.createdAt,
    description: k.description, key_spec: k.keySpec, key_usage: k.keyUsage, origin: k.origin, state: k.state,
    multi_region: k.multiRegion ? 1 : 0, policy: k.policy, current_version: k.currentVersion,
    deletion_date: k.deletionDate ?? null, pending_window_days: k.pendingWindowDays ?? null,
    rotation_period_days: k.rotationPeriodDays ?? null, next_rotation_at: k.nextRotationAt ?? null,
    revision: k.revision, key_manager: k.keyManager,
  };
}

export function versionFromRow(r: Row): KeyVersionRecord {
  return {
    keyId: r.key_id as string,
    version: r.version as number,
    materialId: r.material_id as string,
    createdAt: r.created_at as number,
    sealedMaterial: r.sealed_material as Buffer,
    rotationType: opt(r.rotation_type),
  };
}

export function accessKeyFromRow(r: Row): AccessKeyRecord {
  return {
    accessKeyId: r.access_key_id as string,
    principalArn: r.principal_arn as string,
    sealedSecret: r.sealed_secret as Buffer,
    createdAt: r.created_at as number,
    status: r.status as AccessKeyRecord['status'],
  };
}

export function auditToRow(a: AuditRecord): Row {
  return {
    seq: a.seq, time: a.time, request_id: a.requestId, principal: a.principal, access_key_id: a.accessKeyId ?? null,
    source: a.sourceAddress, operation: a.operation, key_arn: a.keyArn ?? null, key_version: a.keyVersion ?? null,
    outcome: a.outcome, error_code: a.errorCode ?? null, details: a.details ?? null,
    prev_hash: a.prevHash, hash: a.hash,
  };
}

export function auditFromRow(r: Row): AuditRecord {
  return {
    seq: r.seq as number, time: r.time as number, requestId: r.request_id as string,
    principal: r.principal as string, accessKeyId: opt(r.access_key_id), sourceAddress: r.source as string,
    operation: r.operation as string, keyArn: opt(r.key_arn), keyVersion: opt(r.key_version),
    outcome: r.outcome as AuditRecord['outcome'], errorCode: opt(r.error_code), details: opt(r.details),
    prevHash: r.prev_hash as string, hash: r.hash as string,
  };
}

export function checkpointFromRow(r: Row): AuditCheckpoint {
  return { seq: Number(r.seq), hash: r.hash as string, time: Number(r.time), signature: r.signature as string };
}

export function aliasFromRow(r: Row): AliasRecord {
  return {
    aliasName: r.alias_name as string, accountId: r.account_id as string, region: r.region as string,
    targetKeyId: r.target_key_id as string, createdAt: r.created_at as number, updatedAt: r.updated_at as number,
  };
}

export { GRANT_COLUMNS, grantFromRow, grantParams } from '../grant-rows.js';
