// Row mapping for the SQLite store: the shared mappers (../rows.ts) and the key row bound by name (booleans as 0/1,
// since better-sqlite3 binds no booleans).
import type { KeyRecord } from '../../core/model.js';
import type { Row } from '../rows.js';

export * from '../rows.js';

export function keyToRow(k: KeyRecord): Row {
  return {
    key_id: k.keyId, account_id: k.accountId, region: k.region, created_at: k.createdAt,
    description: k.description, key_spec: k.keySpec, key_usage: k.keyUsage, origin: k.origin, state: k.state,
    multi_region: k.multiRegion ? 1 : 0, policy: k.policy, current_version: k.currentVersion,
    deletion_date: k.deletionDate ?? null, pending_window_days: k.pendingWindowDays ?? null,
    rotation_period_days: k.rotationPeriodDays ?? null, next_rotation_at: k.nextRotationAt ?? null,
    revision: k.revision, key_manager: k.keyManager, custom_key_store_id: k.customKeyStoreId ?? null,
    primary_region: k.primaryRegion ?? null,
  };
}

/** The revision compare-and-set UPDATE of a key's mutable columns, bound with keyToRow(next) and `expected`. */
export const UPDATE_KEY_SQL = `UPDATE keys SET description = @description, key_usage = @key_usage, state = @state, policy = @policy,
  current_version = @current_version, deletion_date = @deletion_date, pending_window_days = @pending_window_days,
  rotation_period_days = @rotation_period_days, next_rotation_at = @next_rotation_at, revision = @revision,
  primary_region = @primary_region WHERE key_id = @key_id AND revision = @expected`;
