// An audit record as a CloudTrail event (eventVersion 1.09): the shape SIEMs and CloudTrail tooling already read, for
// KMS, IAM, STS, Keyward's extension operations and the system's own actions (eventType AwsServiceEvent).
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
import type { AuditRecord } from '../../core/model.js';
import { KEYWARD_OPERATIONS } from '../../core/operations/registry.js';
import { SYSTEM_PRINCIPAL } from '../../core/lifecycle/system-audit.js';
import type { EventFacts, IdentityFacts } from './event-facts.js';
import { READ_ONLY_OPERATIONS } from './sensitive-members.js';

export const EVENT_VERSION = '1.09';
/** eventSource of Keyward's extension operations (KeywardService.*): no AWS service name is claimed for them. */
export const KEYWARD_EVENT_SOURCE = 'keyward';

export interface Scope {
  accountId: string;
  region: string;
}

export type CloudTrailEvent = Record<string, unknown> & { eventID: string; eventName: string; eventSource: string; eventTime: string };

/** `iam:CreateUser` → iam.amazonaws.com / CreateUser; `Encrypt` → kms.amazonaws.com; `ArchiveKey` → keyward. */
export function eventSourceAndName(operation: string): { eventSource: string; eventName: string } {
  const colon = operation.indexOf(':');
  if (colon > 0) {
    const service = operation.slice(0, colon);
    const name = operation.slice(colon + 1);
    return { eventSource: service === 'keyward' ? KEYWARD_EVENT_SOURCE : `${service}.amazonaws.com`, eventName: name };
  }
  return { eventSource: KEYWARD_OPERATIONS.has(operation) ? KEYWARD_EVENT_SOURCE : 'kms.amazonaws.com', eventName: operation };
}

// Events of one batch share their second: the text of the last one is kept.
let lastSecond = NaN;
let lastIso = '';
function isoSeconds(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastIso = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = second;
  }
  return lastIso;
}

/** A stable event id: the record's chain hash as a UUID (the same record always has the same id). */
const eventId = (hash: string) => `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;

function userIdentity(r: AuditRecord, who: IdentityFacts | undefined, scope: Scope, eventSource: string): Record<string, unknown> {
  if (r.principal === SYSTEM_PRINCIPAL) return { type: 'AWSService', invokedBy: eventSource, accountId: scope.accountId };
  if (r.principal === '-' || !who) return { type: 'Unknown', ...(r.accessKeyId ? { accessKeyId: r.accessKeyId } : {}) };
  const accountId = r.principal.split(':')[4] ?? scope.accountId;
  // Objects are built by assignment: on Node 20 each spread after the first in a literal takes V8's slow path, and this
  // runs once per exported event.
  const attributes = who.sessionIssuedAt === undefined ? undefined
    : { creationDate: isoSeconds(who.sessionIssuedAt), mfaAuthenticated: 'false' };
  const out: Record<string, unknown> = {
    type: who.type === 'AssumedRole' ? 'AssumedRole' : 'IAMUser', principalId: who.principalId, arn: r.principal, accountId, accessKeyId: r.accessKeyId,
  };
  if (who.type === 'AssumedRole') {
    const sessionContext: Record<string, unknown> = {
      sessionIssuer: { type: 'Role', principalId: who.principalId.split(':')[0], arn: who.roleArn, accountId, userName: who.roleName },
      attributes,
    };
    if (who.sourceIdentity) sessionContext.sourceIdentity = who.sourceIdentity;
    out.sessionContext = sessionContext;
    return out;
  }
  out.userName = who.userName;
  if (attributes) out.sessionContext = { attributes };
  return out;
}

function factsOf(r: AuditRecord): { facts: EventFacts; rest: Record<string, unknown> | undefined } {
  if (!r.details) return { facts: {}, rest: undefined };
  try {
    const { event, ...rest } = JSON.parse(r.details) as { event?: EventFacts } & Record<string, unknown>;
    return { facts: event ?? {}, rest: Object.keys(rest).length > 0 ? rest : undefined };
  } catch {
    return { facts: {}, rest: undefined };
  }
}

export function cloudTrailEvent(r: AuditRecord, scope: Scope): CloudTrailEvent {
  const { eventSource, eventName } = eventSourceAndName(r.operation);
  const { facts, rest } = factsOf(r);
  const system = r.principal === SYSTEM_PRINCIPAL;
  const keyAccount = r.keyArn?.split(':')[4];
  const event: Record<string, unknown> = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(r, facts.identity, scope, eventSource),
    eventTime: isoSeconds(r.time),
    eventSource, eventName,
    // The request's Region (recorded when not the home Region), else the key's, else the home Region.
    awsRegion: facts.region ?? r.keyArn?.split(':')[3] ?? scope.region,
    sourceIPAddress: system ? eventSource : r.sourceAddress,
    userAgent: system ? eventSource : facts.userAgent ?? '',
  };
  if (r.errorCode) {
    event.errorCode = r.errorCode;
    event.errorMessage = facts.errorMessage ?? '';
  }
  const additional: Record<string, unknown> = { auditSeq: r.seq, auditHash: r.hash };
  if (r.keyVersion !== undefined) additional.keyVersion = r.keyVersion;
  if (rest) additional.details = rest;
  return Object.assign(event, {
    requestParameters: facts.requestParameters ?? null,
    responseElements: facts.responseElements ?? null,
    additionalEventData: additional,
    requestID: r.requestId,
    eventID: eventId(r.hash),
    readOnly: READ_ONLY_OPERATIONS.has(r.operation) || /^(List|Describe|Get)/.test(eventName),
    resources: r.keyArn ? [{ accountId: keyAccount, type: 'AWS::KMS::Key', ARN: r.keyArn }] : [],
    eventType: system ? 'AwsServiceEvent' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: scope.accountId,
    eventCategory: 'Management',
  }) as unknown as CloudTrailEvent;
}
