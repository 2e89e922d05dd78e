// The checks AWS applies to a key policy a caller supplies (CreateKey, PutKeyPolicy): the policy grammar and the key
// policy rules (MalformedPolicyDocumentException), principals that must exist ("invalid principals"), and unless
// BypassPolicyLockoutSafetyCheck, the lockout safety check: the caller must still be able to PutKeyPolicy afterwards.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
import type { Principal, RequestFacts } from '../core/service.js';
import type { IdentityDirectory } from '../identity/directory.js';
import { KmsError } from '../protocol/errors.js';
import {
  compilePolicy, parsePolicy, PolicyGrammarError, policyPrincipals, wouldLockOut, type ConditionContext, type NamedPrincipal,
  type PolicyDocument,
} from '../policy/index.js';
import type { CallerPolicies } from './authorizer.js';

export const LOCKOUT_MESSAGE = 'The new key policy will not allow you to update the key policy in the future.';
export const INVALID_PRINCIPALS_MESSAGE = 'Policy contains a statement with one or more invalid principals.';

interface Request {
  principal: Principal;
  keyArn: string;
  bypassLockout: boolean;
  request: RequestFacts;
  directory: IdentityDirectory;
  caller: CallerPolicies;
  context: ConditionContext;
}

/** Whether an AWS principal of this account names a user or role that exists (other accounts cannot be checked). */
function exists(p: NamedPrincipal, accountId: string, directory: IdentityDirectory): boolean {
  if (p.type !== 'AWS') return true;
  const m = /^arn:aws:(iam|sts)::(\d{12}):(user|role|assumed-role)((?:\/[\w+=,.@-]+)+)$/.exec(p.value);
  if (!m || m[2] !== accountId) return true;
  const parts = m[4]!.split('/').filter(Boolean);
  if (m[3] === 'assumed-role') return directory.entity('role', parts[0]!) !== undefined;
  const entity = directory.entity(m[3] as 'user' | 'role', parts[parts.length - 1]!);
  return entity !== undefined && entity.arn === p.value;
}

export function checkKeyPolicy(policy: string, r: Request): void {
  let doc: PolicyDocument;
  try {
    doc = parsePolicy(policy, 'resource', { keyPolicy: true });
  } catch (err) {
    if (err instanceof PolicyGrammarError) throw new KmsError('MalformedPolicyDocumentException', err.message);
    throw err;
  }
  if (!policyPrincipals(doc).every((p) => exists(p, r.principal.accountId, r.directory))) {
    throw new KmsError('MalformedPolicyDocumentException', INVALID_PRINCIPALS_MESSAGE);
  }
  if (r.bypassLockout) return;
  const lockedOut = wouldLockOut(compilePolicy(doc), {
    principal: r.caller.principal, action: 'kms:PutKeyPolicy', resource: r.keyArn, identityPolicies: r.caller.identity,
    ...(r.caller.session ? { sessionPolicies: r.caller.session } : {}), context: r.context,
  });
  if (lockedOut) throw new KmsError('MalformedPolicyDocumentException', LOCKOUT_MESSAGE);
}
