// The global condition keys of a request that do not come from the principal (the engine derives those):
// aws:CurrentTime, aws:EpochTime, aws:SourceIp, aws:SecureTransport, aws:RequestedRegion, aws:MultiFactorAuthPresent
// and aws:TokenIssueTime (temporary credentials only), aws:SourceIdentity, aws:PrincipalIsAWSService, aws:ViaAWSService.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
import type { Principal, RequestFacts } from '../core/service.js';
import type { ContextValue } from '../policy/index.js';

/** The IP a policy sees: IPv4 peers reach a dual-stack listener as ::ffff:a.b.c.d. */
const sourceIp = (address: string) => (address.startsWith('::ffff:') ? address.slice(7) : address);

export function globalContext(principal: Principal, request: RequestFacts, now: number, region: string): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {
    'aws:CurrentTime': new Date(now), 'aws:EpochTime': Math.floor(now / 1000), 'aws:SourceIp': sourceIp(request.sourceAddress),
    'aws:SecureTransport': request.secureTransport, 'aws:RequestedRegion': region, 'aws:PrincipalIsAWSService': false,
    'aws:ViaAWSService': false,
  };
  const session = principal.session;
  if (session) {
    // Present only with temporary credentials; Keyward has no MFA, so always false (AWS: absent for long-term keys).
    out['aws:MultiFactorAuthPresent'] = false;
    out['aws:TokenIssueTime'] = new Date(session.issuedAt);
    if (session.sourceIdentity !== undefined) out['aws:SourceIdentity'] = session.sourceIdentity;
  }
  return out;
}
