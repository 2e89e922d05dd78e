// The AWS JSON 1.1 protocol (KMS's `TrentService` and Keyward's `KeywardService` targets): find the operation,
// authenticate (SigV4 for service kms), parse and validate the body, run the operation in its context, serialise.
// https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
import { OperationContext } from '../core/context.js';
import { settleApproval } from '../core/approvals/approval-gate.js';
import type { Output } from '../core/operation.js';
import { JSON_TARGETS } from '../core/operations/registry.js';
import type { KmsService } from '../core/service.js';
import type { Authenticator } from '../auth/authentication.js';
import { errorBody, KmsError } from '../protocol/errors.js';
import { validate } from '../protocol/shape.js';
import { requestFacts, type AuditDraft, type AwsRequest } from './request.js';

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** `X-Amz-Target: <prefix>.<operation>`: the target prefix, if it is served. */
const prefixOf = (target: string | undefined): string | undefined => {
  const dot = target === undefined ? -1 : target.indexOf('.');
  return dot < 0 ? undefined : target!.slice(0, dot);
};

/** The operation name recorded and reported: the part after a served prefix, else the target as sent (bounded). */
export function jsonOperationName(target: string | undefined): string {
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

function checkContentType(ct: string | undefined): void {
  // The exact media type (what SDKs send) needs no normalising; anything else is split, trimmed and lowercased.
  if (ct !== undefined && !JSON_TYPES.has(ct) && !JSON_TYPES.has(ct.split(';')[0]!.trim().toLowerCase())) {
    throw new KmsError('SerializationException', `Unsupported content type: ${ct}`);
  }
}

/** Encryption-context keys (never values) go into the audit record. */
function noteContextKeys(ctx: OperationContext, input: Record<string, unknown>): void {
  for (const member of ['EncryptionContext', 'SourceEncryptionContext', 'DestinationEncryptionContext']) {
    const ec = input[member] as Record<string, string> | undefined;
    if (ec) ctx.audit.details[`${member}Keys`] = Object.keys(ec).sort();
  }
}

/** Output members to JSON; top-level Buffers become base64 (AWS blob encoding). */
function serialise(out: Output): string {
  for (const k in out) {
    const v = out[k];
    if (Buffer.isBuffer(v)) out[k] = v.toString('base64');
  }
  return JSON.stringify(out);
}

/** Runs a JSON-protocol request; `audit` learns who, which key and what happened. Errors are thrown to the caller. */
export async function runJson(
  service: KmsService, auth: Authenticator, req: AwsRequest, requestId: string, audit: AuditDraft,
): Promise<string> {
  const prefix = prefixOf(req.target);
  const served = prefix === undefined ? undefined : JSON_TARGETS.get(prefix);
  const op = served?.operations.get(req.target!.slice(prefix!.length + 1));
  const signed = auth.authenticate({ method: 'POST', path: req.path, rawHeaders: req.rawHeaders, body: req.body });
  const { principal, service: signingName, region } = signed instanceof Promise ? await signed : signed;
  audit.principal = principal;
  if (region !== service.scope.region) audit.region = region;
  if (signingName !== 'kms') throw new KmsError('InvalidSignatureException', "Credential should be scoped to correct service: 'kms'. ");
  checkContentType(req.contentType);
  if (!op) throw new KmsError('UnknownOperationException', `Operation ${audit.operation} is not supported.`);
  const input = validate<Record<string, unknown>>(parseBody(req), op.input);
  // The Region of the request is its SigV4 scope's (the verifier refused any Region not served): a scope made once.
  const ctx = new OperationContext(service, principal, requestId, requestFacts(req, region), served!.actionPrefix, service.scopeOf(region) ?? service.scope);
  ctx.input = input;
  ctx.operation = op.name;
  audit.input = input;
  audit.context = ctx.audit;
  noteContextKeys(ctx, input);
  let out: Output;
  try {
    out = await op.run(ctx, input);
  } catch (err) {
    if (ctx.gate.consumed !== undefined) await settleApproval(ctx, false);
    throw err;
  }
  // Only a call that consumed an approved request has anything to settle: no extra await on the data plane.
  if (ctx.gate.consumed !== undefined) await settleApproval(ctx, true);
  // Every operation asks at least one authorization question (OperationContext); one that asked none is a bug.
  if (ctx.authorizations === 0) throw new Error(`${op.name} ran without authorization`);
  audit.output = { ...out }; // serialise turns the original's blobs into base64 text; the audit omits them by type
  return serialise(out);
}

export const jsonErrorBody = (e: KmsError): string => errorBody(e);
