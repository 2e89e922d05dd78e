// Custom key stores on PostgreSQL (core/custom-key-stores/custom-key-store-store.ts).
import type pg from 'pg';
import type { CustomKeyStoreRecord, CustomKeyStoreStore } from '../../core/custom-key-stores/custom-key-store-store.js';
import { StoreConflictError, type Page } from '../../core/ports.js';
import { CKS_COLUMNS, cksPage, customKeyStoreFromRow, customKeyStoreParams } from '../custom-key-store-rows.js';
import type { Row } from './rows.js';
import { inTransaction } from './transaction.js';

async function nameConflicts<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new StoreConflictError(`custom key store name ${name} exists`);
    throw err;
  }
}

export class PostgresCustomKeyStoreStore implements CustomKeyStoreStore {
  constructor(private readonly pool: pg.Pool) {}

  private async one(sql: string, params: unknown[]): Promise<CustomKeyStoreRecord | undefined> {
    const r = (await this.pool.query(sql, params)).rows[0] as Row | undefined;
    return r && customKeyStoreFromRow(r);
  }

  async createCustomKeyStore(r: CustomKeyStoreRecord): Promise<void> {
    const sql = `INSERT INTO custom_key_stores (${CKS_COLUMNS.join(', ')}) VALUES (${CKS_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
    await nameConflicts(r.name, () => this.pool.query(sql, customKeyStoreParams(r)));
  }

  getCustomKeyStore(id: string): Promise<CustomKeyStoreRecord | undefined> {
    return this.one('SELECT * FROM custom_key_stores WHERE custom_key_store_id = $1', [id]);
  }

  findCustomKeyStoreByName(name: string): Promise<CustomKeyStoreRecord | undefined> {
    return this.one('SELECT * FROM custom_key_stores WHERE name = $1', [name]);
  }

  async listCustomKeyStores(limit: number, after?: string): Promise<Page<CustomKeyStoreRecord>> {
    const { rows } = await this.pool.query('SELECT * FROM custom_key_stores WHERE seq > $1 ORDER BY seq LIMIT $2', [after === undefined ? 0 : Number(after), limit + 1]);
    return cksPage(rows as Row[], limit);
  }

  async updateCustomKeyStore(n: CustomKeyStoreRecord, expectedRevision: number): Promise<boolean> {
    const r = await nameConflicts(n.name, () => this.pool.query(`UPDATE custom_key_stores SET name = $1, cluster_id = $2, trust_anchor = $3,
      sealed_password = $4, connection_state = $5, connection_error_code = $6, revision = $7 WHERE custom_key_store_id = $8 AND revision = $9`,
    [n.name, n.clusterId, n.trustAnchor, n.sealedPassword, n.connectionState, n.connectionErrorCode ?? null, n.revision, n.customKeyStoreId, expectedRevision]));
    return r.rowCount === 1;
  }

  async deleteCustomKeyStore(id: string, expectedRevision: number): Promise<'deleted' | 'changed' | 'has-keys'> {
    return inTransaction(this.pool, async (c) => {
      // Lock the store row first, so a CreateKey into it (which reads it) cannot slip in between count and delete.
      await c.query('SELECT 1 FROM custom_key_stores WHERE custom_key_store_id = $1 FOR UPDATE', [id]);
      const { rows } = await c.query('SELECT count(*)::int AS n FROM keys WHERE custom_key_store_id = $1', [id]);
      if ((rows[0] as { n: number }).n > 0) return 'has-keys';
      return (await c.query('DELETE FROM custom_key_stores WHERE custom_key_store_id = $1 AND revision = $2', [id, expectedRevision])).rowCount === 1 ? 'deleted' : 'changed';
    });
  }

  async countCustomKeyStoreKeys(id: string): Promise<number> {
    const { rows } = await this.pool.query('SELECT count(*)::int AS n FROM keys WHERE custom_key_store_id = $1', [id]);
    return (rows[0] as { n: number }).n;
  }
}
