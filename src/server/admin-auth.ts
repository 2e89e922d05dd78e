// Keyward's own HTTP routes that change the service (the dev test clock; later seal and unseal) answer only a caller
// whose SigV4 signature (service kms) checks out and whose identity-based policies allow the route's `keyward:` action:
// an administrator. Without this, anyone who can reach the port could move time (fast-forward pending deletions).
import type { Authenticator } from '../auth/authentication.js';
import type { Authorizer, Principal } from '../core/service.js';
import { KmsError } from '../protocol/errors.js';

export interface AdminRequest {
  rawHeaders: string[];
  path: string;
  body: Buffer;
  sourceAddress: string;
}

export async function authorizeAdmin(auth: Authenticator, authorizer: Authorizer, req: AdminRequest, action: string): Promise<Principal> {
  const signed = await auth.authenticate({ method: 'POST', path: req.path, rawHeaders: req.rawHeaders, body: req.body });
  if (signed.service !== 'kms') throw new KmsError('InvalidSignatureException', "Credential should be scoped to correct service: 'kms'. ");
  await authorizer.authorize({
    principal: signed.principal, action: `keyward:${action}`, resource: '*',
    request: { sourceAddress: req.sourceAddress, secureTransport: false },
  });
  return signed.principal;
}

/** The route's JSON body (an empty body is `{}`). */
export function jsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new KmsError('SerializationException', 'The request body is not valid JSON.');
  }
}
