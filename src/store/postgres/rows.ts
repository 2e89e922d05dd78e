// Row mapping for the PostgreSQL store: the shared mappers (../rows.ts) and the key's positional parameter lists.
import type { KeyRecord } from '../../core/model.js';

export * from '../rows.js';

/** The columns of `keys` in a fixed order, matching keyParams. */
export const KEY_COLUMNS = [
  'key_id', 'account_id', 'region', 'created_at', 'description', 'key_spec', 'key_usage', 'origin', 'state',
  'multi_region', 'policy', 'current_version', 'deletion_date', 'pending_window_days', 'rotation_period_days',
  'next_rotation_at', 'revision', 'key_manager', 'custom_key_store_id', 'primary_region',
] as const;

export function keyParams(k: KeyRecord): unknown[] {
  return [
    k.keyId, k.accountId, k.region, k.createdAt, k.description, k.keySpec, k.keyUsage, k.origin, k.state,
    k.multiRegion, k.policy, k.currentVersion, k.deletionDate ?? null, k.pendingWindowDays ?? null,
    k.rotationPeriodDays ?? null, k.nextRotationAt ?? null, k.revision, k.keyManager, k.customKeyStoreId ?? null,
    k.primaryRegion ?? null,
  ];
}

/**
 * The revision compare-and-set UPDATE of a key (parameters: updateParams). Under READ COMMITTED a concurrent writer
 * waits for the row lock, then re-checks the WHERE clause against the committed row, so exactly one of two writers
 * with the same revision matches.
 */
export const UPDATE_KEY_SQL = `UPDATE keys SET description = $2, key_usage = $3, state = $4, policy = $5, current_version = $6,
  deletion_date = $7, pending_window_days = $8, rotation_period_days = $9, next_rotation_at = $10,
  revision = $11, primary_region = $13 WHERE key_id = $1 AND revision = $12`;

/** Parameters of the revision compare-and-set UPDATE: the mutable columns, then the expected revision. */
export function updateParams(k: KeyRecord, expectedRevision: number): unknown[] {
  return [
    k.keyId, k.description, k.keyUsage, k.state, k.policy, k.currentVersion, k.deletionDate ?? null,
    k.pendingWindowDays ?? null, k.rotationPeriodDays ?? null, k.nextRotationAt ?? null, k.revision, expectedRevision,
    k.primaryRegion ?? null,
  ];
}
