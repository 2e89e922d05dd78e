// The member shapes Keyward's extension operations share (docs/extension-api.md), named as the generated botocore model
// names them. Inputs follow AWS KMS's conventions (KeyId 1–2048, Limit 1–1000, opaque Marker, epoch-second timestamps).
import { AWS_KEY_STATES, ORIGIN_TYPES } from '../../../protocol/enums.js';
import { F, type Field, type Shape } from '../../../protocol/shape.js';
import { REPORTED_VERSION_STATES, WINDOW_MODES } from '../../lifecycle/lifecycle-model.js';

const req = <T extends Field>(f: T): T => ({ ...f, required: true });

export const S = {
  keyId: (): Field => F.keyId(),
  keyArn: (): Field => ({ t: 'string', min: 20, max: 2048, name: 'ArnType', doc: 'The key ARN.' }),
  keyVersion: (required = true): Field => ({ t: 'int', required, min: 1, max: 4_294_967_295, name: 'KeyVersionType' }),
  timestamp: (doc?: string): Field => ({ t: 'timestamp', doc }),
  long: (doc?: string): Field => ({ t: 'long', min: 0, doc }),
  reason: (required: boolean): Field => ({ t: 'string', required, min: 1, max: 256, name: 'ReasonType' }),
  limit: (): Field => F.limit(),
  marker: (): Field => F.marker(),
  awsKeyState: (): Field => ({ t: 'enum', values: AWS_KEY_STATES, name: 'KeyState' }),
  windowMode: (): Field => ({ t: 'enum', values: WINDOW_MODES, name: 'ReactivationMode' }),
} as const;

/** The paging members of a List* response. */
export const PAGE_OUTPUT: Shape = {
  NextMarker: { ...F.marker(), doc: 'Pass as Marker to get the next page.' },
  Truncated: { t: 'bool', required: true, doc: 'Whether there are more items (then NextMarker is set).' },
};

export const OPERATION_COUNT: Field = {
  t: 'struct', name: 'OperationCount', doc: 'How often one operation used the key version, on how many bytes, and when it did last.',
  fields: {
    Operation: req({ t: 'string', min: 1, max: 64, name: 'OperationNameType' }),
    Count: req(S.long()),
    Bytes: req(S.long('Plaintext bytes processed.')),
    LastUsedDate: req(S.timestamp()),
  },
};

export const KEY_VERSION_ENTRY: Field = {
  t: 'struct', name: 'KeyVersionEntry', doc: 'One version of a key: its state, cryptoperiod, usage and last use.',
  fields: {
    KeyId: req(S.keyArn()),
    KeyVersion: S.keyVersion(),
    KeyMaterialId: req({ t: 'string', min: 64, max: 64, name: 'KeyMaterialIdType' }),
    CreationDate: req(S.timestamp()),
    KeyVersionState: req({ t: 'enum', values: REPORTED_VERSION_STATES, name: 'KeyVersionState' }),
    Origin: req({ t: 'enum', values: ORIGIN_TYPES, name: 'OriginType' }),
    RotationType: { t: 'enum', values: ['AUTOMATIC', 'ON_DEMAND'], name: 'RotationType', doc: 'How the version became current; absent for the original.' },
    Current: req({ t: 'bool', doc: 'Whether Encrypt uses this version.' }),
    StateChangedDate: S.timestamp('When the version\'s administrative state last changed.'),
    DestructionDate: S.timestamp('PENDING_DESTRUCTION: when the material is destroyed.'),
    PendingWindowInDays: { t: 'int', min: 7, max: 30, name: 'PendingWindowInDaysType' },
    DestroyedDate: S.timestamp(),
    OriginatorUsageEndDate: S.timestamp('With a cryptoperiod: when the version stops protecting new data.'),
    RecipientUsageEndDate: S.timestamp('With a cryptoperiod: when the version stops decrypting.'),
    BelowMinimumDecryptionVersion: req({ t: 'bool' }),
    OperationCounts: req({ t: 'list', of: OPERATION_COUNT, name: 'OperationCountList' }),
    BytesEncrypted: req(S.long()),
    BytesDecrypted: req(S.long()),
    CiphertextsProduced: req(S.long('Ciphertexts made under the version (Encrypt, data keys, ReEncrypt to it).')),
    CiphertextsReEncryptedAway: req(S.long('Ciphertexts of the version ReEncrypt moved to another key or version.')),
    LastUsedDate: S.timestamp(),
    LastUsedOperation: { t: 'string', min: 1, max: 64, name: 'OperationNameType' },
    InvocationsReserved: S.long('AES-GCM encryptions reserved for the version: an upper bound of those made.'),
    InvocationLimit: S.long('AES-GCM encryptions allowed for the version (NIST SP 800-38D §8.3).'),
    UsageTrackingStartDate: req(S.timestamp('Usage counts from this date.')),
    ScanFound: {
      t: 'struct', name: 'ScanFound', doc: 'What the latest scan report of each scope (ReportScanResults) found under the version, summed.',
      fields: {
        Count: req(S.long('Ciphertexts found.')), Bytes: req(S.long('Their bytes.')),
        Scopes: req({ t: 'list', of: { t: 'string', min: 1, max: 2048, name: 'ScanScopeType' }, name: 'ScanScopeList', doc: 'Scopes whose latest report found some.' }),
        LastReportDate: S.timestamp('The newest report that lists the version.'),
      },
    },
  },
};

export const LIFECYCLE_EVENT: Field = {
  t: 'struct', name: 'LifecycleEvent', doc: 'A lifecycle event: derived from the audit record it names, and delivered to the webhook.',
  fields: {
    EventId: req({ t: 'string', min: 1, max: 20, name: 'EventIdType', doc: 'The audit record\'s sequence number.' }),
    EventType: req({ t: 'string', min: 1, max: 64, name: 'EventTypeType' }),
    EventDate: req(S.timestamp()),
    KeyId: S.keyArn(),
    KeyVersion: S.keyVersion(false),
    Principal: req({ t: 'string', min: 1, max: 2048, name: 'PrincipalType' }),
    RequestId: req({ t: 'string', min: 1, max: 64, name: 'RequestIdType' }),
    AuditHash: req({ t: 'string', min: 64, max: 64, name: 'AuditHashType', doc: 'The audit record\'s chain hash.' }),
    Details: { t: 'string', min: 2, max: 65_536, name: 'DetailsJsonType', doc: 'JSON object: the audit record\'s details.' },
    DeliveryState: req({ t: 'enum', values: ['NONE', 'PENDING', 'DELIVERED', 'FAILED'], name: 'DeliveryState' }),
    DeliveryAttempts: req({ t: 'int', min: 0, name: 'DeliveryAttemptsType' }),
  },
};
