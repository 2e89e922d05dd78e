// SQLite: AES-GCM invocation reservations and usage counters (core/lifecycle/lifecycle-store.ts UsageStore), on the
// lifecycle connection (synchronous=NORMAL, see lifecycle-store.ts: each reservation is made durable by the audit
// commit's WAL fsync that precedes the response of any request using it).
import type Database from 'better-sqlite3';
import type { UsageStore } from '../../core/lifecycle/lifecycle-store.js';
import type { Reservation, UsageCounter } from '../../core/lifecycle/lifecycle-model.js';
import { counterFromRow, reservationFromRow } from '../lifecycle-rows.js';
import type { Row } from './rows.js';

export class SqliteUsage implements UsageStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      keyExists: p('SELECT 1 FROM keys WHERE key_id = ?'),
      get: p('SELECT reserved FROM key_version_reservations WHERE key_id = ? AND version = ?'),
      insert: p('INSERT INTO key_version_reservations (key_id, version, reserved) VALUES (?, ?, ?)'),
      set: p('UPDATE key_version_reservations SET reserved = ? WHERE key_id = ? AND version = ?'),
      release: p('UPDATE key_version_reservations SET reserved = max(0, reserved - ?) WHERE key_id = ? AND version = ?'),
      mark: {
        warned: p('UPDATE key_version_reservations SET warned_at = ? WHERE key_id = ? AND version = ? AND warned_at IS NULL'),
        exhausted: p('UPDATE key_version_reservations SET exhausted_at = ? WHERE key_id = ? AND version = ? AND exhausted_at IS NULL'),
      },
      unmarked: {
        warned: p(`SELECT * FROM key_version_reservations WHERE warned_at IS NULL AND reserved >= ? LIMIT ?`),
        exhausted: p(`SELECT * FROM key_version_reservations WHERE exhausted_at IS NULL AND reserved >= ? LIMIT ?`),
      },
      reservations: p('SELECT * FROM key_version_reservations WHERE key_id = ? ORDER BY version'),
      counters: p('SELECT * FROM key_version_usage WHERE key_id = ? ORDER BY version, operation'),
    };
  }

  async reserve(keyId: string, version: number, want: number, limit: number): Promise<{ before: number; after: number } | undefined> {
    // IMMEDIATE: read and write under the write lock, so processes sharing the file never grant past the limit.
    return this.db.transaction(() => {
      const row = this.s.get.get(keyId, version) as Row | undefined;
      if (row === undefined) {
        if (!this.s.keyExists.get(keyId)) return undefined;
        const after = Math.min(want, limit);
        this.s.insert.run(keyId, version, after);
        return { before: 0, after };
      }
      const before = Number(row.reserved);
      const after = Math.max(before, Math.min(limit, before + want));
      if (after !== before) this.s.set.run(after, keyId, version);
      return { before, after };
    }).immediate();
  }

  async release(keyId: string, version: number, count: number): Promise<void> {
    this.s.release.run(count, keyId, version);
  }

  async mark(keyId: string, version: number, flag: 'warned' | 'exhausted', at: number): Promise<boolean> {
    return this.s.mark[flag].run(at, keyId, version).changes === 1;
  }

  async unmarked(flag: 'warned' | 'exhausted', threshold: number, limit: number): Promise<Reservation[]> {
    return (this.s.unmarked[flag].all(threshold, limit) as Row[]).map(reservationFromRow);
  }

  async reservations(keyId: string): Promise<Reservation[]> {
    return (this.s.reservations.all(keyId) as Row[]).map(reservationFromRow);
  }

  async counters(keyId: string): Promise<UsageCounter[]> {
    return (this.s.counters.all(keyId) as Row[]).map(counterFromRow);
  }
}
