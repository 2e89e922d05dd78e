// A request as the HTTP adapter hands it to the dispatcher, the answer it gets back, and the facts the audit record is
// made of while a request is served (filled in by whichever protocol serves it).
import type { AuditFacts } from '../core/context.js';
import type { Principal, RequestFacts } from '../core/service.js';

export interface AwsRequest {
  target: string | undefined;
  contentType: string | undefined;
  rawHeaders: string[];
  /** The request target as sent ('/' or '/?query'): SigV4 signs it. */
  path: string;
  body: Buffer;
  sourceAddress: string;
  /** Whether the request arrived over TLS (aws:SecureTransport). */
  secure?: boolean;
}

export const requestFacts = (req: Pick<AwsRequest, 'sourceAddress' | 'secure'>, region?: string): RequestFacts =>
  ({ sourceAddress: req.sourceAddress, secureTransport: req.secure === true, region });

export interface AwsResponse {
  status: number;
  requestId: string;
  body: string;
  contentType: string;
}

export interface AuditDraft {
  principal: Principal;
  operation: string;
  /** Key facts and details from the operation context (KMS and Keyward operations). */
  context?: AuditFacts | undefined;
  /** Details of an IAM or STS operation. */
  details?: Record<string, unknown> | undefined;
  /** The validated input and the output (before serialisation): the event's requestParameters/responseElements. */
  input?: Record<string, unknown> | undefined;
  output?: Record<string, unknown> | undefined;
  /** The request's Region (its SigV4 scope), when it is not the home Region. */
  region?: string | undefined;
}
