// AcknowledgeAlert: marks an OPEN anomaly alert as seen (docs/anomaly.md), recording who, when and an optional note;
// later occurrences raise a new alert rather than counting into an acknowledged one. Authorised as
// keyward:AcknowledgeAlert on the account.
import { KmsError } from '../../../protocol/errors.js';
import { alertEntry } from '../../anomaly/alert-report.js';
import { defineExtensionOperation } from '../../operation.js';
import { ACKNOWLEDGEMENT_NOTE, ALERT, ALERT_ID } from './alert-shapes.js';

interface Input { AlertId: string; Note?: string }

export const acknowledgeAlert = defineExtensionOperation<Input>({
  name: 'AcknowledgeAlert',
  doc: 'Acknowledges an OPEN anomaly alert: its State becomes ACKNOWLEDGED with the caller, the time and the Note. Further occurrences raise a new alert.',
  errors: ['NotFoundException', 'KMSInvalidStateException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { AlertId: ALERT_ID, Note: { ...ACKNOWLEDGEMENT_NOTE, doc: 'Why it is acknowledged (kept with the alert).' } },
  output: { Alert: { ...ALERT, required: true } },
  async run(ctx, input) {
    await ctx.authorizeAccount('AcknowledgeAlert');
    const anomaly = ctx.service.deps.anomaly;
    await anomaly?.flush(); // the alert may have been raised a moment ago, still queued
    const alerts = ctx.service.store.alerts;
    const outcome = await alerts.acknowledge(input.AlertId, ctx.principal.arn, ctx.service.now(), input.Note);
    if (outcome === 'missing') throw new KmsError('NotFoundException', `Alert '${input.AlertId}' does not exist. ListAlerts shows the alerts there are.`);
    const alert = (await alerts.get(input.AlertId))!;
    if (outcome === 'not-open') {
      throw new KmsError('KMSInvalidStateException', `Alert '${input.AlertId}' was acknowledged already by ${alert.acknowledgedBy} at ${new Date(alert.acknowledgedAt!).toISOString()}.`);
    }
    anomaly?.acknowledged(input.AlertId);
    ctx.audit.details = { alertId: input.AlertId, alertType: alert.type };
    return { Alert: alertEntry(alert) };
  },
});
