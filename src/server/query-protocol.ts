// The AWS Query protocol for IAM and STS on the same endpoint, told apart from KMS by the SigV4 scope's service:
// authenticate, read `Action` and the form parameters per the AWS model, authorise the action with the caller's
// identity-based policies, run, reload this node's identity directory after a change (so it is in force before the
// answer), and answer in XML. https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
import type { Authenticator } from '../auth/authentication.js';
import type { Authorizer } from '../core/service.js';
import type { IdentityService } from '../identity/identity-service.js';
import type { IdentityContext } from '../identity/operation.js';
import { QUERY_SERVICES } from '../identity/registry.js';
import { QueryError } from '../protocol/query/errors.js';
import { formParams, readInput } from '../protocol/query/parse.js';
import { queryResponseBody } from '../protocol/query/serialize.js';
import { requestFacts, type AuditDraft, type AwsRequest } from './request.js';

export const QUERY_CONTENT_TYPE = 'text/xml';
export const DEFAULT_QUERY_NAMESPACE = QUERY_SERVICES.get('iam')!.model.metadata.xmlNamespace;

export interface QueryDeps {
  identity: IdentityService;
  auth: Authenticator;
  authorizer: Authorizer;
}

/** Runs a Query request; `audit` learns who and what; `namespace` the XML namespace its error must carry. */
export async function runQuery(deps: QueryDeps, req: AwsRequest, requestId: string, audit: AuditDraft, answer: { namespace: string }): Promise<string> {
  const signed = deps.auth.authenticate({ method: 'POST', path: req.path, rawHeaders: req.rawHeaders, body: req.body });
  const { principal, service: signingName } = signed instanceof Promise ? await signed : signed;
  audit.principal = principal;
  const service = QUERY_SERVICES.get(signingName);
  if (!service) throw new QueryError('SignatureDoesNotMatch', "Credential should be scoped to correct service: 'iam'. ", 403);
  answer.namespace = service.model.metadata.xmlNamespace;
  const params = formParams(req.body);
  const action = params.get('Action');
  if (action === undefined) throw new QueryError('MissingAction', 'Missing Action', 400);
  audit.operation = `${signingName}:${action.slice(0, 128)}`;
  const op = service.operations.get(action);
  if (!op) throw new QueryError('InvalidAction', `Could not find operation ${action} for version ${service.model.metadata.apiVersion}`, 400);
  const input = readInput(service.model, action, params);
  audit.input = input as Record<string, unknown>;
  const ctx: IdentityContext = { principal, requestId, identity: deps.identity, sourceAddress: req.sourceAddress, details: {} };
  audit.details = ctx.details;
  if (op.action !== null) {
    await deps.authorizer.authorize({ principal, action: op.action, resource: op.resource(ctx, input), request: requestFacts(req) });
  }
  const out = await op.run(ctx, input);
  audit.output = out as Record<string, unknown>;
  if (op.mutates) await deps.identity.directory.refresh();
  return queryResponseBody(service.model, action, out, requestId);
}
