// "Administrators only": the one check Keyward's operator operations (seal, barrier rotation) call. The policy engine
// decides it: the caller's identity-based policies (or a key policy, IAM union semantics) must allow `keyward:<Action>`
// on "*" — the first administrator (AdministratorAccess) may; other principals need a policy that says so.
import type { OperationContext } from '../context.js';

export function requireAdministrator(ctx: OperationContext, action: string): void | Promise<void> {
  return ctx.authorizeAccount(action);
}
