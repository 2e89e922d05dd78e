// The KMS composition: a key policy is required. It allows the caller directly, or allows the account (root / account
// id), which delegates to the identity policies; grants are a third allow source. Actions without a key (CreateKey,
// ListKeys, ListAliases) are governed by identity policies alone.
// https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html
// https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
import { firstHit } from './compile.js';
import { allow, implicitDeny, type Decision } from './decision.js';
import { findExplicitDeny, identityPath, limits, prepare, resourceAllow, type EvaluationInput, type PolicyInput, type Prepared } from './evaluate.js';
import { findGrant, type EncryptionContext, type GrantConstraints, type GrantRequest } from './grants.js';
import type { GrantInput, Mutable } from './types.js';

export interface KmsEvaluationInput extends Omit<EvaluationInput, 'resourcePolicy'> {
  /** The key's policy; required whenever `resource` is a key ARN. */
  readonly keyPolicy?: PolicyInput;
  /** The key's grants (and those named by GrantTokens). */
  readonly grants?: readonly GrantInput[];
  /** The request's encryption context, checked against grant constraints. */
  readonly encryptionContext?: EncryptionContext;
  /** For CreateGrant: the constraints of the grant being created. */
  readonly newGrantConstraints?: GrantConstraints;
}

function grantDecision(input: KmsEvaluationInput, p: Prepared): Decision | undefined {
  if (!input.grants || input.grants.length === 0) return undefined;
  const op = p.env.actionLower.startsWith('kms:') ? p.env.actionLower.slice(4) : undefined;
  if (!op) return undefined;
  const req: Mutable<GrantRequest> = { principal: input.principal, operationLower: op };
  if (input.encryptionContext) req.encryptionContext = input.encryptionContext;
  if (input.newGrantConstraints) req.newGrantConstraints = input.newGrantConstraints;
  const hit = findGrant(input.grants, req);
  if (!hit) return undefined;
  const basis = { type: 'grant' as const, grantId: hit.grant.grantId };
  // A grant to the caller itself is enough; to its role, within the session's limits; to an account, a delegation.
  if (hit.match === 'direct') return allow(basis);
  if (hit.match === 'role') return limits(p) ? undefined : allow(basis);
  const id = identityPath(p);
  return id.effect === 'Allow' ? allow(basis) : undefined;
}

export function evaluateKms(input: KmsEvaluationInput): Decision {
  const resource = input.resource ?? '*';
  const p = prepare(input, resource === '*' ? undefined : input.keyPolicy);
  const denied = findExplicitDeny(p);
  if (denied) return denied;
  if (resource === '*') return identityPath(p);
  const hit = firstHit(p.resource, p.env, 'Allow');
  const byPolicy = hit ? resourceAllow(p, hit) : implicitDeny('resource-based');
  if (byPolicy.effect === 'Allow') return byPolicy;
  return grantDecision(input, p) ?? byPolicy;
}

/**
 * The PutKeyPolicy/CreateKey lockout safety check: true when, under the new key policy and the caller's own
 * identity and session policies, the caller could no longer call PutKeyPolicy on the key.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
 */
export function wouldLockOut(newKeyPolicy: PolicyInput, caller: KmsEvaluationInput): boolean {
  const { grants: _grants, ...rest } = caller;
  return evaluateKms({ ...rest, action: 'kms:PutKeyPolicy', keyPolicy: newKeyPolicy }).effect !== 'Allow';
}
