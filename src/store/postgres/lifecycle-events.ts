// PostgreSQL: the audit follower's position, lifecycle events and their webhook deliveries (core/lifecycle/lifecycle-store.ts
// EventStore). A batch moves the follower's position (compare-and-set on its meta row, which orders nodes following at
// once) and writes its counters and events in one transaction; deliveries are claimed with FOR UPDATE SKIP LOCKED.
import type pg from 'pg';
import type { AuditBatch, DeliveryResult, EventFilter, EventStore } from '../../core/lifecycle/lifecycle-store.js';
import type { LifecycleEvent } from '../../core/lifecycle/lifecycle-model.js';
import type { Page } from '../../core/ports.js';
import { EVENT_COLUMNS, eventFromRow, eventParams } from '../lifecycle-rows.js';
import { seqPage, type Row } from './rows.js';
import { inTransaction } from './transaction.js';

const FOLLOWER_META = 'audit_follower_seq';

const SQL = {
  // One statement per batch: the rows travel as arrays; a key deleted meanwhile has no counters (its row is share-locked
  // while counted, so a concurrent deletion waits instead of failing the foreign key).
  count: `INSERT INTO key_version_usage (key_id, version, operation, count, bytes, last_used_at)
    SELECT u.k, u.v, u.o, u.c, u.b, u.t FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[])
      AS u(k, v, o, c, b, t) WHERE EXISTS (SELECT 1 FROM keys WHERE key_id = u.k FOR KEY SHARE)
    ON CONFLICT (key_id, version, operation) DO UPDATE SET count = key_version_usage.count + excluded.count,
      bytes = key_version_usage.bytes + excluded.bytes, last_used_at = GREATEST(key_version_usage.last_used_at, excluded.last_used_at)`,
  insertEvent: `INSERT INTO lifecycle_events (${EVENT_COLUMNS.join(', ')})
    VALUES (${EVENT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (seq) DO NOTHING`,
  list: `SELECT * FROM lifecycle_events WHERE seq > $1 AND ($2::text IS NULL OR key_arn = $2)
    AND ($3::text[] IS NULL OR type = ANY($3::text[])) ORDER BY seq LIMIT $4`,
  claim: `UPDATE lifecycle_events SET claim_holder = $1, claim_until = $2 WHERE seq IN (
    SELECT seq FROM lifecycle_events WHERE delivery = 'PENDING' AND next_attempt_at <= $3
      AND (claim_until IS NULL OR claim_until < $4) ORDER BY seq LIMIT $5 FOR UPDATE SKIP LOCKED) RETURNING *`,
} as const;

export class PostgresEvents implements EventStore {
  constructor(private readonly pool: pg.Pool) {}

  async position(): Promise<number> {
    const r = (await this.pool.query('SELECT value FROM meta WHERE name = $1', [FOLLOWER_META])).rows[0] as Row | undefined;
    return Number(r?.value ?? 0);
  }

  async apply(b: AuditBatch): Promise<boolean> {
    return inTransaction(this.pool, async (db) => {
      // Re-derivable from the durable audit log, so no flush of its own (a lost batch is followed again).
      await db.query('SET LOCAL synchronous_commit = off');
      const moved = await db.query('UPDATE meta SET value = $1 WHERE name = $2 AND value = $3', [String(b.toSeq), FOLLOWER_META, String(b.fromSeq)]);
      if (moved.rowCount !== 1) return false;
      if (b.usage.length > 0) {
        const u = b.usage;
        await db.query(SQL.count, [u.map((x) => x.keyId), u.map((x) => x.version), u.map((x) => x.operation),
          u.map((x) => x.count), u.map((x) => x.bytes), u.map((x) => x.lastUsedAt)]);
      }
      for (const e of b.events) await db.query(SQL.insertEvent, eventParams(e));
      return true;
    });
  }

  async list(f: EventFilter, limit: number, after?: string): Promise<Page<LifecycleEvent>> {
    const res = await this.pool.query(SQL.list, [after ?? '0', f.keyArn ?? null, f.types ? [...f.types] : null, limit + 1]);
    return seqPage(res.rows as Row[], limit, eventFromRow);
  }

  async claim(now: number, realNow: number, holder: string, claimUntil: number, limit: number): Promise<LifecycleEvent[]> {
    const res = await this.pool.query(SQL.claim, [holder, claimUntil, now, realNow, limit]);
    return (res.rows as Row[]).map(eventFromRow).sort((a, b) => a.seq - b.seq);
  }

  async finish(seq: number, holder: string, r: DeliveryResult): Promise<boolean> {
    const res = r.delivered
      ? await this.pool.query(`UPDATE lifecycle_events SET delivery = 'DELIVERED', delivered_at = $1, attempts = attempts + 1,
          last_error = NULL, claim_holder = NULL, claim_until = NULL WHERE seq = $2 AND claim_holder = $3`, [r.at, seq, holder])
      : await this.pool.query(`UPDATE lifecycle_events SET delivery = $1, next_attempt_at = $2, attempts = attempts + 1,
          last_error = $3, claim_holder = NULL, claim_until = NULL WHERE seq = $4 AND claim_holder = $5`,
      [r.nextAttemptAt === undefined ? 'FAILED' : 'PENDING', r.nextAttemptAt ?? null, r.error.slice(0, 500), seq, holder]);
    return res.rowCount === 1;
  }
}
