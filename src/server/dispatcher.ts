// The one dispatcher of AWS requests. It picks the protocol (AWS JSON 1.1 for KMS and Keyward's own operations, the
// Query protocol for IAM and STS), lets it authenticate, validate and run the operation, then writes the audit record
// durably before any answer (fail closed: no audit, no answer), and serialises the outcome in that protocol's form.
import { randomUUID } from 'node:crypto';
import type { Authenticator } from '../auth/authentication.js';
import type { KmsService, Principal } from '../core/service.js';
import type { IdentityService } from '../identity/identity-service.js';
import { internalError, KmsError, errorBody } from '../protocol/errors.js';
import { asQueryError, QueryError, queryErrorBody } from '../protocol/query/errors.js';
import { JSON_CONTENT_TYPE, jsonOperationName, runJson } from './json-protocol.js';
import type { Logger } from './log.js';
import { DEFAULT_QUERY_NAMESPACE, QUERY_CONTENT_TYPE, runQuery } from './query-protocol.js';
import type { AuditDraft, AwsRequest, AwsResponse } from './request.js';

export type { AwsRequest, AwsResponse } from './request.js';

const UNAUTHENTICATED: Principal = { arn: '-', accountId: '', type: 'Anonymous', userId: '-' };

/** A Query request has no X-Amz-Target and a form body (IAM and STS clients send application/x-www-form-urlencoded). */
function isQuery(req: Pick<AwsRequest, 'target' | 'contentType'>): boolean {
  return req.target === undefined && (req.contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') ?? false);
}

/**
 * An error answered without an audit record (a sealed node cannot authenticate anyone), in the request's protocol:
 * AWS JSON `{"__type", "message"}`, or a Query ErrorResponse (code ServiceUnavailable for a server fault).
 */
export function unauditedError(req: Pick<AwsRequest, 'target' | 'contentType'>, err: KmsError, status = err.status): AwsResponse {
  const requestId = randomUUID();
  if (!isQuery(req)) return { status, requestId, body: errorBody(err), contentType: JSON_CONTENT_TYPE };
  const q = asQueryError(err) ?? new QueryError('ServiceUnavailable', err.clientMessage ?? err.code, status);
  return { status: q.status, requestId, body: queryErrorBody(q, DEFAULT_QUERY_NAMESPACE, requestId), contentType: QUERY_CONTENT_TYPE };
}

export class Dispatcher {
  constructor(
    private readonly service: KmsService,
    private readonly auth: Authenticator,
    private readonly identity: IdentityService,
    private readonly log: Logger,
  ) {}

  async handle(req: AwsRequest): Promise<AwsResponse> {
    return isQuery(req) ? this.handleQuery(req) : this.handleJson(req);
  }

  private async handleJson(req: AwsRequest): Promise<AwsResponse> {
    const requestId = randomUUID();
    const audit: AuditDraft = { principal: UNAUTHENTICATED, operation: jsonOperationName(req.target) };
    let status = 200;
    let body: string;
    let errorCode: string | undefined;
    try {
      body = await runJson(this.service, this.auth, req, requestId, audit);
    } catch (err) {
      const e = this.asKmsError(err, audit.operation, requestId);
      status = e.status;
      errorCode = e.code;
      body = errorBody(e);
    }
    if (!(await this.record(req, requestId, audit, errorCode))) {
      const e = internalError();
      return { status: e.status, requestId, body: errorBody(e), contentType: JSON_CONTENT_TYPE };
    }
    return { status, requestId, body, contentType: JSON_CONTENT_TYPE };
  }

  private async handleQuery(req: AwsRequest): Promise<AwsResponse> {
    const requestId = randomUUID();
    const audit: AuditDraft = { principal: UNAUTHENTICATED, operation: 'iam:-' };
    const answer = { namespace: DEFAULT_QUERY_NAMESPACE };
    let status = 200;
    let body: string;
    let errorCode: string | undefined;
    try {
      body = await runQuery({ identity: this.identity, auth: this.auth, authorizer: this.service.deps.authorizer }, req, requestId, audit, answer);
    } catch (err) {
      const e = asQueryError(err) ?? this.queryInternal(err, audit.operation, requestId);
      status = e.status;
      errorCode = e.code;
      body = queryErrorBody(e, answer.namespace, requestId);
    }
    if (!(await this.record(req, requestId, audit, errorCode))) {
      return { status: 500, requestId, body: queryErrorBody(asQueryError(internalError())!, answer.namespace, requestId), contentType: QUERY_CONTENT_TYPE };
    }
    return { status, requestId, body, contentType: QUERY_CONTENT_TYPE };
  }

  /** Appends the audit record; false if it could not be made durable (the request must then fail). */
  private async record(req: AwsRequest, requestId: string, audit: AuditDraft, errorCode: string | undefined): Promise<boolean> {
    const ctx = audit.context;
    try {
      await this.service.deps.audit.append({
        time: this.service.now(), requestId, principal: audit.principal.arn, accessKeyId: audit.principal.accessKeyId,
        sourceAddress: req.sourceAddress, operation: audit.operation, keyArn: ctx?.keyArn, keyVersion: ctx?.keyVersion,
        outcome: errorCode ? 'failure' : 'success', errorCode, details: detailsText(ctx?.details ?? audit.details),
      });
      return true;
    } catch (err) {
      this.log.error('audit write failed; refusing the request (fail closed)', { requestId, error: String(err) });
      return false;
    }
  }

  /** A request refused before it could be read (too large, wrong path): audited, then answered in its protocol. */
  async refuse(req: Omit<AwsRequest, 'body' | 'rawHeaders' | 'path'>, err: KmsError): Promise<AwsResponse> {
    const requestId = randomUUID();
    const query = isQuery(req);
    try {
      await this.service.deps.audit.append({
        time: this.service.now(), requestId, principal: UNAUTHENTICATED.arn, sourceAddress: req.sourceAddress,
        operation: query ? 'iam:-' : jsonOperationName(req.target), outcome: 'failure', errorCode: err.code,
      });
    } catch {
      err = internalError();
    }
    if (!query) return { status: err.status, requestId, body: errorBody(err), contentType: JSON_CONTENT_TYPE };
    const q = asQueryError(err) ?? new QueryError('ServiceFailure', 'The request could not be completed due to an internal error.', 500);
    return { status: q.status, requestId, body: queryErrorBody(q, DEFAULT_QUERY_NAMESPACE, requestId), contentType: QUERY_CONTENT_TYPE };
  }

  private asKmsError(err: unknown, operation: string, requestId: string): KmsError {
    if (err instanceof KmsError) return err;
    this.log.error('internal error', { requestId, operation, error: err instanceof Error ? err.stack : String(err) });
    return internalError();
  }

  private queryInternal(err: unknown, operation: string, requestId: string): QueryError {
    this.log.error('internal error', { requestId, operation, error: err instanceof Error ? err.stack : String(err) });
    return new QueryError('ServiceFailure', 'The request could not be completed due to an internal error.', 500);
  }
}

function detailsText(details: Record<string, unknown> | undefined): string | undefined {
  if (!details) return undefined;
  for (const _ in details) return JSON.stringify(details);
  return undefined;
}
