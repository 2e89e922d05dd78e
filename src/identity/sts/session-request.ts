// What AssumeRole checks of the session it is asked for, as rules beside the operation: the duration's bounds (the
// role's MaxSessionDuration, one hour when a role session assumes a role), the session policy's plaintext size and
// grammar, session tags (keys unique regardless of case, transitive ones passed on through role chaining and not
// overridable), the source identity (fixed once set in a chain) and the packed size of policies and tags.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
import { deflateRawSync } from 'node:zlib';
import type { Principal } from '../../core/service.js';
import { KmsError } from '../../protocol/errors.js';
import { QueryError } from '../../protocol/query/errors.js';
import { checkGrammar } from '../iam/documents.js';
import type { Role } from '../model.js';

export interface AssumeRoleInput {
  RoleArn: string; RoleSessionName: string; Policy?: string; PolicyArns?: { arn?: string }[]; DurationSeconds?: number;
  Tags?: { Key: string; Value: string }[]; TransitiveTagKeys?: string[]; ExternalId?: string; SourceIdentity?: string;
  SerialNumber?: string; TokenCode?: string;
}

/** The packed size AWS reports as PackedPolicySize is a percentage of this many bytes of compressed policies and tags. */
const PACKED_LIMIT = 2_048;
/** "The plaintext that you use for both inline and managed session policies can't exceed 2,048 characters." */
const SESSION_POLICY_CHARS = 2_048;
/** "role chaining limits your AWS CLI or AWS API role session to a maximum of one hour" (IAM roles terms). */
const CHAINED_MAX_SECONDS = 3_600;
const DEFAULT_SECONDS = 3_600;

const invalidParameter = (message: string) => new QueryError('InvalidParameterValue', message);
const sameKey = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The session's length in seconds: 900 (by the model) up to the role's maximum, and one hour when chained. */
export function sessionSeconds(caller: Principal, role: Role, input: AssumeRoleInput): number {
  const seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
  if (caller.role && seconds > CHAINED_MAX_SECONDS) {
    throw new QueryError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (seconds > role.data.maxSessionDuration) {
    throw new QueryError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return seconds;
}

/** The inline session policy: at most 2,048 characters of plaintext and valid grammar (MalformedPolicyDocument). */
export function checkSessionPolicy(policy: string | undefined): void {
  if (policy === undefined) return;
  if (policy.length > SESSION_POLICY_CHARS) {
    throw new QueryError('ValidationError',
      `1 validation error detected: Value '${policy}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to ${SESSION_POLICY_CHARS}`);
  }
  checkGrammar(policy, 'session');
}

/** The session's tags and which of them are transitive: the request's, plus the transitive ones a chained caller had. */
export function sessionTags(caller: Principal, input: AssumeRoleInput): { tags: Record<string, string>; transitive: string[] } {
  const tags: Record<string, string> = {};
  for (const t of input.Tags ?? []) {
    if (Object.keys(tags).some((k) => sameKey(k, t.Key))) {
      throw invalidParameter('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    }
    tags[t.Key] = t.Value;
  }
  const transitive = (input.TransitiveTagKeys ?? []).map((k) => {
    const tag = Object.keys(tags).find((t) => sameKey(t, k));
    if (tag === undefined) throw invalidParameter(`Transitive tag key ${k} is not one of the session tags.`);
    return tag;
  });
  const inherited = caller.session?.transitiveTagKeys ?? [];
  for (const k of inherited) {
    // "If you try to pass the Heart = 3 session tag, the operation will fail" (chaining roles with session tags).
    if (Object.keys(tags).some((t) => sameKey(t, k))) throw invalidParameter(`Tag key ${k} is a transitive tag of the calling session and cannot be changed.`);
    tags[k] = caller.session!.tags[k]!;
    transitive.push(k);
  }
  return { tags, transitive };
}

/** The source identity: once a session has one, sessions it assumes keep it and may not name another. */
export function sourceIdentity(caller: Principal, role: Role, input: AssumeRoleInput): string | undefined {
  const inherited = caller.session?.sourceIdentity;
  if (inherited !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== inherited) {
    throw new KmsError('AccessDeniedException', `User: ${caller.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${role.arn}`);
  }
  return input.SourceIdentity ?? inherited;
}

/**
 * PackedPolicySize: the session policies and the request's tags compressed, as a percentage of the limit; over 100 the
 * request fails with AWS's texts ("Packed size of session tags consumes 142% of allotted space.").
 */
export function packedPolicySize(input: AssumeRoleInput): number {
  const packed = deflateRawSync(Buffer.from(JSON.stringify([input.Policy ?? '', input.PolicyArns ?? [], input.Tags ?? []]))).length;
  const percent = Math.ceil((packed / PACKED_LIMIT) * 100);
  if (percent > 100) {
    const text = input.Tags?.length ? `Packed size of session tags consumes ${percent}% of allotted space.` : `Packed policy consumes ${percent}% of allotted space`;
    throw new QueryError('PackedPolicyTooLarge', text);
  }
  return percent;
}
