// AssumeRole: temporary credentials for a role session, when the role's trust policy lets the caller in. The session's
// permissions are the role's policies, limited by any session policies (inline Policy, PolicyArns); session tags become
// aws:PrincipalTag values over the role's own tags. DurationSeconds from 900 s up to the role's MaxSessionDuration
// (1 h when a role session assumes a role: role chaining). https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
import { deflateRawSync } from 'node:zlib';
import { KmsError } from '../../protocol/errors.js';
import { QueryError } from '../../protocol/query/errors.js';
import type { Principal } from '../../core/service.js';
import { malformedPolicy } from '../errors.js';
import { assumedRoleArn } from '../ids.js';
import type { Role } from '../model.js';
import { stsOperation, type IdentityContext } from '../operation.js';
import { checkPolicyGrammar } from '../policy-grammar.js';
import { issueSession } from '../sessions.js';

interface Input {
  RoleArn: string; RoleSessionName: string; Policy?: string; PolicyArns?: { arn?: string }[]; DurationSeconds?: number;
  Tags?: { Key: string; Value: string }[]; TransitiveTagKeys?: string[]; ExternalId?: string; SourceIdentity?: string;
}

/** The packed size limit of session policies and tags (AWS reports PackedPolicySize as a percentage of its limit). */
const PACKED_LIMIT = 2_048;
const SESSION_POLICY_CHARS = 2_048;
const CHAINED_MAX_SECONDS = 3_600;

const accessDenied = (caller: Principal, roleArn: string) =>
  new KmsError('AccessDeniedException', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);

/** The role an ARN names in this account, or AccessDenied (AWS does not tell a missing role from a refused one). */
function roleOf(ctx: IdentityContext, roleArn: string): Role {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:[^/]+\/)*([\w+=,.@-]+)$/.exec(roleArn);
  const role = m && m[1] === ctx.identity.scope.accountId ? ctx.identity.directory.entity('role', m[2]!) : undefined;
  if (!role || role.arn !== roleArn) throw accessDenied(ctx.principal, roleArn);
  return role;
}

function sessionTags(input: Input): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of input.Tags ?? []) {
    if (Object.keys(tags).some((k) => k.toLowerCase() === t.Key.toLowerCase())) {
      throw new QueryError('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    }
    tags[t.Key] = t.Value;
  }
  return tags;
}

function packedPercent(input: Input): number {
  const packed = deflateRawSync(Buffer.from(JSON.stringify([input.Policy ?? '', input.PolicyArns ?? [], input.Tags ?? []]))).length;
  return Math.ceil((packed / PACKED_LIMIT) * 100);
}

export const assumeRole = stsOperation<Input>({
  name: 'AssumeRole',
  resource: (_ctx, i) => i.RoleArn,
  action: null, // the trust policy (with the caller's identity policies) decides, in run()
  async run(ctx, input) {
    const caller = ctx.principal;
    const role = roleOf(ctx, input.RoleArn);
    const tags = sessionTags(input);
    ctx.identity.checkTrust(caller, role, { sessionName: input.RoleSessionName, sourceIdentity: input.SourceIdentity, tags });
    const seconds = input.DurationSeconds ?? 3_600;
    if (caller.role && seconds > CHAINED_MAX_SECONDS) {
      throw new QueryError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (seconds > role.data.maxSessionDuration) {
      throw new QueryError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    if (input.Policy !== undefined) {
      if (input.Policy.length > SESSION_POLICY_CHARS) throw new QueryError('ValidationError', `Session policy must be at most ${SESSION_POLICY_CHARS} characters.`);
      const problem = checkPolicyGrammar(input.Policy, 'session');
      if (problem !== undefined) throw malformedPolicy(problem);
    }
    const packed = packedPercent(input);
    if (packed > 100) {
      throw new QueryError('PackedPolicyTooLarge', `Packed size of session policies and session tags exceeds the limit (${packed}%).`);
    }
    const now = ctx.identity.now();
    const principal: Principal = {
      arn: assumedRoleArn(role.arn.split(':')[4]!, role.name, input.RoleSessionName), accountId: ctx.identity.scope.accountId,
      type: 'AssumedRole', userId: `${role.id}:${input.RoleSessionName}`, role: { name: role.name, arn: role.arn },
      session: {
        name: input.RoleSessionName, issuedAt: now, expiresAt: now + seconds * 1000, policy: input.Policy,
        policyArns: input.PolicyArns?.map((p) => p.arn!).filter(Boolean), tags, sourceIdentity: input.SourceIdentity,
      },
    };
    const credentials = await issueSession(ctx.identity.kms, principal);
    Object.assign(ctx.details, { roleArn: role.arn, roleSessionName: input.RoleSessionName, accessKeyId: credentials.AccessKeyId });
    return {
      Credentials: credentials, AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn }, PackedPolicySize: packed,
      ...(input.SourceIdentity !== undefined ? { SourceIdentity: input.SourceIdentity } : {}),
    };
  },
});
