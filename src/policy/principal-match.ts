// Principal and NotPrincipal matching, and how a match was made: directly (the caller's own ARN, a service, `*`), through
// the caller's role or federating user (limited by session policies and boundaries), or through its account (a
// delegation to the account's identity policies).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
import type { PrincipalElement, RequestPrincipal } from './types.js';

/** Strongest first: a direct grant is not limited by implicit denies in identity, boundary or session policies. */
export type PrincipalMatch = 'direct' | 'role' | 'account' | 'none';
const STRENGTH: Record<PrincipalMatch, number> = { direct: 3, role: 2, account: 1, none: 0 };

export type PrincipalMatcher = (p: RequestPrincipal) => PrincipalMatch;

const ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;

interface PrincipalSets {
  readonly anyone: boolean;
  readonly anyAws: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
}

function sets(el: PrincipalElement): PrincipalSets {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  for (const v of el.aws) {
    if (/^\d{12}$/.test(v)) accounts.add(v);
    else { const root = ROOT.exec(v); if (root) accounts.add(root[1]!); else arns.add(v); }
  }
  return {
    anyone: el.any, anyAws: el.aws.includes('*'), accounts, arns,
    services: new Set(el.service), federated: new Set(el.federated),
  };
}

const isAws = (p: RequestPrincipal) => p.type !== 'Service' && p.type !== 'Anonymous';
// "For anonymous users, the following elements are equivalent: "Principal": "*" and {"AWS": "*"}" (Principal page).
const anyAwsMatches = (p: RequestPrincipal) => p.type !== 'Service';

function matchSets(s: PrincipalSets, p: RequestPrincipal): PrincipalMatch {
  if (s.anyone || (s.anyAws && anyAwsMatches(p))) return 'direct';
  if (p.type === 'Service') return s.services.has(p.arn) ? 'direct' : 'none';
  if (p.federatedProvider !== undefined && s.federated.has(p.federatedProvider)) return 'direct';
  if (!isAws(p)) return 'none';
  if (s.arns.has(p.arn)) return 'direct';
  // A role ARN matches that role's sessions; a user ARN matches the federated sessions that user started.
  if ((p.roleArn !== undefined && s.arns.has(p.roleArn)) || (p.sourceUserArn !== undefined && s.arns.has(p.sourceUserArn))) {
    return 'role';
  }
  return s.accounts.has(p.accountId) ? 'account' : 'none';
}

export function compilePrincipal(el: PrincipalElement): PrincipalMatcher {
  const s = sets(el);
  return (p) => matchSets(s, p);
}

/**
 * NotPrincipal: the statement applies unless every identity in the caller's chain is listed (account, then role,
 * then session), as AWS "might validate the account first, then the role, and then the assumed-role user".
 */
export function compileNotPrincipal(el: PrincipalElement): PrincipalMatcher {
  const s = sets(el);
  return (p) => {
    if (s.anyone || (s.anyAws && anyAwsMatches(p))) return 'none';
    if (p.type === 'Service') return s.services.has(p.arn) ? 'none' : 'direct';
    const chain = [p.type !== 'Anonymous' && s.accounts.has(p.accountId)];
    if (p.type !== 'Account') chain.push(s.arns.has(p.arn) || (p.federatedProvider !== undefined && s.federated.has(p.federatedProvider)));
    if (p.roleArn !== undefined) chain.push(s.arns.has(p.roleArn));
    return chain.every(Boolean) ? 'none' : 'direct';
  };
}

export const matchRank = (m: PrincipalMatch): number => STRENGTH[m];

/** One AWS principal value (a grantee: ARN or account) against the caller, without building sets. */
export function matchPrincipalValue(value: string, p: RequestPrincipal): PrincipalMatch {
  if (!isAws(p)) return 'none';
  if (value === p.arn && p.type !== 'Account') return 'direct';
  if (value === p.roleArn || value === p.sourceUserArn) return 'role';
  const root = ROOT.exec(value);
  return (root ? root[1] : value) === p.accountId ? 'account' : 'none';
}
