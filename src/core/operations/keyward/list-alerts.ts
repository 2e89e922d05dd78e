// ListAlerts: anomaly alerts (docs/anomaly.md), newest first and paged, optionally only of one state, type or key. They
// include every occurrence observed before this request (the detector's queue is written first). Authorised as
// keyward:ListAlerts on the account: alerts name principals and keys across the installation.
import { KmsError } from '../../../protocol/errors.js';
import type { AlertState, AlertType } from '../../anomaly/alert-model.js';
import { alertEntry } from '../../anomaly/alert-report.js';
import { keyArn, parseKeyRef } from '../../keys/arn.js';
import { decodeMarker, pageMembers } from '../../marker.js';
import { defineExtensionOperation } from '../../operation.js';
import { ALERT, ALERT_STATE, ALERT_TYPE } from './alert-shapes.js';
import { PAGE_OUTPUT, S } from './extension-shapes.js';

interface Input { State?: AlertState; AlertType?: AlertType; KeyId?: string; Limit?: number; Marker?: string }

export const listAlerts = defineExtensionOperation<Input>({
  name: 'ListAlerts',
  doc: 'Lists anomaly alerts, newest first: optionally only those in State (OPEN or ACKNOWLEDGED), of AlertType, or about KeyId (a key id or key ARN; the key may be deleted since).',
  errors: ['NotFoundException', 'InvalidMarkerException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: {
    State: ALERT_STATE, AlertType: ALERT_TYPE,
    KeyId: { ...S.keyId(), required: false, doc: 'Only alerts about this key (key id or key ARN).' },
    Limit: S.limit(), Marker: S.marker(),
  },
  output: { Alerts: { t: 'list', required: true, of: ALERT, name: 'AlertList' }, ...PAGE_OUTPUT },
  async run(ctx, input) {
    await ctx.authorizeAccount('ListAlerts');
    let arn: string | undefined;
    if (input.KeyId !== undefined) {
      const ref = parseKeyRef(input.KeyId, 'idOrArn', ctx.scope);
      if (ref.kind !== 'key') throw new KmsError('NotFoundException', `Invalid keyId '${input.KeyId}'`);
      arn = keyArn(ctx.scope, ref.keyId);
    }
    const after = decodeMarker(input.Marker);
    if (after !== undefined && !/^\d+$/.test(after)) throw new KmsError('InvalidMarkerException', 'Invalid marker');
    await ctx.service.deps.anomaly?.flush();
    const page = await ctx.service.store.alerts.list({ state: input.State, type: input.AlertType, keyArn: arn }, input.Limit ?? 100, after);
    return { Alerts: page.items.map(alertEntry), ...pageMembers(page) };
  },
});
