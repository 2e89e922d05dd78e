// What IAM and STS operations share: the identity store, each node's directory, the KMS service (scope, clock,
// barrier, audit, service secrets) and the quotas IAM enforces.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
import type { KmsService, Principal } from '../core/service.js';
import type { Role } from './model.js';
import type { AccessKeyUsage } from './access-key-usage.js';
import type { IdentityDirectory } from './directory.js';
import type { IdentityStore } from './ports.js';

/** AWS's default quotas (the adjustable ones at their defaults: Keyward has no Service Quotas to raise them). */
export const IAM_QUOTAS = {
  accessKeysPerUser: 2,
  /** Managed policies attached to one user, group or role. */
  managedPoliciesPerOwner: 10,
  groupsPerUser: 10,
  versionsPerPolicy: 5,
  /** Non-whitespace characters of all the inline policies of one user, group or role together. */
  inlinePolicyChars: { user: 2_048, group: 5_120, role: 10_240 },
  managedPolicyChars: 6_144,
  trustPolicyChars: 2_048,
} as const;

/**
 * Decides whether `caller` may assume `role` (its trust policy, and for a trust policy that names only the account, the
 * caller's identity-based policies); throws AccessDenied with AWS's text otherwise. Supplied by the authorizer (src/auth).
 */
export type TrustCheck = (caller: Principal, role: Role, request: { sessionName: string; sourceIdentity?: string | undefined; tags: Record<string, string> }) => void;

export class IdentityService {
  constructor(
    readonly store: IdentityStore,
    readonly directory: IdentityDirectory,
    readonly kms: KmsService,
    readonly usage: AccessKeyUsage,
    readonly checkTrust: TrustCheck,
  ) {}

  get scope() {
    return this.kms.scope;
  }

  now(): number {
    return this.kms.now();
  }
}
