// "Administrators only": the one check Keyward's operator operations (seal, barrier rotation) call. Today the
// administrator is the principal `keyward operator init` (or dev mode) created; the policy engine (issue 10) will
// decide this instead, here and nowhere else.
import { KmsError } from '../../protocol/errors.js';
import type { OperationContext } from '../context.js';

export const administratorArn = (accountId: string): string => `arn:aws:iam::${accountId}:user/keyward-admin`;

export function requireAdministrator(ctx: OperationContext, action: string): void {
  const { principal, service } = ctx;
  if (principal.accountId !== service.scope.accountId || principal.arn !== administratorArn(service.scope.accountId)) {
    throw new KmsError('AccessDeniedException', `User: ${principal.arn} is not authorized to perform: keyward:${action} because only the installation's administrator may`);
  }
}
