// SQLite: the audit follower's position, lifecycle events and their webhook deliveries (core/lifecycle/lifecycle-store.ts
// EventStore), on the lifecycle connection. A batch moves the follower's position and writes its counters and events in
// one transaction, so every audit record is counted exactly once whichever process follows the log.
import type Database from 'better-sqlite3';
import type { AuditBatch, DeliveryResult, EventFilter, EventStore } from '../../core/lifecycle/lifecycle-store.js';
import type { LifecycleEvent } from '../../core/lifecycle/lifecycle-model.js';
import type { Page } from '../../core/ports.js';
import { EVENT_COLUMNS, eventFromRow, eventParams } from '../lifecycle-rows.js';
import { seqPage, type Row } from './rows.js';

export const FOLLOWER_META = 'audit_follower_seq';

export class SqliteEvents implements EventStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      position: p('SELECT value FROM meta WHERE name = ?'),
      advance: p('UPDATE meta SET value = ? WHERE name = ? AND value = ?'),
      count: p(`INSERT INTO key_version_usage (key_id, version, operation, count, bytes, last_used_at)
        SELECT @keyId, @version, @operation, @count, @bytes, @lastUsedAt WHERE EXISTS (SELECT 1 FROM keys WHERE key_id = @keyId)
        ON CONFLICT (key_id, version, operation) DO UPDATE SET count = count + excluded.count,
          bytes = bytes + excluded.bytes, last_used_at = max(last_used_at, excluded.last_used_at)`),
      insertEvent: p(`INSERT INTO lifecycle_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})
        ON CONFLICT (seq) DO NOTHING`),
      list: p(`SELECT * FROM lifecycle_events WHERE seq > @after AND (@arn IS NULL OR key_arn = @arn)
        AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types))) ORDER BY seq LIMIT @n`),
      claim: p(`UPDATE lifecycle_events SET claim_holder = @holder, claim_until = @until WHERE seq IN (
        SELECT seq FROM lifecycle_events WHERE delivery = 'PENDING' AND next_attempt_at <= @now
          AND (claim_until IS NULL OR claim_until < @realNow) ORDER BY seq LIMIT @n) RETURNING *`),
      delivered: p(`UPDATE lifecycle_events SET delivery = 'DELIVERED', delivered_at = ?, attempts = attempts + 1,
        last_error = NULL, claim_holder = NULL, claim_until = NULL WHERE seq = ? AND claim_holder = ?`),
      retry: p(`UPDATE lifecycle_events SET delivery = ?, next_attempt_at = ?, attempts = attempts + 1, last_error = ?,
        claim_holder = NULL, claim_until = NULL WHERE seq = ? AND claim_holder = ?`),
    };
  }

  async position(): Promise<number> {
    return Number((this.s.position.get(FOLLOWER_META) as Row | undefined)?.value ?? 0);
  }

  async apply(b: AuditBatch): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.s.advance.run(String(b.toSeq), FOLLOWER_META, String(b.fromSeq)).changes !== 1) return false;
      for (const u of b.usage) this.s.count.run(u);
      for (const e of b.events) this.s.insertEvent.run(...eventParams(e));
      return true;
    }).immediate();
  }

  async list(f: EventFilter, limit: number, after?: string): Promise<Page<LifecycleEvent>> {
    const rows = this.s.list.all({
      after: Number(after ?? 0), arn: f.keyArn ?? null, types: f.types ? JSON.stringify(f.types) : null, n: limit + 1,
    }) as Row[];
    return seqPage(rows, limit, eventFromRow);
  }

  async claim(now: number, realNow: number, holder: string, claimUntil: number, limit: number): Promise<LifecycleEvent[]> {
    const rows = this.s.claim.all({ holder, until: claimUntil, now, realNow, n: limit }) as Row[];
    return rows.map(eventFromRow).sort((a, b) => a.seq - b.seq);
  }

  async finish(seq: number, holder: string, r: DeliveryResult): Promise<boolean> {
    const run = r.delivered
      ? this.s.delivered.run(r.at, seq, holder)
      : this.s.retry.run(r.nextAttemptAt === undefined ? 'FAILED' : 'PENDING', r.nextAttemptAt ?? null, r.error.slice(0, 500), seq, holder);
    return run.changes === 1;
  }
}
