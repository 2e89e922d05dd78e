// The member shapes of the anomaly alert operations (ListAlerts, DescribeAlert, AcknowledgeAlert; docs/anomaly.md).
import type { Field } from '../../../protocol/shape.js';
import { ALERT_SEVERITIES, ALERT_STATES, ALERT_TYPE_NAMES } from '../../anomaly/alert-model.js';
import { S } from './extension-shapes.js';

const req = <T extends Field>(f: T): T => ({ ...f, required: true });

export const ALERT_ID: Field = { t: 'string', required: true, min: 36, max: 36, name: 'AlertIdType', doc: 'The alert\'s id (a UUID).' };
export const ALERT_TYPE: Field = { t: 'enum', values: ALERT_TYPE_NAMES, name: 'AlertType' };
export const ALERT_STATE: Field = { t: 'enum', values: ALERT_STATES, name: 'AlertState' };
const PRINCIPAL: Field = { t: 'string', min: 1, max: 2048, name: 'PrincipalType' };
const NOTE: Field = { t: 'string', min: 1, max: 1024, name: 'AcknowledgementNoteType' };

export const ALERT: Field = {
  t: 'struct', name: 'Alert', doc: 'An anomaly alert: what a detector found, how often (occurrences coalesced), and whether someone acknowledged it.',
  fields: {
    AlertId: ALERT_ID,
    AlertType: req(ALERT_TYPE),
    Severity: req({ t: 'enum', values: ALERT_SEVERITIES, name: 'AlertSeverity' }),
    KeyId: S.keyArn(),
    Principal: PRINCIPAL,
    SourceAddress: { t: 'string', min: 1, max: 256, name: 'SourceAddressType', doc: 'The source address of the occurrence that raised it.' },
    FirstSeenDate: req(S.timestamp()),
    LastSeenDate: req(S.timestamp()),
    Count: req({ ...S.long('Occurrences coalesced into the alert.'), t: 'long' }),
    Details: req({ t: 'string', min: 2, max: 65_536, name: 'DetailsJsonType', doc: 'JSON object: what the detector saw (thresholds, counts, the new network or context key).' }),
    State: req(ALERT_STATE),
    AcknowledgedBy: PRINCIPAL,
    AcknowledgedDate: S.timestamp(),
    AcknowledgementNote: NOTE,
  },
};

export { NOTE as ACKNOWLEDGEMENT_NOTE };
