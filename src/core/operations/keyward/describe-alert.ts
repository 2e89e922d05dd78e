// DescribeAlert: one anomaly alert by id (docs/anomaly.md), with the occurrences observed before this request.
// Authorised as keyward:DescribeAlert on the account.
import { KmsError } from '../../../protocol/errors.js';
import { alertEntry } from '../../anomaly/alert-report.js';
import { defineExtensionOperation } from '../../operation.js';
import { ALERT, ALERT_ID } from './alert-shapes.js';

interface Input { AlertId: string }

export const describeAlert = defineExtensionOperation<Input>({
  name: 'DescribeAlert',
  doc: 'Returns one anomaly alert: its type, severity, key, principal, first and last occurrence, count, details and acknowledgement.',
  errors: ['NotFoundException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { AlertId: ALERT_ID },
  output: { Alert: { ...ALERT, required: true } },
  async run(ctx, input) {
    await ctx.authorizeAccount('DescribeAlert');
    await ctx.service.deps.anomaly?.flush();
    const alert = await ctx.service.store.alerts.get(input.AlertId);
    if (!alert) throw new KmsError('NotFoundException', `Alert '${input.AlertId}' does not exist. ListAlerts shows the alerts there are.`);
    return { Alert: alertEntry(alert) };
  },
});
