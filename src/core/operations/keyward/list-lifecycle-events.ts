// ListLifecycleEvents: the lifecycle events (docs/extension-api.md lists the types), oldest first and paged, of one key
// or of all, optionally of some types only, each with its webhook delivery state. They include every request answered
// before this one (the audit follower runs first).
import { KmsError } from '../../../protocol/errors.js';
import { followAudit } from '../../lifecycle/audit-follower.js';
import { eventEntry } from '../../lifecycle/event-report.js';
import { EVENT_TYPES } from '../../lifecycle/event-rules.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineExtensionOperation } from '../../operation.js';
import { LIFECYCLE_EVENT, PAGE_OUTPUT, S } from './extension-shapes.js';

interface Input { KeyId?: string; EventTypes?: string[]; Limit?: number; Marker?: string }

export const listLifecycleEvents = defineExtensionOperation<Input>({
  name: 'ListLifecycleEvents',
  doc: 'Lists lifecycle events, oldest first: of one key (KeyId) or of every key, optionally only the given EventTypes. Each event is derived from an audit record (EventId is its sequence number, AuditHash its chain hash) and shows its webhook delivery state.',
  errors: ['NotFoundException', 'InvalidArnException', 'InvalidMarkerException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: {
    KeyId: { ...S.keyId(), required: false },
    EventTypes: { t: 'list', of: { t: 'enum', values: EVENT_TYPES, name: 'LifecycleEventType' }, min: 1, max: 32, name: 'LifecycleEventTypeList' },
    Limit: S.limit(), Marker: S.marker(),
  },
  output: { Events: { t: 'list', required: true, of: LIFECYCLE_EVENT, name: 'LifecycleEventList' }, ...PAGE_OUTPUT },
  async run(ctx, input) {
    let keyArn: string | undefined;
    if (input.KeyId !== undefined) keyArn = (await ctx.key(input.KeyId, 'ListLifecycleEvents', 'any')).arn;
    else await ctx.authorizeAccount('ListLifecycleEvents');
    const after = decodeMarker(input.Marker);
    if (after !== undefined && !/^\d+$/.test(after)) throw new KmsError('InvalidMarkerException', 'Invalid marker');
    await followAudit(ctx.service);
    const page = await ctx.service.store.lifecycle.events.list({ keyArn, types: input.EventTypes }, input.Limit ?? 100, after);
    return { Events: page.items.map(eventEntry), ...pageMembers(page) };
  },
});
