// Approval rules and requests on SQLite (core/ports.ts ApprovalStore). Consumption is one conditional UPDATE: SQLite
// serialises writers, so of concurrent repeats exactly one changes the row.
import type Database from 'better-sqlite3';
import type { ApprovalRequest, ApprovalRule, RequestFilter } from '../../approvals/approval-model.js';
import { StoreConflictError, type ApprovalStore, type Page } from '../../core/ports.js';
import { REQUEST_COLUMNS, requestFromRow, requestPage, requestParams, ruleFromRow } from '../approval-rows.js';
import type { Row } from './rows.js';

/** One open request per binding hash (a partial unique index): a second is a StoreConflictError. */
function unique<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new StoreConflictError('an open approval request for this call exists');
    throw err;
  }
}

export class SqliteApprovalStore implements ApprovalStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      putRule: p('INSERT INTO approval_rules (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body'),
      getRule: p('SELECT body FROM approval_rules WHERE name = ?'),
      deleteRule: p('DELETE FROM approval_rules WHERE name = ?'),
      rules: p('SELECT body FROM approval_rules ORDER BY name'),
      insert: p(`INSERT INTO approval_requests (${REQUEST_COLUMNS.join(', ')}) VALUES (${REQUEST_COLUMNS.map(() => '?').join(', ')})`),
      get: p('SELECT * FROM approval_requests WHERE request_id = ?'),
      open: p("SELECT * FROM approval_requests WHERE binding_hash = ? AND state IN ('PENDING', 'APPROVED') ORDER BY seq DESC LIMIT 1"),
      update: p(`UPDATE approval_requests SET state = ?, key_arn = ?, binding_hash = ?, expires_at = ?, executed_at = ?, executed_by = ?,
        revision = ?, body = ? WHERE request_id = ? AND revision = ?`),
      consume: p(`UPDATE approval_requests SET state = 'EXECUTED', executed_at = ?, executed_by = ?, revision = revision + 1
        WHERE request_id = ? AND state = 'APPROVED' AND expires_at > ?`),
      release: p(`UPDATE approval_requests SET state = 'APPROVED', executed_at = NULL, executed_by = NULL, revision = revision + 1
        WHERE request_id = ? AND state = 'EXECUTED' AND executed_by = ?`),
      list: p(`SELECT * FROM approval_requests WHERE seq > ? AND (? IS NULL OR state = ?) AND (? IS NULL OR key_arn = ?)
        ORDER BY seq LIMIT ?`),
      due: p("SELECT * FROM approval_requests WHERE state IN ('PENDING', 'APPROVED') AND expires_at <= ? ORDER BY expires_at LIMIT ?"),
    };
  }

  async putRule(rule: ApprovalRule): Promise<void> {
    this.s.putRule.run(rule.name, JSON.stringify(rule));
  }

  async getRule(name: string): Promise<ApprovalRule | undefined> {
    const r = this.s.getRule.get(name) as Row | undefined;
    return r && ruleFromRow(r);
  }

  async deleteRule(name: string): Promise<boolean> {
    return this.s.deleteRule.run(name).changes === 1;
  }

  async listRules(): Promise<ApprovalRule[]> {
    return (this.s.rules.all() as Row[]).map(ruleFromRow);
  }

  async createRequest(r: ApprovalRequest): Promise<void> {
    unique(() => this.s.insert.run(...requestParams(r)));
  }

  async getRequest(requestId: string): Promise<ApprovalRequest | undefined> {
    const r = this.s.get.get(requestId) as Row | undefined;
    return r && requestFromRow(r);
  }

  async openRequest(bindingHash: string): Promise<ApprovalRequest | undefined> {
    const r = this.s.open.get(bindingHash) as Row | undefined;
    return r && requestFromRow(r);
  }

  async updateRequest(next: ApprovalRequest, expectedRevision: number): Promise<boolean> {
    const [id, ...rest] = requestParams(next);
    return this.s.update.run(...rest, id, expectedRevision).changes === 1;
  }

  async consumeRequest(requestId: string, at: number, by: string): Promise<boolean> {
    return this.s.consume.run(at, by, requestId, at).changes === 1;
  }

  async releaseRequest(requestId: string, by: string): Promise<boolean> {
    try {
      return this.s.release.run(requestId, by).changes === 1;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false; // a new request for the call is open
      throw err;
    }
  }

  async listRequests(filter: RequestFilter, limit: number, after?: string): Promise<Page<ApprovalRequest>> {
    const state = filter.state ?? null;
    const key = filter.keyArn ?? null;
    return requestPage(this.s.list.all(after === undefined ? 0 : Number(after), state, state, key, key, limit + 1) as Row[], limit);
  }

  async dueExpiries(now: number, limit: number): Promise<ApprovalRequest[]> {
    return (this.s.due.all(now, limit) as Row[]).map(requestFromRow);
  }
}
