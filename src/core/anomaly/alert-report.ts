// An alert as ListAlerts, DescribeAlert and AcknowledgeAlert return it (shape Alert in
// core/operations/keyward/alert-shapes.ts).
import { epochSeconds } from '../keys/key-metadata.js';
import type { AlertRecord } from './alert-model.js';

export function alertEntry(a: AlertRecord): Record<string, unknown> {
  return {
    AlertId: a.alertId, AlertType: a.type, Severity: a.severity,
    ...(a.keyArn !== undefined ? { KeyId: a.keyArn } : {}), ...(a.principal !== undefined ? { Principal: a.principal } : {}),
    ...(a.source !== undefined ? { SourceAddress: a.source } : {}),
    FirstSeenDate: epochSeconds(a.firstSeen), LastSeenDate: epochSeconds(a.lastSeen), Count: a.count, Details: a.details, State: a.state,
    ...(a.acknowledgedBy !== undefined ? { AcknowledgedBy: a.acknowledgedBy } : {}),
    ...(a.acknowledgedAt !== undefined ? { AcknowledgedDate: epochSeconds(a.acknowledgedAt) } : {}),
    ...(a.acknowledgementNote !== undefined ? { AcknowledgementNote: a.acknowledgementNote } : {}),
  };
}
