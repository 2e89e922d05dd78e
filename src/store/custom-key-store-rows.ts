// Row mapping of custom_key_stores (migration 8), shared by both stores.
import type { ConnectionState, CustomKeyStoreRecord } from '../core/custom-key-stores/custom-key-store-store.js';
import type { Row } from './rows.js';

export const CKS_COLUMNS = ['custom_key_store_id', 'name', 'cluster_id', 'trust_anchor', 'sealed_password', 'connection_state',
  'connection_error_code', 'created_at', 'revision'] as const;

export function customKeyStoreFromRow(r: Row): CustomKeyStoreRecord {
  return {
    customKeyStoreId: r.custom_key_store_id as string, name: r.name as string, clusterId: r.cluster_id as string,
    trustAnchor: r.trust_anchor as string, sealedPassword: r.sealed_password as Buffer,
    connectionState: r.connection_state as ConnectionState, connectionErrorCode: (r.connection_error_code as string | null) ?? undefined,
    createdAt: Number(r.created_at), revision: Number(r.revision),
  };
}

/** Parameters in CKS_COLUMNS order. */
export function customKeyStoreParams(c: CustomKeyStoreRecord): unknown[] {
  return [c.customKeyStoreId, c.name, c.clusterId, c.trustAnchor, c.sealedPassword, c.connectionState, c.connectionErrorCode ?? null, c.createdAt, c.revision];
}

/** The page after `after` (a seq), `limit` of `rows` fetched as limit + 1. */
export function cksPage(rows: Row[], limit: number): { items: CustomKeyStoreRecord[]; next?: string } {
  const items = rows.slice(0, limit).map(customKeyStoreFromRow);
  return { items, next: rows.length > limit ? String(rows[limit - 1]!.seq) : undefined };
}
