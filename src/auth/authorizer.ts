// Authorisation decisions. Today every authenticated principal of the service's account may act (the
// bootstrap administrator is the only principal); key policies and grants will refine this one place.
import { KmsError } from '../protocol/errors.js';
import type { Authorizer, Principal } from '../core/service.js';
import type { Role } from '../identity/model.js';

export class AccountAuthorizer implements Authorizer {
  constructor(private readonly accountId: string) {}

  /** Until trust policies are evaluated: a caller of this account may assume any of its roles. */
  readonly checkTrust = (caller: Principal, role: Role): void => {
    if (caller.accountId !== this.accountId) {
      throw new KmsError('AccessDeniedException', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${role.arn}`);
    }
  };

  authorize(principal: Principal, action: string, keyArn?: string): void {
    if (principal.accountId !== this.accountId) {
      const target = keyArn ? ` on resource: ${keyArn}` : '';
      throw new KmsError('AccessDeniedException',
        `User: ${principal.arn} is not authorized to perform: ${action}${target} because no resource-based policy allows the ${action} action`);
    }
  }
}
