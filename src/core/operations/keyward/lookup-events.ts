// LookupEvents: the audit log as CloudTrail's LookupEvents answers it — newest first, filtered by time range and
// lookup attributes, paged with NextToken, each event with its CloudTrail JSON. Keyward accepts up to five attributes
// (all must hold; CloudTrail takes one) and adds ErrorCode, PrincipalArn, RequestId and HashedValue (records holding a
// value's HMAC: HashAuditValue). https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
import { KmsError } from '../../../protocol/errors.js';
import type { Field } from '../../../protocol/shape.js';
import type { AuditEventView, AuditFilter } from '../../ports.js';
import { defineExtensionOperation } from '../../operation.js';
import { keyArn, parseKeyRef } from '../../keys/arn.js';

const ATTRIBUTE_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId',
  'ErrorCode', 'PrincipalArn', 'RequestId', 'HashedValue'] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

interface Input {
  LookupAttributes?: { AttributeKey: AttributeKey; AttributeValue: string }[];
  StartTime?: number; EndTime?: number; MaxResults?: number; NextToken?: string;
}

const req = <T extends Field>(f: T): T => ({ ...f, required: true });
const RESOURCE: Field = {
  t: 'struct', name: 'Resource', doc: 'A resource the event is about.',
  fields: { ResourceType: { t: 'string', name: 'ResourceTypeString' }, ResourceName: { t: 'string', name: 'ResourceNameString' } },
};
const EVENT: Field = {
  t: 'struct', name: 'AuditEvent', doc: 'One audit event, as CloudTrail LookupEvents lists it.',
  fields: {
    EventId: req({ t: 'string', name: 'EventIdString' }), EventName: req({ t: 'string', name: 'EventNameString' }),
    ReadOnly: req({ t: 'string', name: 'ReadOnlyString', doc: "'true' or 'false', as CloudTrail writes it." }),
    AccessKeyId: { t: 'string', name: 'AccessKeyIdString' }, EventTime: req({ t: 'timestamp' }),
    EventSource: req({ t: 'string', name: 'EventSourceString' }), Username: { t: 'string', name: 'UsernameString' },
    Resources: req({ t: 'list', of: RESOURCE, name: 'ResourceList' }),
    CloudTrailEvent: req({ t: 'string', name: 'CloudTrailEventString', doc: 'The whole event as CloudTrail JSON text (docs/audit.md).' }),
  },
};

/** The record operations an event name stands for (KMS and Keyward names are bare; IAM and STS ones prefixed). */
const operationsOf = (name: string) => [name, `iam:${name}`, `sts:${name}`, `keyward:${name}`];

const SOURCES = ['kms.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com', 'keyward'];

/** What the store filters; EventSource and ReadOnly are decided on each record's event (postFilter). */
function filterOf(attrs: ReadonlyMap<AttributeKey, string>, input: Input, scope: { accountId: string; region: string }): AuditFilter {
  const v = (k: AttributeKey) => attrs.get(k);
  const f: AuditFilter = {
    operations: v('EventName') === undefined ? undefined : operationsOf(v('EventName')!),
    principalName: v('Username'), principal: v('PrincipalArn'), accessKeyId: v('AccessKeyId'), requestId: v('RequestId'),
    errorCode: v('ErrorCode'), detailsContain: v('HashedValue'),
  };
  const resource = v('ResourceName');
  if (resource !== undefined) {
    const ref = resource.startsWith('arn:') ? undefined : parseKeyRef(resource, 'any', scope);
    f.keyArn = ref?.kind === 'key' ? keyArn(scope, ref.keyId) : resource;
  }
  if (v('ResourceType') !== undefined && v('ResourceType') !== 'AWS::KMS::Key') f.operations = [];
  const id = v('EventId');
  if (id !== undefined) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new KmsError('ValidationException', `EventId ${id} is not a Keyward event id.`);
    f.hashPrefix = id.replace(/-/g, '');
  }
  if (input.StartTime !== undefined) f.startTime = input.StartTime * 1000;
  if (input.EndTime !== undefined) f.endTime = input.EndTime * 1000;
  if (f.startTime !== undefined && f.endTime !== undefined && f.startTime > f.endTime) {
    throw new KmsError('ValidationException', 'StartTime must be before EndTime.');
  }
  return f;
}

function postFilter(attrs: ReadonlyMap<AttributeKey, string>): (e: { eventSource: string; readOnly?: unknown }) => boolean {
  const source = attrs.get('EventSource');
  const readOnly = attrs.get('ReadOnly');
  if (source !== undefined && !SOURCES.includes(source)) throw new KmsError('ValidationException', `EventSource must be one of ${SOURCES.join(', ')}.`);
  if (readOnly !== undefined && readOnly !== 'true' && readOnly !== 'false') throw new KmsError('ValidationException', "ReadOnly must be 'true' or 'false'.");
  return (e) => (source === undefined || e.eventSource === source) && (readOnly === undefined || String(e.readOnly) === readOnly);
}

/** Records scanned per call at most when EventSource or ReadOnly leave some out (fewer results then come with a NextToken). */
const MAX_SCAN = 5000;

export const lookupEvents = defineExtensionOperation<Input>({
  name: 'LookupEvents',
  doc: "Lists audit events newest first, filtered as CloudTrail's LookupEvents: StartTime, EndTime, and LookupAttributes (EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId; and Keyward's ErrorCode, PrincipalArn, RequestId, HashedValue), all of which must hold. Each event carries its CloudTrail JSON.",
  errors: ['ValidationException', 'InvalidMarkerException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: {
    LookupAttributes: {
      t: 'list', max: 5, name: 'LookupAttributesList',
      of: { t: 'struct', name: 'LookupAttribute', fields: {
        AttributeKey: req({ t: 'enum', values: ATTRIBUTE_KEYS, name: 'LookupAttributeKey' }),
        AttributeValue: req({ t: 'string', min: 1, max: 2000, name: 'LookupAttributeValue' }),
      } },
    },
    StartTime: { t: 'timestamp' }, EndTime: { t: 'timestamp' },
    MaxResults: { t: 'int', min: 1, max: 50, name: 'MaxResults' },
    NextToken: { t: 'string', min: 1, max: 1024, name: 'NextToken' },
  },
  output: { Events: req({ t: 'list', of: EVENT, name: 'AuditEventList' }), NextToken: { t: 'string', min: 1, max: 1024, name: 'NextToken' } },
  async run(ctx, input) {
    await ctx.authorizeAccount('LookupEvents');
    const view = ctx.service.deps.auditEvents;
    if (!view) throw new KmsError('KMSInternalException', 'The audit event view is not configured.');
    const attrs = new Map((input.LookupAttributes ?? []).map((a) => [a.AttributeKey, a.AttributeValue]));
    if (attrs.size !== (input.LookupAttributes ?? []).length) throw new KmsError('ValidationException', 'Each AttributeKey may be given once.');
    const filter = filterOf(attrs, input, ctx.scope);
    const keep = postFilter(attrs);
    if (input.NextToken !== undefined) {
      const before = /^kw1:(\d+)$/.exec(input.NextToken);
      if (!before) throw new KmsError('InvalidMarkerException', 'Invalid NextToken');
      filter.beforeSeq = Number(before[1]);
    }
    const limit = input.MaxResults ?? 50;
    const events: Record<string, unknown>[] = [];
    let scanned = 0;
    let more = true;
    while (events.length < limit && more && scanned < MAX_SCAN) {
      const batch = await ctx.service.store.searchAudit(filter, Math.min(500, MAX_SCAN - scanned));
      more = batch.length === Math.min(500, MAX_SCAN - scanned);
      for (const r of batch) {
        scanned++;
        filter.beforeSeq = r.seq;
        const e = view.event(r);
        if (!keep(e)) continue;
        events.push(entry(e, r.accessKeyId, r.time));
        if (events.length === limit) break;
      }
    }
    // Older records may remain when the page filled up or the scan stopped early: the token continues below the last seen.
    const maybeMore = (events.length === limit || more) && filter.beforeSeq !== undefined;
    return { Events: events, ...(maybeMore ? { NextToken: `kw1:${filter.beforeSeq}` } : {}) };
  },
});

function entry(e: ReturnType<AuditEventView['event']>, accessKeyId: string | undefined, time: number): Record<string, unknown> {
  const who = e.userIdentity as { userName?: string; arn?: string };
  return {
    EventId: e.eventID, EventName: e.eventName, ReadOnly: String(e.readOnly), AccessKeyId: accessKeyId,
    EventTime: Math.floor(time / 1000), EventSource: e.eventSource, Username: who.userName ?? who.arn?.split('/').pop(),
    Resources: (e.resources as { ARN: string; type: string }[]).map((x) => ({ ResourceType: x.type, ResourceName: x.ARN })),
    CloudTrailEvent: JSON.stringify(e),
  };
}
