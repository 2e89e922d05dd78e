// Runs the Store contract against the embedded SQLite store (a fresh database file per test).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { storeContract } from './store-contract.js';

storeContract('sqlite', () => ({
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-contract-'));
    const path = join(dir, 'keyward.db');
    return {
      async open() {
        const store = new SqliteStore(path);
        await store.migrate();
        return store;
      },
      async dispose() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
}));
