// The decision an evaluation returns: the effect, what decided it (for logs and tests), and AWS's AccessDenied text.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html#access-denied-error-examples
import type { StatementHit } from './compile.js';

/** The policy types AWS names in denial messages. */
export type PolicyType = 'identity-based' | 'resource-based' | 'role trust' | 'session' | 'permissions boundary';

/** The source that decided: a statement of a policy, a grant, or the account root's implicit identity permission. */
export interface DecisionBasis {
  readonly type: PolicyType | 'grant' | 'root';
  readonly policy?: string;
  /** The statement's Sid, or `#<index>` when it has none. */
  readonly statement?: string;
  readonly grantId?: string;
}

export interface Decision {
  readonly effect: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** For Allow: what allowed; for ExplicitDeny: the deny statement; for ImplicitDeny: the policy type that allowed nothing. */
  readonly basis: DecisionBasis;
  /** AWS's AccessDeniedException text for a denial; the empty string for Allow. */
  message(principalArn: string, action: string, resourceArn?: string): string;
}

/** "with an explicit deny in a type policy" / "because no type policy allows", as AWS words each type. */
const EXPLICIT: Record<PolicyType, string> = {
  'identity-based': 'an identity-based policy',
  'resource-based': 'a resource-based policy',
  'role trust': 'the role trust policy',
  session: 'a session policy',
  'permissions boundary': 'a permissions boundary',
};
const IMPLICIT: Record<PolicyType, string> = {
  'identity-based': 'identity-based policy',
  'resource-based': 'resource-based policy',
  'role trust': 'role trust policy',
  session: 'session policy',
  'permissions boundary': 'permissions boundary',
};

const prefix = (principal: string, action: string, resource?: string) =>
  `User: ${principal} is not authorized to perform: ${action}${resource ? ` on resource: ${resource}` : ''}`;

/** One class for the three effects, so a decision is one small object (no closures on the data plane). */
class PolicyDecision implements Decision {
  constructor(readonly effect: Decision['effect'], readonly basis: DecisionBasis, private readonly denial?: PolicyType) {}

  message(principalArn: string, action: string, resourceArn?: string): string {
    const type = this.denial;
    if (this.effect === 'Allow' || !type) return '';
    return this.effect === 'ExplicitDeny'
      ? `${prefix(principalArn, action, resourceArn)} with an explicit deny in ${EXPLICIT[type]}`
      : `${prefix(principalArn, action, resourceArn)} because no ${IMPLICIT[type]} allows the ${action} action`;
  }
}

export function basisOf(type: PolicyType, hit: StatementHit): DecisionBasis {
  const name = hit.policy.name;
  const statement = hit.statement.label;
  return name !== undefined ? { type, policy: name, statement } : { type, statement };
}

export function allow(basis: DecisionBasis): Decision {
  return new PolicyDecision('Allow', basis);
}

export function explicitDeny(type: PolicyType, hit: StatementHit): Decision {
  return new PolicyDecision('ExplicitDeny', basisOf(type, hit), type);
}

export function implicitDeny(type: PolicyType): Decision {
  return new PolicyDecision('ImplicitDeny', { type }, type);
}
