// The one dispatcher of AWS requests. It picks the protocol (AWS JSON 1.1 for KMS and Keyward's own operations, the
// Query protocol for IAM and STS), lets it authenticate, validate and run the operation, then writes the audit record
// durably before any answer (fail closed: no audit, no answer), and serialises the outcome in that protocol's form.
import { randomUUID } from 'node:crypto';
import type { Authenticator } from '../auth/authentication.js';
import type { KmsService, Principal } from '../core/service.js';
import { performance } from 'node:perf_hooks';
import type { IdentityService } from '../identity/identity-service.js';
import { internalError, KmsError, errorBody } from '../protocol/errors.js';
import { asQueryError, QueryError, queryErrorBody } from '../protocol/query/errors.js';
import { JSON_CONTENT_TYPE, jsonOperationName, runJson } from './json-protocol.js';
import type { Logger } from './log.js';
import { DEFAULT_QUERY_NAMESPACE, QUERY_CONTENT_TYPE, runQuery } from './query-protocol.js';
import type { AuditDraft, AwsRequest, AwsResponse } from './request.js';
import type { RecordOutcome, RequestAudit } from './request-audit.js';
import { storeFault, STORE_FAULT_MESSAGES, type StoreFault } from '../store/store-faults.js';
import type { AuditExporter, AuditSinkUnavailableError } from '../audit/export/audit-exporter.js';

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

/** What the dispatcher reports per request (metrics): operation, error code if any, seconds taken. */
export type RequestObserver = (operation: string, errorCode: string | undefined, seconds: number) => void;

export interface DispatcherDeps {
  service: KmsService;
  auth: Authenticator;
  identity: IdentityService;
  log: Logger;
  audit: RequestAudit;
  /** Required export sinks that are failing refuse requests before they run (src/audit/export). */
  exporter?: Pick<AuditExporter, 'refusal'> | undefined;
  observe?: RequestObserver | undefined;
}

const QUERY_INTERNAL = () => new QueryError('ServiceFailure', 'The request could not be completed due to an internal error.', 500);
/** A store fault as KMS says it: an unreachable database is a dependency (503), a disk that cannot write is ours (500). */
const faultKmsError = (f: StoreFault) => new KmsError(f === 'database-unavailable' ? 'DependencyTimeoutException' : 'KMSInternalException', STORE_FAULT_MESSAGES[f]);
const faultQueryError = (f: StoreFault) => f === 'database-unavailable'
  ? new QueryError('ServiceUnavailable', STORE_FAULT_MESSAGES[f], 503) : new QueryError('ServiceFailure', STORE_FAULT_MESSAGES[f], 500);
/** The error a request gets when its audit record was not made durable or was refused by a required sink. */
const unrecordedKms = (w: Exclude<RecordOutcome, 'written'>) => w instanceof Error ? sinkKmsError(w) : w.failed ? faultKmsError(w.failed) : internalError();
const unrecordedQuery = (w: Exclude<RecordOutcome, 'written'>) => w instanceof Error ? sinkQueryError(w) : w.failed ? faultQueryError(w.failed) : QUERY_INTERNAL();
/** A required audit sink is failing: KMS's retryable DependencyTimeoutException; IAM/STS's ServiceUnavailable. */
const sinkKmsError = (e: AuditSinkUnavailableError) => new KmsError('DependencyTimeoutException', e.message);
const sinkQueryError = (e: AuditSinkUnavailableError) => new QueryError('ServiceUnavailable', e.message, 503);

export class Dispatcher {
  private readonly service: KmsService;
  private readonly log: Logger;

  constructor(private readonly deps: DispatcherDeps) {
    this.service = deps.service;
    this.log = deps.log;
  }

  async handle(req: AwsRequest): Promise<AwsResponse> {
    const start = this.deps.observe ? performance.now() : 0;
    const res = isQuery(req) ? await this.handleQuery(req) : await this.handleJson(req);
    this.deps.observe?.(res.operation, res.errorCode, (performance.now() - start) / 1000);
    return res;
  }

  private async handleJson(req: AwsRequest): Promise<AwsResponse & Observed> {
    const requestId = randomUUID();
    const audit: AuditDraft = { principal: UNAUTHENTICATED, operation: jsonOperationName(req.target) };
    let status = 200;
    let body: string;
    let error: KmsError | undefined;
    try {
      const refusal = this.deps.exporter?.refusal();
      if (refusal) throw sinkKmsError(refusal);
      body = await runJson(this.service, this.deps.auth, req, requestId, audit);
    } catch (err) {
      error = this.asKmsError(err, audit.operation, requestId);
      status = error.status;
      body = errorBody(error);
    }
    const written = await this.deps.audit.record(req, requestId, audit, error && { code: error.code, message: error.message });
    if (written !== 'written') {
      const e = unrecordedKms(written);
      return { status: e.status, requestId, body: errorBody(e), contentType: JSON_CONTENT_TYPE, operation: audit.operation, errorCode: e.code };
    }
    return { status, requestId, body, contentType: JSON_CONTENT_TYPE, operation: audit.operation, errorCode: error?.code };
  }

  private async handleQuery(req: AwsRequest): Promise<AwsResponse & Observed> {
    const requestId = randomUUID();
    const audit: AuditDraft = { principal: UNAUTHENTICATED, operation: 'iam:-' };
    const answer = { namespace: DEFAULT_QUERY_NAMESPACE };
    let status = 200;
    let body: string;
    let error: QueryError | undefined;
    try {
      const refusal = this.deps.exporter?.refusal();
      if (refusal) throw sinkQueryError(refusal);
      body = await runQuery({ identity: this.deps.identity, auth: this.deps.auth, authorizer: this.service.deps.authorizer }, req, requestId, audit, answer);
    } catch (err) {
      error = asQueryError(err) ?? this.queryInternal(err, audit.operation, requestId);
      status = error.status;
      body = queryErrorBody(error, answer.namespace, requestId);
    }
    const written = await this.deps.audit.record(req, requestId, audit, error && { code: error.code, message: error.clientMessage });
    if (written !== 'written') {
      const e = unrecordedQuery(written);
      return { status: e.status, requestId, body: queryErrorBody(e, answer.namespace, requestId), contentType: QUERY_CONTENT_TYPE, operation: audit.operation, errorCode: e.code };
    }
    return { status, requestId, body, contentType: QUERY_CONTENT_TYPE, operation: audit.operation, errorCode: error?.code };
  }

  /** A request refused before it could be read (too large, wrong path): audited, then answered in its protocol. */
  async refuse(req: Omit<AwsRequest, 'body' | 'path'>, err: KmsError): Promise<AwsResponse> {
    const requestId = randomUUID();
    const query = isQuery(req);
    const audit: AuditDraft = { principal: UNAUTHENTICATED, operation: query ? 'iam:-' : jsonOperationName(req.target) };
    const written = await this.deps.audit.record(req, requestId, audit, { code: err.code, message: err.message });
    if (written !== 'written') err = unrecordedKms(written);
    if (!query) return { status: err.status, requestId, body: errorBody(err), contentType: JSON_CONTENT_TYPE };
    const q = asQueryError(err) ?? QUERY_INTERNAL();
    return { status: q.status, requestId, body: queryErrorBody(q, DEFAULT_QUERY_NAMESPACE, requestId), contentType: QUERY_CONTENT_TYPE };
  }

  private asKmsError(err: unknown, operation: string, requestId: string): KmsError {
    if (err instanceof KmsError) return err;
    const fault = storeFault(err);
    if (fault) {
      this.log.warn('store fault', { requestId, operation, fault, error: String(err) });
      return faultKmsError(fault);
    }
    this.log.error('internal error', { requestId, operation, error: err instanceof Error ? err.stack : String(err) });
    return internalError();
  }

  private queryInternal(err: unknown, operation: string, requestId: string): QueryError {
    const fault = storeFault(err);
    if (fault) {
      this.log.warn('store fault', { requestId, operation, fault, error: String(err) });
      return faultQueryError(fault);
    }
    this.log.error('internal error', { requestId, operation, error: err instanceof Error ? err.stack : String(err) });
    return QUERY_INTERNAL();
  }
}

/** The operation and outcome of a served request, for the observer. */
interface Observed {
  operation: string;
  errorCode: string | undefined;
}
