// Row ↔ domain mapping shared by both stores (snake_case columns, camelCase domain). The dialects differ only in
// value types, which these mappers absorb: node-postgres returns BIGINT as a string (it may exceed 2^53; epoch
// milliseconds and audit sequence numbers fit, so they go through Number()), and booleans are PostgreSQL booleans
// but SQLite integers 0/1. Dialect-specific parameter lists stay in sqlite/rows.ts and postgres/rows.ts.
import type {
  AliasRecord, AuditCheckpoint, AuditRecord, GrantRecord, ImportedMaterialRecord, ImportTokenRecord,
  KeyRecord, KeyVersionRecord,
} from '../core/model.js';
import type { Page } from '../core/ports.js';

export type Row = Record<string, unknown>;
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));
const optNum = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));
/** A boolean column: PostgreSQL boolean or SQLite 0/1. */
const flag = (v: unknown): boolean => v === true || v === 1;

export function keyFromRow(r: Row): KeyRecord {
  return {
    keyId: r.key_id as string,
    accountId: r.account_id as string,
    region: r.region as string,
    createdAt: Number(r.created_at),
    description: r.description as string,
    keySpec: r.key_spec as KeyRecord['keySpec'],
    keyUsage: r.key_usage as KeyRecord['keyUsage'],
    origin: r.origin as KeyRecord['origin'],
    keyManager: r.key_manager === 'AWS' ? 'AWS' : 'CUSTOMER',
    state: r.state as KeyRecord['state'],
    multiRegion: flag(r.multi_region),
    primaryRegion: opt(r.primary_region),
    policy: r.policy as string,
    currentVersion: r.current_version as number,
    deletionDate: optNum(r.deletion_date),
    pendingWindowDays: optNum(r.pending_window_days),
    rotationPeriodDays: optNum(r.rotation_period_days),
    nextRotationAt: optNum(r.next_rotation_at),
    revision: r.revision as number,
    customKeyStoreId: opt(r.custom_key_store_id),
  };
}

export function versionFromRow(r: Row): KeyVersionRecord {
  return {
    keyId: r.key_id as string,
    version: r.version as number,
    materialId: r.material_id as string,
    createdAt: Number(r.created_at),
    sealedMaterial: r.sealed_material as Buffer,
    rotationType: opt(r.rotation_type),
    commitment: opt(r.commitment),
  };
}

/**
 * Parameters of the key_versions INSERT, in column order (key_id, version, material_id, created_at, sealed_material,
 * rotation_type, commitment).
 */
export function versionParams(v: KeyVersionRecord): unknown[] {
  return [v.keyId, v.version, v.materialId, v.createdAt, v.sealedMaterial, v.rotationType ?? null, v.commitment ?? null];
}

export function importTokenFromRow(r: Row): ImportTokenRecord {
  return {
    tokenHash: r.token_hash as string, keyId: r.key_id as string, wrappingAlgorithm: r.wrapping_algorithm as string,
    wrappingKeySpec: r.wrapping_key_spec as string, sealedPrivateKey: (r.sealed_private_key as Buffer | null) ?? undefined,
    createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
  };
}

export function importedFromRow(r: Row): ImportedMaterialRecord {
  return {
    keyId: r.key_id as string, version: r.version as number, materialId: r.material_id as string,
    imported: flag(r.imported), pendingRotation: flag(r.pending_rotation),
    expirationModel: r.expiration_model as ImportedMaterialRecord['expirationModel'],
    validTo: optNum(r.valid_to), description: (r.description as string | null) ?? undefined,
    importedAt: Number(r.imported_at),
  };
}

export function auditFromRow(r: Row): AuditRecord {
  return {
    seq: Number(r.seq), time: Number(r.time), requestId: r.request_id as string,
    principal: r.principal as string, accessKeyId: opt(r.access_key_id), sourceAddress: r.source as string,
    operation: r.operation as string, keyArn: opt(r.key_arn), keyVersion: optNum(r.key_version),
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
    targetKeyId: r.target_key_id as string, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

/** Parameters of the aliases INSERT, in column order (alias_name, account_id, region, target_key_id, created_at, updated_at). */
export function aliasParams(a: AliasRecord): unknown[] {
  return [a.aliasName, a.accountId, a.region, a.targetKeyId, a.createdAt, a.updatedAt];
}

/** The columns of `grants` (without seq) in a fixed order, matching grantParams. */
export const GRANT_COLUMNS = [
  'grant_id', 'key_id', 'name', 'fingerprint', 'created_at', 'grantee_principal', 'grantee_service_principal',
  'retiring_principal', 'retiring_service_principal', 'issuing_account', 'operations', 'constraints',
] as const;

/** Grants are text columns in both stores; operations and constraints as JSON. */
export function grantParams(g: GrantRecord): unknown[] {
  return [
    g.grantId, g.keyId, g.name ?? null, g.fingerprint ?? null, g.createdAt, g.granteePrincipal ?? null,
    g.granteeServicePrincipal ?? null, g.retiringPrincipal ?? null, g.retiringServicePrincipal ?? null,
    g.issuingAccount, JSON.stringify(g.operations), g.constraints ? JSON.stringify(g.constraints) : null,
  ];
}

export function grantFromRow(r: Row): GrantRecord {
  return {
    grantId: r.grant_id as string, keyId: r.key_id as string, name: opt(r.name), fingerprint: opt(r.fingerprint),
    createdAt: Number(r.created_at), granteePrincipal: opt(r.grantee_principal),
    granteeServicePrincipal: opt(r.grantee_service_principal), retiringPrincipal: opt(r.retiring_principal),
    retiringServicePrincipal: opt(r.retiring_service_principal), issuingAccount: r.issuing_account as string,
    operations: JSON.parse(r.operations as string) as string[],
    constraints: r.constraints === null || r.constraints === undefined ? undefined : JSON.parse(r.constraints as string),
  };
}

/** A page from `limit + 1` rows ordered by seq; the position is the last returned row's seq. */
export function seqPage<T>(rows: Row[], limit: number, map: (r: Row) => T): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(map), next: rows.length > limit && last ? String(last.seq) : undefined };
}
