// Row mapping of anomaly_alerts and anomaly_baselines (migration 11), and the ListAlerts query, shared by both stores.
import type { AlertFilter, AlertRecord, AlertSeverity, AlertState, AlertType, BaselineFact, BaselineKind } from '../core/anomaly/alert-model.js';
import type { Page } from '../core/ports.js';
import type { Row } from './rows.js';

export const ALERT_COLUMNS = ['alert_id', 'type', 'severity', 'key_arn', 'principal', 'source', 'first_seen', 'last_seen', 'count',
  'details', 'state', 'acknowledged_by', 'acknowledged_at', 'acknowledgement_note'] as const;

const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

export function alertFromRow(r: Row): AlertRecord {
  return {
    alertId: r.alert_id as string, type: r.type as AlertType, severity: r.severity as AlertSeverity,
    keyArn: opt<string>(r.key_arn), principal: opt<string>(r.principal), source: opt<string>(r.source),
    firstSeen: Number(r.first_seen), lastSeen: Number(r.last_seen), count: Number(r.count), details: r.details as string,
    state: r.state as AlertState, acknowledgedBy: opt<string>(r.acknowledged_by),
    acknowledgedAt: r.acknowledged_at === null ? undefined : Number(r.acknowledged_at), acknowledgementNote: opt<string>(r.acknowledgement_note),
  };
}

/** Parameters in ALERT_COLUMNS order. */
export function alertParams(a: AlertRecord): unknown[] {
  return [a.alertId, a.type, a.severity, a.keyArn ?? null, a.principal ?? null, a.source ?? null, a.firstSeen, a.lastSeen, a.count,
    a.details, a.state, a.acknowledgedBy ?? null, a.acknowledgedAt ?? null, a.acknowledgementNote ?? null];
}

/**
 * The ListAlerts query, newest first (by seq) from `after`, fetching limit + 1 rows; `param(i)` writes the i-th (1-based)
 * placeholder of the dialect.
 */
export function alertListQuery(filter: AlertFilter, limit: number, after: string | undefined, param: (i: number) => string): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', param(params.length)));
  };
  if (after !== undefined) add('seq < ?', Number(after));
  if (filter.state !== undefined) add('state = ?', filter.state);
  if (filter.type !== undefined) add('type = ?', filter.type);
  if (filter.keyArn !== undefined) add('key_arn = ?', filter.keyArn);
  params.push(limit + 1);
  const sql = `SELECT * FROM anomaly_alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${param(params.length)}`;
  return { sql, params };
}

export function alertPage(rows: Row[], limit: number): Page<AlertRecord> {
  const items = rows.slice(0, limit).map(alertFromRow);
  return { items, next: rows.length > limit ? String(rows[limit - 1]!.seq) : undefined };
}

export function baselineFromRow(r: Row): BaselineFact {
  return { kind: r.kind as BaselineKind, subject: r.subject as string, value: r.value as string, firstSeen: Number(r.first_seen) };
}
