// The SQLite change feed and leases. Triggers (migration 4) append the key id of every change to a key, its
// versions, tags, aliases or imported material to `key_changes`; every process polls that table (~100 ms) and
// invalidates its cache. Rows older than a minute are pruned; a poller that finds a gap in the sequence (it lagged
// behind a prune) reports a reset. Leases are one row each in `leases`, taken by a conditional upsert.
import type Database from 'better-sqlite3';

/** How long change rows are kept (a poller that falls further behind resets its cache). */
export const CHANGE_RETENTION_MS = 60_000;
/** Change rows deleted per prune statement. */
const PRUNE_BATCH = 1000;

type Row = Record<string, unknown>;

export class SqliteChangeFeed {
  private readonly next: Database.Statement;
  private readonly head: Database.Statement;
  private readonly oldest: Database.Statement;
  private readonly prune: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.next = db.prepare('SELECT seq, key_id FROM key_changes WHERE seq > ? ORDER BY seq LIMIT 1000');
    this.head = db.prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'key_changes'), 0) AS seq");
    this.oldest = db.prepare('SELECT at FROM key_changes ORDER BY seq LIMIT 1');
    // Oldest first by the primary key, at most PRUNE_BATCH rows a time: rows arrive in time order, so this finds them
    // without scanning the table, and a burst of changes (a million keys created in a minute) never stalls the loop.
    this.prune = db.prepare(`DELETE FROM key_changes WHERE seq IN
      (SELECT seq FROM key_changes WHERE at < ? ORDER BY seq LIMIT ${PRUNE_BATCH})`);
  }

  watch(listener: (keyId: string) => void, onReset: (() => void) | undefined, intervalMs = 100): () => void {
    let last = (this.head.get() as Row).seq as number;
    let ticks = 0;
    let backlog = false;
    const poll = () => {
      if (!this.db.open) return stop();
      try {
        for (;;) {
          const rows = this.next.all(last) as Row[];
          if (rows.length === 0) break;
          if ((rows[0]!.seq as number) > last + 1) onReset?.(); // rows we never saw were pruned
          for (const r of rows) {
            last = r.seq as number;
            listener(r.key_id as string);
          }
          if (rows.length < 1000) break;
        }
        // Every 5 s, or at every poll while a backlog of old rows is being worked off.
        if (++ticks % 50 === 0 || backlog) backlog = this.pruneOld(Date.now());
      } catch {
        onReset?.(); // busy or closing: forget everything rather than risk a stale cache
      }
    };
    const timer = setInterval(poll, intervalMs);
    timer.unref();
    function stop() {
      clearInterval(timer);
    }
    return stop;
  }

  /** Deletes change rows older than the retention, if there are any (a write: only when needed); true if more remain. */
  pruneOld(now: number): boolean {
    const oldest = this.oldest.get() as Row | undefined;
    if (!oldest || (oldest.at as number) >= now - CHANGE_RETENTION_MS) return false;
    return this.prune.run(now - CHANGE_RETENTION_MS).changes === PRUNE_BATCH;
  }
}

export function leaseStatements(db: Database.Database) {
  return {
    take: db.prepare(`INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`),
    release: db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?'),
    addMeta: db.prepare(`INSERT INTO meta (name, value) VALUES (@name, CAST(CAST(@delta AS INTEGER) AS TEXT))
      ON CONFLICT (name) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + CAST(@delta AS INTEGER) AS TEXT)
      RETURNING value`),
  };
}
