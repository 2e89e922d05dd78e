// The facts an audit record keeps so its CloudTrail event can be rebuilt later (export, LookupEvents): what the
// record's own fields do not say. They travel in the record's `details` JSON under `event`, so the hash chain covers
// them and old records (without them) still verify and still map, with less detail.
import type { Principal } from '../../core/service.js';
import type { AuditHasher } from './audit-hasher.js';
import { eventParameters } from './event-parameters.js';
import { HASHED_MEMBERS, RESPONSE_RECORDED } from './sensitive-members.js';

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
}

/** What the dispatcher knows when it writes the record. */
export interface EventInputs {
  operation: string;
  principal: Principal;
  userAgent: string | undefined;
  input: Record<string, unknown> | undefined;
  output: Record<string, unknown> | undefined;
  errorMessage: string | undefined;
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
function safeMessage(message: string, input: Record<string, unknown> | undefined, hasher: AuditHasher): string {
  if (!input) return message;
  for (const name of HASHED_MEMBERS) {
    const v = input[name];
    const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [];
    for (const s of values) if (typeof s === 'string' && s.length > 0) message = message.split(s).join(hasher.hash(s));
  }
  return message;
}

export function eventFacts(i: EventInputs, hasher: AuditHasher): EventFacts {
  return {
    userAgent: i.userAgent?.slice(0, MAX_USER_AGENT),
    identity: identityFacts(i.principal),
    requestParameters: eventParameters(i.input, hasher),
    responseElements: RESPONSE_RECORDED.has(i.operation) && i.errorMessage === undefined ? eventParameters(i.output, hasher) : undefined,
    errorMessage: i.errorMessage === undefined ? undefined : safeMessage(i.errorMessage, i.input, hasher),
  };
}
