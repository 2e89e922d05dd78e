// The facts an audit record keeps so its CloudTrail event can be rebuilt later (export, LookupEvents): what the
// record's own fields do not say. They travel in the record's `details` JSON under `event`, so the hash chain covers
// them and old records (without them) still verify and still map, with less detail.
import type { Principal } from '../../core/service.js';
import type { AuditHasher } from './audit-hasher.js';
import { eventParameters } from './event-parameters.js';
import { HASHED_BY_OPERATION, HASHED_MEMBERS, RESPONSE_RECORDED } from './sensitive-members.js';

type Json = ReturnType<typeof eventParameters>;

/** Who called, beyond the ARN and access key id the record holds. */
export interface IdentityFacts {
  type: Principal['type'];
  principalId: string;
  userName?: string | undefined;
  roleArn?: string | undefined;
  roleName?: string | undefined;
  /** Temporary credentials: when issued (epoch ms). */
  sessionIssuedAt?: number | undefined;
  sourceIdentity?: string | undefined;
}

export interface EventFacts {
  userAgent?: string | undefined;
  identity?: IdentityFacts | undefined;
  requestParameters?: Json | undefined;
  responseElements?: Json | undefined;
  errorMessage?: string | undefined;
  /** The Region the request was made in, when not the installation's home Region (the event's awsRegion). */
  region?: string | undefined;
}

/** What the dispatcher knows when it writes the record. */
export interface EventInputs {
  operation: string;
  principal: Principal;
  userAgent: string | undefined;
  input: Record<string, unknown> | undefined;
  output: Record<string, unknown> | undefined;
  errorMessage: string | undefined;
  region?: string | undefined;
}

const MAX_USER_AGENT = 1024;

function identityFacts(p: Principal): IdentityFacts | undefined {
  if (p.type === 'Anonymous') return undefined;
  return {
    type: p.type, principalId: p.userId, userName: p.userName, roleArn: p.role?.arn, roleName: p.role?.name,
    sessionIssuedAt: p.session?.issuedAt, sourceIdentity: p.session?.sourceIdentity,
  };
}

/** Error texts can quote the input (validation messages): hashed members' values are replaced by their HMAC. */
function safeMessage(message: string, input: Record<string, unknown> | undefined, hasher: AuditHasher, extra: readonly string[] = []): string {
  if (!input) return message;
  for (const name of [...HASHED_MEMBERS, ...extra]) {
    const v = input[name];
    const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [];
    for (const s of values) if (typeof s === 'string' && s.length > 0) message = message.split(s).join(hasher.hash(s));
  }
  return message;
}

/** The input with the operation's own sensitive top-level members replaced by their HMAC. */
function operationHashed(operation: string, input: Record<string, unknown> | undefined, hasher: AuditHasher): Record<string, unknown> | undefined {
  const names = Object.hasOwn(HASHED_BY_OPERATION, operation) ? HASHED_BY_OPERATION[operation]! : undefined;
  if (!input || !names) return input;
  const out = Object.assign({}, input); // not a spread: on Node 20 a spread clone that then changes is slow
  for (const n of names) if (typeof out[n] === 'string') out[n] = hasher.hash(out[n] as string);
  return out;
}

export function eventFacts(i: EventInputs, hasher: AuditHasher): EventFacts {
  const input = operationHashed(i.operation, i.input, hasher);
  return {
    userAgent: i.userAgent?.slice(0, MAX_USER_AGENT),
    identity: identityFacts(i.principal),
    requestParameters: eventParameters(input, hasher),
    responseElements: RESPONSE_RECORDED.has(i.operation) && i.errorMessage === undefined ? eventParameters(i.output, hasher) : undefined,
    errorMessage: i.errorMessage === undefined ? undefined : safeMessage(i.errorMessage, i.input, hasher, HASHED_BY_OPERATION[i.operation]),
    region: i.region,
  };
}
