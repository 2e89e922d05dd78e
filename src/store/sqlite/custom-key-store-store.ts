// Custom key stores on SQLite (core/custom-key-stores/custom-key-store-store.ts).
import type Database from 'better-sqlite3';
import type { CustomKeyStoreRecord, CustomKeyStoreStore } from '../../core/custom-key-stores/custom-key-store-store.js';
import { StoreConflictError, type Page } from '../../core/ports.js';
import { CKS_COLUMNS, cksPage, customKeyStoreFromRow, customKeyStoreParams } from '../custom-key-store-rows.js';
import type { Row } from './rows.js';

function nameConflicts<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StoreConflictError(`custom key store name ${name} exists`);
    throw err;
  }
}

export class SqliteCustomKeyStoreStore implements CustomKeyStoreStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insert: p(`INSERT INTO custom_key_stores (${CKS_COLUMNS.join(', ')}) VALUES (${CKS_COLUMNS.map(() => '?').join(', ')})`),
      get: p('SELECT * FROM custom_key_stores WHERE custom_key_store_id = ?'),
      byName: p('SELECT * FROM custom_key_stores WHERE name = ?'),
      list: p('SELECT * FROM custom_key_stores WHERE seq > ? ORDER BY seq LIMIT ?'),
      update: p(`UPDATE custom_key_stores SET name = ?, cluster_id = ?, trust_anchor = ?, sealed_password = ?, connection_state = ?,
        connection_error_code = ?, revision = ? WHERE custom_key_store_id = ? AND revision = ?`),
      count: p('SELECT count(*) AS n FROM keys WHERE custom_key_store_id = ?'),
      delete: p('DELETE FROM custom_key_stores WHERE custom_key_store_id = ? AND revision = ?'),
    };
  }

  async createCustomKeyStore(r: CustomKeyStoreRecord): Promise<void> {
    nameConflicts(r.name, () => this.s.insert.run(...customKeyStoreParams(r)));
  }

  async getCustomKeyStore(id: string): Promise<CustomKeyStoreRecord | undefined> {
    const r = this.s.get.get(id) as Row | undefined;
    return r && customKeyStoreFromRow(r);
  }

  async findCustomKeyStoreByName(name: string): Promise<CustomKeyStoreRecord | undefined> {
    const r = this.s.byName.get(name) as Row | undefined;
    return r && customKeyStoreFromRow(r);
  }

  async listCustomKeyStores(limit: number, after?: string): Promise<Page<CustomKeyStoreRecord>> {
    return cksPage(this.s.list.all(after === undefined ? 0 : Number(after), limit + 1) as Row[], limit);
  }

  async updateCustomKeyStore(n: CustomKeyStoreRecord, expectedRevision: number): Promise<boolean> {
    return nameConflicts(n.name, () => this.s.update.run(n.name, n.clusterId, n.trustAnchor, n.sealedPassword, n.connectionState,
      n.connectionErrorCode ?? null, n.revision, n.customKeyStoreId, expectedRevision).changes === 1);
  }

  async deleteCustomKeyStore(id: string, expectedRevision: number): Promise<'deleted' | 'changed' | 'has-keys'> {
    return this.db.transaction(() => {
      if ((this.s.count.get(id) as { n: number }).n > 0) return 'has-keys';
      return this.s.delete.run(id, expectedRevision).changes === 1 ? 'deleted' : 'changed';
    }).immediate();
  }

  async countCustomKeyStoreKeys(id: string): Promise<number> {
    return (this.s.count.get(id) as { n: number }).n;
  }
}
