// Runs the Store contract against a real PostgreSQL 15 that this file starts (one throwaway cluster, a fresh
// schema per test: as isolated as a database for the store, and far cheaper to create).
import { after, before } from 'node:test';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { storeContract } from './store-contract.js';

let cluster: TestPostgres;
before(async () => {
  cluster = await startPostgres();
});
after(async () => {
  await cluster?.stop();
});

storeContract('postgres', () => ({
  async fresh() {
    const url = await cluster.createSchema();
    return {
      async open() {
        const store = new PostgresStore(url, { poolSize: 4 });
        await store.migrate();
        return store;
      },
      async dispose() {},
    };
  },
}));
