// Anomaly alerts and learned facts on SQLite (core/anomaly/alert-model.ts AlertStore).
import type Database from 'better-sqlite3';
import type { AlertFilter, AlertRecord, AlertStore, BaselineFact } from '../../core/anomaly/alert-model.js';
import type { Page } from '../../core/ports.js';
import { ALERT_COLUMNS, alertFromRow, alertListQuery, alertPage, alertParams, baselineFromRow } from '../alert-rows.js';
import type { Row } from './rows.js';

export class SqliteAlertStore implements AlertStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insert: p(`INSERT INTO anomaly_alerts (${ALERT_COLUMNS.join(', ')}) VALUES (${ALERT_COLUMNS.map(() => '?').join(', ')})`),
      coalesce: p("UPDATE anomaly_alerts SET count = count + ?, last_seen = max(last_seen, ?) WHERE alert_id = ? AND state = 'OPEN'"),
      get: p('SELECT * FROM anomaly_alerts WHERE alert_id = ?'),
      acknowledge: p(`UPDATE anomaly_alerts SET state = 'ACKNOWLEDGED', acknowledged_by = ?, acknowledged_at = ?, acknowledgement_note = ?
        WHERE alert_id = ? AND state = 'OPEN'`),
      baselines: p('SELECT * FROM anomaly_baselines'),
      addBaseline: p('INSERT INTO anomaly_baselines (kind, subject, value, first_seen) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    };
  }

  async insert(a: AlertRecord): Promise<void> {
    this.s.insert.run(...alertParams(a));
  }

  async coalesce(alertId: string, count: number, lastSeen: number): Promise<boolean> {
    return this.s.coalesce.run(count, lastSeen, alertId).changes === 1;
  }

  async get(alertId: string): Promise<AlertRecord | undefined> {
    const r = this.s.get.get(alertId) as Row | undefined;
    return r && alertFromRow(r);
  }

  async list(filter: AlertFilter, limit: number, after?: string): Promise<Page<AlertRecord>> {
    const q = alertListQuery(filter, limit, after, () => '?');
    return alertPage(this.db.prepare(q.sql).all(...q.params) as Row[], limit);
  }

  async acknowledge(alertId: string, by: string, at: number, note: string | undefined): Promise<'acknowledged' | 'not-open' | 'missing'> {
    return this.db.transaction(() => {
      if (this.s.acknowledge.run(by, at, note ?? null, alertId).changes === 1) return 'acknowledged' as const;
      return this.s.get.get(alertId) === undefined ? 'missing' as const : 'not-open' as const;
    }).immediate();
  }

  async baselines(): Promise<BaselineFact[]> {
    return (this.s.baselines.all() as Row[]).map(baselineFromRow);
  }

  async addBaselines(facts: readonly BaselineFact[]): Promise<void> {
    this.db.transaction(() => {
      for (const f of facts) this.s.addBaseline.run(f.kind, f.subject, f.value, f.firstSeen);
    }).immediate();
  }
}
