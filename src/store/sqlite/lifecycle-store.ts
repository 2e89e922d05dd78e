// SQLite: the lifecycle port (core/lifecycle/lifecycle-store.ts). Key lifecycle changes are state changes and share the
// store's main connection (synchronous=FULL). Reservations, counters and events use a second connection with
// synchronous=NORMAL: in WAL mode a commit there survives a process crash, and reaches stable storage at the next
// WAL fsync of any connection — a reservation is always followed by its request's audit commit (FULL) before the
// response, and counters and events are re-derived from the durable audit log if a power loss drops the last batch.
import Database from 'better-sqlite3';
import type { LifecycleStore } from '../../core/lifecycle/lifecycle-store.js';
import { SqliteEvents } from './lifecycle-events.js';
import { SqliteKeyLifecycle } from './lifecycle-keys.js';
import { SqliteUsage } from './lifecycle-usage.js';

export class SqliteLifecycleStore implements LifecycleStore {
  readonly keys: SqliteKeyLifecycle;
  private conn: Database.Database | undefined;
  private usageStore: SqliteUsage | undefined;
  private eventStore: SqliteEvents | undefined;

  constructor(main: Database.Database, private readonly path: string) {
    this.keys = new SqliteKeyLifecycle(main);
  }

  get usage(): SqliteUsage {
    return (this.usageStore ??= new SqliteUsage(this.connection()));
  }

  get events(): SqliteEvents {
    return (this.eventStore ??= new SqliteEvents(this.connection()));
  }

  close(): void {
    if (this.conn?.open) this.conn.close();
  }

  /** Opened on first use (after the main connection has migrated the schema). */
  private connection(): Database.Database {
    if (!this.conn) {
      const db = new Database(this.path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('secure_delete = ON');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      this.conn = db;
    }
    return this.conn;
  }
}
