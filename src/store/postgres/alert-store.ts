// Anomaly alerts and learned facts on PostgreSQL (core/anomaly/alert-model.ts AlertStore).
import type pg from 'pg';
import type { AlertFilter, AlertRecord, AlertStore, BaselineFact } from '../../core/anomaly/alert-model.js';
import type { Page } from '../../core/ports.js';
import { ALERT_COLUMNS, alertFromRow, alertListQuery, alertPage, alertParams, baselineFromRow } from '../alert-rows.js';
import type { Row } from './rows.js';

export class PostgresAlertStore implements AlertStore {
  constructor(private readonly pool: pg.Pool) {}

  async insert(a: AlertRecord): Promise<void> {
    await this.pool.query(`INSERT INTO anomaly_alerts (${ALERT_COLUMNS.join(', ')}) VALUES (${ALERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, alertParams(a));
  }

  async coalesce(alertId: string, count: number, lastSeen: number): Promise<boolean> {
    const r = await this.pool.query("UPDATE anomaly_alerts SET count = count + $1, last_seen = greatest(last_seen, $2) WHERE alert_id = $3 AND state = 'OPEN'",
      [count, lastSeen, alertId]);
    return r.rowCount === 1;
  }

  async get(alertId: string): Promise<AlertRecord | undefined> {
    const r = (await this.pool.query('SELECT * FROM anomaly_alerts WHERE alert_id = $1', [alertId])).rows[0] as Row | undefined;
    return r && alertFromRow(r);
  }

  async list(filter: AlertFilter, limit: number, after?: string): Promise<Page<AlertRecord>> {
    const q = alertListQuery(filter, limit, after, (i) => `$${i}`);
    return alertPage((await this.pool.query(q.sql, q.params)).rows as Row[], limit);
  }

  async acknowledge(alertId: string, by: string, at: number, note: string | undefined): Promise<'acknowledged' | 'not-open' | 'missing'> {
    // One statement: the conditional update decides between concurrent acknowledgers; the read only names the loser's case.
    const r = await this.pool.query(`UPDATE anomaly_alerts SET state = 'ACKNOWLEDGED', acknowledged_by = $1, acknowledged_at = $2,
      acknowledgement_note = $3 WHERE alert_id = $4 AND state = 'OPEN'`, [by, at, note ?? null, alertId]);
    if (r.rowCount === 1) return 'acknowledged';
    return (await this.get(alertId)) === undefined ? 'missing' : 'not-open';
  }

  async baselines(): Promise<BaselineFact[]> {
    return ((await this.pool.query('SELECT * FROM anomaly_baselines')).rows as Row[]).map(baselineFromRow);
  }

  async addBaselines(facts: readonly BaselineFact[]): Promise<void> {
    // 1000 facts a statement keeps the parameters far below PostgreSQL's 65535.
    for (let i = 0; i < facts.length; i += 1000) await this.addSome(facts.slice(i, i + 1000));
  }

  private async addSome(facts: readonly BaselineFact[]): Promise<void> {
    const params: unknown[] = [];
    const values = facts.map((f) => {
      params.push(f.kind, f.subject, f.value, f.firstSeen);
      const n = params.length;
      return `($${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await this.pool.query(`INSERT INTO anomaly_baselines (kind, subject, value, first_seen) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`, params);
  }
}
