// AssumeRole: temporary credentials for a role session, when the role's trust policy lets the caller in. The session's
// permissions are the role's policies, limited by any session policies (inline Policy, PolicyArns); session tags become
// aws:PrincipalTag values over the role's own tags. The checks on the requested session are in session-request.ts.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
import { KmsError } from '../../protocol/errors.js';
import type { Principal } from '../../core/service.js';
import { assumedRoleArn } from '../ids.js';
import type { Role } from '../model.js';
import { stsOperation, type IdentityContext } from '../operation.js';
import { issueSession } from '../sessions.js';
import { refuseMfa } from './mfa.js';
import { checkSessionPolicy, packedPolicySize, sessionSeconds, sessionTags, sourceIdentity, type AssumeRoleInput } from './session-request.js';

const accessDenied = (caller: Principal, roleArn: string) =>
  new KmsError('AccessDeniedException', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);

/** The role an ARN names in this account, or AccessDenied (AWS does not tell a missing role from a refused one). */
function roleOf(ctx: IdentityContext, roleArn: string): Role {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:[^/]+\/)*([\w+=,.@-]+)$/.exec(roleArn);
  const role = m && m[1] === ctx.identity.scope.accountId ? ctx.identity.directory.entity('role', m[2]!) : undefined;
  if (!role || role.arn !== roleArn) throw accessDenied(ctx.principal, roleArn);
  return role;
}

/** The role session's principal: the assumed-role ARN (role name without its path) and AROA…:<session> as user id. */
interface SessionFacts { seconds: number; source: string | undefined; tags: Record<string, string>; transitive: string[] }

function sessionPrincipal(ctx: IdentityContext, role: Role, input: AssumeRoleInput, facts: SessionFacts): Principal {
  const now = ctx.identity.now();
  const { tags, transitive } = facts;
  return {
    arn: assumedRoleArn(role.arn.split(':')[4]!, role.name, input.RoleSessionName), accountId: ctx.identity.scope.accountId,
    type: 'AssumedRole', userId: `${role.id}:${input.RoleSessionName}`, role: { name: role.name, arn: role.arn },
    session: {
      name: input.RoleSessionName, issuedAt: now, expiresAt: now + facts.seconds * 1000, policy: input.Policy,
      policyArns: input.PolicyArns?.map((p) => p.arn!).filter(Boolean), tags,
      ...(transitive.length > 0 ? { transitiveTagKeys: transitive } : {}), sourceIdentity: facts.source,
    },
  };
}

export const assumeRole = stsOperation<AssumeRoleInput>({
  name: 'AssumeRole',
  resource: (_ctx, i) => i.RoleArn,
  action: null, // the trust policy (with the caller's identity policies) decides, in run()
  async run(ctx, input) {
    const caller = ctx.principal;
    const role = roleOf(ctx, input.RoleArn);
    const source = sourceIdentity(caller, role, input);
    const { tags, transitive } = sessionTags(caller, input);
    ctx.identity.checkTrust(caller, role, { sessionName: input.RoleSessionName, sourceIdentity: source, tags });
    refuseMfa(input.SerialNumber);
    const seconds = sessionSeconds(caller, role, input);
    checkSessionPolicy(input.Policy);
    const packed = packedPolicySize(input);
    const principal = sessionPrincipal(ctx, role, input, { seconds, source, tags, transitive });
    const credentials = await issueSession(ctx.identity.kms, principal);
    Object.assign(ctx.details, { roleArn: role.arn, roleSessionName: input.RoleSessionName, accessKeyId: credentials.AccessKeyId });
    return {
      Credentials: credentials, AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn }, PackedPolicySize: packed,
      ...(source !== undefined ? { SourceIdentity: source } : {}),
    };
  },
});
