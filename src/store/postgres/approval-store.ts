// Approval rules and requests on PostgreSQL (core/ports.ts ApprovalStore). Consumption is one conditional UPDATE: under
// READ COMMITTED a concurrent UPDATE of the same row waits for the first and re-checks its WHERE clause, so of
// concurrent repeats on any number of nodes exactly one changes the row.
import type pg from 'pg';
import type { ApprovalRequest, ApprovalRule, RequestFilter } from '../../approvals/approval-model.js';
import { StoreConflictError, type ApprovalStore, type Page } from '../../core/ports.js';
import { REQUEST_COLUMNS, requestFromRow, requestPage, requestParams, ruleFromRow } from '../approval-rows.js';
import type { Row } from './rows.js';

const INSERT = `INSERT INTO approval_requests (${REQUEST_COLUMNS.join(', ')}) VALUES (${REQUEST_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

export class PostgresApprovalStore implements ApprovalStore {
  constructor(private readonly pool: pg.Pool) {}

  private async rows(sql: string, params: unknown[]): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  async putRule(rule: ApprovalRule): Promise<void> {
    await this.pool.query('INSERT INTO approval_rules (name, body) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET body = excluded.body',
      [rule.name, JSON.stringify(rule)]);
  }

  async getRule(name: string): Promise<ApprovalRule | undefined> {
    const [r] = await this.rows('SELECT body FROM approval_rules WHERE name = $1', [name]);
    return r && ruleFromRow(r);
  }

  async deleteRule(name: string): Promise<boolean> {
    return (await this.pool.query('DELETE FROM approval_rules WHERE name = $1', [name])).rowCount === 1;
  }

  async listRules(): Promise<ApprovalRule[]> {
    return (await this.rows('SELECT body FROM approval_rules ORDER BY name COLLATE "C"', [])).map(ruleFromRow);
  }

  async createRequest(r: ApprovalRequest): Promise<void> {
    try {
      await this.pool.query(INSERT, requestParams(r));
    } catch (err) {
      // One open request per binding hash (a partial unique index).
      if ((err as { code?: string }).code === '23505') throw new StoreConflictError('an open approval request for this call exists');
      throw err;
    }
  }

  async getRequest(requestId: string): Promise<ApprovalRequest | undefined> {
    const [r] = await this.rows('SELECT * FROM approval_requests WHERE request_id = $1', [requestId]);
    return r && requestFromRow(r);
  }

  async openRequest(bindingHash: string): Promise<ApprovalRequest | undefined> {
    const [r] = await this.rows(`SELECT * FROM approval_requests WHERE binding_hash = $1 AND state IN ('PENDING', 'APPROVED')
      ORDER BY seq DESC LIMIT 1`, [bindingHash]);
    return r && requestFromRow(r);
  }

  async updateRequest(next: ApprovalRequest, expectedRevision: number): Promise<boolean> {
    const [id, ...rest] = requestParams(next);
    const r = await this.pool.query(`UPDATE approval_requests SET state = $1, key_arn = $2, binding_hash = $3, expires_at = $4,
      executed_at = $5, executed_by = $6, revision = $7, body = $8 WHERE request_id = $9 AND revision = $10`, [...rest, id, expectedRevision]);
    return r.rowCount === 1;
  }

  async consumeRequest(requestId: string, at: number, by: string): Promise<boolean> {
    const r = await this.pool.query(`UPDATE approval_requests SET state = 'EXECUTED', executed_at = $1, executed_by = $2,
      revision = revision + 1 WHERE request_id = $3 AND state = 'APPROVED' AND expires_at > $1`, [at, by, requestId]);
    return r.rowCount === 1;
  }

  async releaseRequest(requestId: string, by: string): Promise<boolean> {
    try {
      const r = await this.pool.query(`UPDATE approval_requests SET state = 'APPROVED', executed_at = NULL, executed_by = NULL,
        revision = revision + 1 WHERE request_id = $1 AND state = 'EXECUTED' AND executed_by = $2`, [requestId, by]);
      return r.rowCount === 1;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return false; // a new request for the call is open meanwhile
      throw err;
    }
  }

  async listRequests(filter: RequestFilter, limit: number, after?: string): Promise<Page<ApprovalRequest>> {
    const rows = await this.rows(`SELECT * FROM approval_requests WHERE seq > $1 AND ($2::text IS NULL OR state = $2)
      AND ($3::text IS NULL OR key_arn = $3) ORDER BY seq LIMIT $4`, [after === undefined ? 0 : Number(after), filter.state ?? null, filter.keyArn ?? null, limit + 1]);
    return requestPage(rows, limit);
  }

  async dueExpiries(now: number, limit: number): Promise<ApprovalRequest[]> {
    return (await this.rows(`SELECT * FROM approval_requests WHERE state IN ('PENDING', 'APPROVED') AND expires_at <= $1
      ORDER BY expires_at LIMIT $2`, [now, limit])).map(requestFromRow);
  }
}
