// Row mapping of approval_rules and approval_requests (migration 11), shared by both stores. A request's columns are
// what queries and the atomic consumption use (state, key, binding hash, expiry, execution, revision); the rest of the
// record is one JSON document.
import type { ApprovalRequest, ApprovalRule, RequestState } from '../approvals/approval-model.js';
import type { Page } from '../core/ports.js';
import type { Row } from './rows.js';

export const REQUEST_COLUMNS = ['request_id', 'state', 'key_arn', 'binding_hash', 'expires_at', 'executed_at', 'executed_by', 'revision', 'body'] as const;

export function requestParams(r: ApprovalRequest): unknown[] {
  const { requestId, state, keyArn, bindingHash, expiresAt, executedAt, executedBy, revision, ...rest } = r;
  return [requestId, state, keyArn ?? null, bindingHash, expiresAt, executedAt ?? null, executedBy ?? null, revision, JSON.stringify(rest)];
}

export function requestFromRow(row: Row): ApprovalRequest {
  const body = JSON.parse(row.body as string) as Omit<ApprovalRequest, 'requestId' | 'state' | 'keyArn' | 'bindingHash' | 'expiresAt' | 'executedAt' | 'executedBy' | 'revision'>;
  const r: ApprovalRequest = {
    ...body, requestId: row.request_id as string, state: row.state as RequestState, bindingHash: row.binding_hash as string,
    expiresAt: Number(row.expires_at), revision: Number(row.revision),
  };
  if (row.key_arn !== null && row.key_arn !== undefined) r.keyArn = row.key_arn as string;
  if (row.executed_at !== null && row.executed_at !== undefined) r.executedAt = Number(row.executed_at);
  if (row.executed_by !== null && row.executed_by !== undefined) r.executedBy = row.executed_by as string;
  return r;
}

export const ruleFromRow = (row: Row): ApprovalRule => JSON.parse(row.body as string) as ApprovalRule;

/** The page after `after` (a seq), `limit` of `rows` fetched as limit + 1. */
export function requestPage(rows: Row[], limit: number): Page<ApprovalRequest> {
  const items = rows.slice(0, limit).map(requestFromRow);
  return { items, next: rows.length > limit ? String(rows[limit - 1]!.seq) : undefined };
}
