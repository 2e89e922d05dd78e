// PostgreSQL: the lifecycle port (core/lifecycle/lifecycle-store.ts), on the store's connection pool.
import type pg from 'pg';
import type { LifecycleStore } from '../../core/lifecycle/lifecycle-store.js';
import { PostgresEvents } from './lifecycle-events.js';
import { PostgresKeyLifecycle } from './lifecycle-keys.js';
import { PostgresUsage } from './lifecycle-usage.js';

export class PostgresLifecycleStore implements LifecycleStore {
  readonly keys: PostgresKeyLifecycle;
  readonly usage: PostgresUsage;
  readonly events: PostgresEvents;

  constructor(pool: pg.Pool) {
    this.keys = new PostgresKeyLifecycle(pool);
    this.usage = new PostgresUsage(pool);
    this.events = new PostgresEvents(pool);
  }
}
