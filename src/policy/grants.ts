// Grants as an allow source: the grantee matches the caller, the operation is granted, and the encryption-context
// constraints hold (keys compared case-insensitively, values exactly; ignored for DescribeKey and RetireGrant; for
// CreateGrant the new grant's constraints must be as strict or stricter).
// https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html
import { matchPrincipalValue, type PrincipalMatch } from './principal-match.js';
import type { GrantInput, RequestPrincipal } from './types.js';

export type EncryptionContext = Readonly<Record<string, string>>;

export interface GrantConstraints {
  readonly encryptionContextEquals?: EncryptionContext;
  readonly encryptionContextSubset?: EncryptionContext;
}

/** Operations with no encryption-context parameter, for which constraints are ignored. */
const CONSTRAINTS_IGNORED = new Set(['describekey', 'retiregrant']);

function folded(ec: EncryptionContext | undefined): Map<string, string> {
  return new Map(Object.entries(ec ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Every pair of `required` is in `actual` (case-insensitive key, exact value). */
function includes(actual: Map<string, string>, required: EncryptionContext): boolean {
  return Object.entries(required).every(([k, v]) => actual.get(k.toLowerCase()) === v);
}

function equals(actual: Map<string, string>, required: EncryptionContext): boolean {
  return actual.size === Object.keys(required).length && includes(actual, required);
}

function contextHolds(c: GrantConstraints, ec: EncryptionContext | undefined): boolean {
  const actual = folded(ec);
  if (c.encryptionContextEquals && !equals(actual, c.encryptionContextEquals)) return false;
  return !c.encryptionContextSubset || includes(actual, c.encryptionContextSubset);
}

/** CreateGrant under a constrained grant: "an equally strict or stricter encryption context constraint". */
function childAsStrict(c: GrantConstraints, child: GrantConstraints | undefined): boolean {
  if (c.encryptionContextEquals) {
    return !!child?.encryptionContextEquals && equals(folded(child.encryptionContextEquals), c.encryptionContextEquals);
  }
  if (!c.encryptionContextSubset) return true;
  const childPairs = child?.encryptionContextEquals ?? child?.encryptionContextSubset;
  return !!childPairs && includes(folded(childPairs), c.encryptionContextSubset);
}

export interface GrantRequest {
  readonly principal: RequestPrincipal;
  /** The grant operation name (the action without `kms:`), lower-cased. */
  readonly operationLower: string;
  readonly encryptionContext?: EncryptionContext;
  /** For CreateGrant: the constraints of the grant being created. */
  readonly newGrantConstraints?: GrantConstraints;
}

export interface GrantHit { readonly grant: GrantInput; readonly match: PrincipalMatch }

function constraintsHold(grant: GrantInput, req: GrantRequest): boolean {
  const c = grant.constraints;
  if (!c || (!c.encryptionContextEquals && !c.encryptionContextSubset)) return true;
  if (CONSTRAINTS_IGNORED.has(req.operationLower)) return true;
  if (req.operationLower === 'creategrant') return childAsStrict(c, req.newGrantConstraints);
  return contextHolds(c, req.encryptionContext);
}

/** The grant that allows the request with the strongest principal match, if any. */
export function findGrant(grants: readonly GrantInput[], req: GrantRequest): GrantHit | undefined {
  let best: GrantHit | undefined;
  for (const grant of grants) {
    if (!grant.operations.some((op) => op.toLowerCase() === req.operationLower)) continue;
    const match = matchPrincipalValue(grant.granteePrincipal, req.principal);
    if (match === 'none' || !constraintsHold(grant, req)) continue;
    if (match === 'direct') return { grant, match };
    if (!best || (match === 'role' && best.match === 'account')) best = { grant, match };
  }
  return best;
}
