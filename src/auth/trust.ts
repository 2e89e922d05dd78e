// AssumeRole's decision: the role's trust policy must allow the caller — naming it (or its role, for a role session)
// suffices; naming the account delegates to the caller's identity-based policies, which must then allow sts:AssumeRole
// too — and no deny applies. The same composition as a KMS key policy. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-basics
import type { Role } from '../identity/model.js';
import { KmsError } from '../protocol/errors.js';
import { evaluateKms, type ConditionContext } from '../policy/index.js';
import type { CallerPolicies } from './authorizer.js';
import type { PolicyCache } from './policy-cache.js';

export function assumeRoleCheck(policies: PolicyCache, caller: CallerPolicies, role: Role, context: ConditionContext): void {
  const trust = policies.compile(role.data.assumeRolePolicy, 'trust', `trust policy of ${role.name}`);
  const decision = trust && evaluateKms({
    principal: caller.principal, action: 'sts:AssumeRole', resource: role.arn, identityPolicies: caller.identity,
    ...(caller.session ? { sessionPolicies: caller.session } : {}), context, keyPolicy: trust,
  });
  if (decision?.effect !== 'Allow') {
    // STS's text names the action and the role, without the policy type (as AWS answers AssumeRole).
    throw new KmsError('AccessDeniedException', `User: ${caller.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${role.arn}`);
  }
}
