// The AWS JSON 1.1 dispatcher. It owns every cross-cutting step, in order: find the operation, authenticate
// (SigV4), parse and validate the input, run the operation (which reaches keys only through the context:
// resolution, key-state table, authorisation), write the audit record durably, serialise.
import { randomUUID } from 'node:crypto';
import type { SigV4Verifier } from '../auth/sigv4.js';
import type { Credential } from '../auth/credentials.js';
import { OperationContext } from '../core/context.js';
import type { Operation, Output } from '../core/operation.js';
import { JSON_TARGETS, type ActionPrefix } from '../core/operations/registry.js';
import type { KmsService, Principal } from '../core/service.js';
import { internalError, KmsError, errorBody } from '../protocol/errors.js';
import { validate } from '../protocol/shape.js';
import type { Logger } from './log.js';

export interface AwsRequest {
  target: string | undefined;
  contentType: string | undefined;
  rawHeaders: string[];
  /** The request target as sent ('/' or '/?query'): SigV4 signs it. */
  path: string;
  body: Buffer;
  sourceAddress: string;
}

export interface AwsResponse {
  status: number;
  requestId: string;
  body: string;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);
const UNAUTHENTICATED: Principal = { arn: '-', accountId: '' };

export class Dispatcher {
  constructor(
    private readonly service: KmsService,
    private readonly verifier: SigV4Verifier,
    private readonly credentials: ReadonlyMap<string, Credential>,
    private readonly log: Logger,
  ) {}

  async handle(req: AwsRequest): Promise<AwsResponse> {
    const requestId = randomUUID();
    const operation = operationName(req.target);
    let principal = UNAUTHENTICATED;
    let ctx: OperationContext | undefined;
    let status = 200;
    let body: string;
    let errorCode: string | undefined;
    try {
      const found = operationFor(req.target);
      principal = this.authenticate(req);
      if (!found) throw new KmsError('UnknownOperationException', `Operation ${operation} is not supported.`);
      const { op, actionPrefix } = found;
      const input = validate<Record<string, unknown>>(parseBody(req), op.input);
      ctx = new OperationContext(this.service, principal, requestId, actionPrefix);
      noteContextKeys(ctx, input);
      body = serialise(await op.run(ctx, input));
    } catch (err) {
      const e = this.asKmsError(err, operation, requestId);
      status = e.status;
      errorCode = e.code;
      body = errorBody(e);
    }
    try {
      await this.service.deps.audit.append({
        time: this.service.now(), requestId, principal: principal.arn, accessKeyId: principal.accessKeyId,
        sourceAddress: req.sourceAddress, operation, keyArn: ctx?.audit.keyArn, keyVersion: ctx?.audit.keyVersion,
        outcome: errorCode ? 'failure' : 'success', errorCode, details: detailsText(ctx),
      });
    } catch (err) {
      this.log.error('audit write failed; refusing the request (fail closed)', { requestId, error: String(err) });
      const e = internalError();
      return { status: e.status, requestId, body: errorBody(e) };
    }
    return { status, requestId, body };
  }

  /** A request refused before it could be read (too large, wrong path): audited, then answered. */
  async refuse(req: Omit<AwsRequest, 'body' | 'rawHeaders' | 'path'>, err: KmsError): Promise<AwsResponse> {
    const requestId = randomUUID();
    try {
      await this.service.deps.audit.append({
        time: this.service.now(), requestId, principal: UNAUTHENTICATED.arn, sourceAddress: req.sourceAddress,
        operation: operationName(req.target), outcome: 'failure', errorCode: err.code,
      });
    } catch {
      err = internalError();
    }
    return { status: err.status, requestId, body: errorBody(err) };
  }

  private authenticate(req: AwsRequest): Principal {
    const verified = this.verifier.verify({ method: 'POST', path: req.path, rawHeaders: req.rawHeaders, body: req.body });
    // Keyward issues no temporary credentials, so no session token can be valid (as AWS answers for unknown ones).
    if (verified.sessionToken !== undefined) {
      throw new KmsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    const ct = req.contentType;
    // The exact media type (what SDKs send) needs no normalising; anything else is split, trimmed and lowercased.
    if (ct !== undefined && !JSON_TYPES.has(ct) && !JSON_TYPES.has(ct.split(';')[0]!.trim().toLowerCase())) {
      throw new KmsError('SerializationException', `Unsupported content type: ${ct}`);
    }
    return this.credentials.get(verified.accessKeyId)!.principal;
  }

  private asKmsError(err: unknown, operation: string, requestId: string): KmsError {
    if (err instanceof KmsError) return err;
    this.log.error('internal error', { requestId, operation, error: err instanceof Error ? err.stack : String(err) });
    return internalError();
  }
}

/** `X-Amz-Target: <prefix>.<operation>`: the operation and its action prefix, if the prefix is served and names it. */
function operationFor(target: string | undefined): { op: Operation; actionPrefix: ActionPrefix } | undefined {
  const dot = target === undefined ? -1 : target.indexOf('.');
  if (dot < 0) return undefined;
  const served = JSON_TARGETS.get(target!.slice(0, dot));
  const op = served?.operations.get(target!.slice(dot + 1));
  return op && { op, actionPrefix: served!.actionPrefix };
}

/** The operation name recorded and reported: the part after a served prefix, else the target as sent (bounded). */
function operationName(target: string | undefined): string {
  if (!target) return '-';
  const dot = target.indexOf('.');
  if (dot < 0 || !JSON_TARGETS.has(target.slice(0, dot))) return target.slice(0, 128);
  return target.slice(dot + 1, dot + 1 + 128);
}

function parseBody(req: AwsRequest): unknown {
  if (req.body.length === 0) return {};
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new KmsError('SerializationException', 'The request body is not valid JSON.');
  }
}

/** Encryption-context keys (never values) go into the audit record. */
function noteContextKeys(ctx: OperationContext, input: Record<string, unknown>): void {
  for (const member of ['EncryptionContext', 'SourceEncryptionContext', 'DestinationEncryptionContext']) {
    const ec = input[member] as Record<string, string> | undefined;
    if (ec) ctx.audit.details[`${member}Keys`] = Object.keys(ec).sort();
  }
}

function detailsText(ctx: OperationContext | undefined): string | undefined {
  if (!ctx) return undefined;
  for (const _ in ctx.audit.details) return JSON.stringify(ctx.audit.details);
  return undefined;
}

/** Output members to JSON; top-level Buffers become base64 (AWS blob encoding). */
function serialise(out: Output): string {
  for (const k in out) {
    const v = out[k];
    if (Buffer.isBuffer(v)) out[k] = v.toString('base64');
  }
  return JSON.stringify(out);
}
