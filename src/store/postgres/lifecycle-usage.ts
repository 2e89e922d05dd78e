// PostgreSQL: AES-GCM invocation reservations and usage counters (core/lifecycle/lifecycle-store.ts UsageStore). A
// reservation locks its row, so nodes reserving at once are ordered and never grant past the limit. It commits with
// synchronous_commit off: PostgreSQL's WAL is one sequence, so the synchronous audit commit that every request using
// the reservation makes before answering also flushes the reservation's commit record.
import type pg from 'pg';
import type { UsageStore } from '../../core/lifecycle/lifecycle-store.js';
import type { Reservation, UsageCounter } from '../../core/lifecycle/lifecycle-model.js';
import { counterFromRow, reservationFromRow } from '../lifecycle-rows.js';
import type { Row } from './rows.js';
import { inTransaction } from './transaction.js';

const FLAG = { warned: 'warned_at', exhausted: 'exhausted_at' } as const;
const SELECT_FOR_UPDATE = 'SELECT reserved FROM key_version_reservations WHERE key_id = $1 AND version = $2 FOR UPDATE';

export class PostgresUsage implements UsageStore {
  constructor(private readonly pool: pg.Pool) {}

  async reserve(keyId: string, version: number, want: number, limit: number): Promise<{ before: number; after: number } | undefined> {
    return inTransaction(this.pool, async (db) => {
      await db.query('SET LOCAL synchronous_commit = off');
      let row = (await db.query(SELECT_FOR_UPDATE, [keyId, version])).rows[0] as Row | undefined;
      if (row === undefined) {
        // The key row's share lock keeps it from being deleted until we commit (no foreign-key failure).
        if ((await db.query('SELECT 1 FROM keys WHERE key_id = $1 FOR KEY SHARE', [keyId])).rowCount === 0) return undefined;
        await db.query('INSERT INTO key_version_reservations (key_id, version, reserved) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING',
          [keyId, version]);
        row = (await db.query(SELECT_FOR_UPDATE, [keyId, version])).rows[0] as Row;
      }
      const before = Number(row.reserved);
      const after = Math.max(before, Math.min(limit, before + want));
      if (after !== before) {
        await db.query('UPDATE key_version_reservations SET reserved = $1 WHERE key_id = $2 AND version = $3', [after, keyId, version]);
      }
      return { before, after };
    });
  }

  async release(keyId: string, version: number, count: number): Promise<void> {
    await this.pool.query('UPDATE key_version_reservations SET reserved = GREATEST(0, reserved - $1) WHERE key_id = $2 AND version = $3',
      [count, keyId, version]);
  }

  async mark(keyId: string, version: number, flag: 'warned' | 'exhausted', at: number): Promise<boolean> {
    const res = await this.pool.query(`UPDATE key_version_reservations SET ${FLAG[flag]} = $1
      WHERE key_id = $2 AND version = $3 AND ${FLAG[flag]} IS NULL`, [at, keyId, version]);
    return res.rowCount === 1;
  }

  async unmarked(flag: 'warned' | 'exhausted', threshold: number, limit: number): Promise<Reservation[]> {
    const res = await this.pool.query(`SELECT * FROM key_version_reservations WHERE ${FLAG[flag]} IS NULL AND reserved >= $1 LIMIT $2`,
      [threshold, limit]);
    return (res.rows as Row[]).map(reservationFromRow);
  }

  async reservations(keyId: string): Promise<Reservation[]> {
    const res = await this.pool.query('SELECT * FROM key_version_reservations WHERE key_id = $1 ORDER BY version', [keyId]);
    return (res.rows as Row[]).map(reservationFromRow);
  }

  async counters(keyId: string): Promise<UsageCounter[]> {
    const res = await this.pool.query('SELECT * FROM key_version_usage WHERE key_id = $1 ORDER BY version, operation', [keyId]);
    return (res.rows as Row[]).map(counterFromRow);
  }
}
