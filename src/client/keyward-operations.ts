// GENERATED from the Keyward service model (models/keyward) by `npm run generate:models`: do not edit.
// The extension API's request and response types, the client's operation methods, and which answer members are
// timestamps (sent as epoch seconds, returned as Date). docs/extension-api.md describes the operations.

export interface AcknowledgeAlertRequest {
  /** The alert's id (a UUID). */
  AlertId: string;
  /** Why it is acknowledged (kept with the alert). */
  Note?: string;
}

export interface AcknowledgeAlertResponse {
  /** An anomaly alert: what a detector found, how often (occurrences coalesced), and whether someone acknowledged it. */
  Alert: Alert;
}

/** An anomaly alert: what a detector found, how often (occurrences coalesced), and whether someone acknowledged it. */
export interface Alert {
  /** The alert's id (a UUID). */
  AlertId: string;
  AlertType: AlertType;
  Severity: AlertSeverity;
  /** The key ARN. */
  KeyId?: string;
  Principal?: string;
  /** The source address of the occurrence that raised it. */
  SourceAddress?: string;
  FirstSeenDate: Date;
  LastSeenDate: Date;
  /** Occurrences coalesced into the alert. */
  Count: number;
  /** JSON object: what the detector saw (thresholds, counts, the new network or context key). */
  Details: string;
  State: AlertState;
  AcknowledgedBy?: string;
  AcknowledgedDate?: Date;
  AcknowledgementNote?: string;
}

export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH';

export type AlertState = 'OPEN' | 'ACKNOWLEDGED';

export type AlertType = 'KEY_REQUEST_RATE' | 'PRINCIPAL_REQUEST_RATE' | 'FIRST_KEY_USE' | 'FAILED_DECRYPT_BURST' | 'UNUSABLE_KEY_USE' | 'NEW_ENCRYPTION_CONTEXT_KEY' | 'NEW_SOURCE_NETWORK';

/** One approver's approval or rejection. */
export interface ApprovalDecision {
  Principal: string;
  Date: Date;
  Reason?: string;
}

/** An approval request: the one call it is bound to, its approvals and state. */
export interface ApprovalRequestEntry {
  ApprovalRequestId: string;
  RuleName: string;
  Operation: string;
  Requester: string;
  /** The key ARN. */
  KeyId?: string;
  State: ApprovalRequestState;
  /** The call's parameters as canonical JSON; blobs appear as their SHA-256. */
  Parameters: string;
  /** SHA-256 of the canonical JSON of operation, requester and parameters. */
  ParametersHash: string;
  RequiredApprovals: number;
  Approvers: string[];
  Approvals: ApprovalDecision[];
  /** One approver's approval or rejection. */
  Rejection?: ApprovalDecision;
  CreationDate: Date;
  ExpirationDate: Date;
  ExecutionDate?: Date;
}

export type ApprovalRequestState = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED' | 'EXECUTED';

/** An approval rule: the operations it protects, on which keys, and who approves. */
export interface ApprovalRuleEntry {
  RuleName: string;
  Description?: string;
  Operations: string[];
  /** The keys its key operations are limited to; absent: every key. */
  KeyIds?: string[];
  RequiredApprovals: number;
  Approvers: string[];
  RequestExpirySeconds: number;
  CreationDate: Date;
  LastUpdatedDate: Date;
  LastUpdatedBy: string;
}

export interface ApproveRequestRequest {
  ApprovalRequestId: string;
  Reason?: string;
}

export interface ApproveRequestResponse {
  /** An approval request: the one call it is bound to, its approvals and state. */
  ApprovalRequest: ApprovalRequestEntry;
}

export interface Archival {
  ArchivedDate: Date;
  Reason: string;
  RemovedAliases: string[];
}

export interface ArchiveKeyRequest {
  KeyId: string;
  Reason: string;
  /** Remove the key's aliases (default false: keep them). */
  RemoveAliases?: boolean;
}

export interface ArchiveKeyResponse {
  /** The key ARN. */
  KeyId: string;
  KeyState: KeyState;
  ArchivedDate: Date;
  RemovedAliases: string[];
}

/** One audit event, as CloudTrail LookupEvents lists it. */
export interface AuditEvent {
  EventId: string;
  EventName: string;
  /** 'true' or 'false', as CloudTrail writes it. */
  ReadOnly: string;
  AccessKeyId?: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: Resource[];
  /** The whole event as CloudTrail JSON text (docs/audit.md). */
  CloudTrailEvent: string;
}

/** The latest rotation; absent before the first. */
export interface BarrierRotation {
  TargetTerm: number;
  State: BarrierRotationState;
  /** Sealed values re-sealed so far. */
  Resealed: number;
  StartedAt: Date;
  CompletedAt?: Date;
  /** COMPLETED: the terms the rotation retired. */
  RetiredTerms?: number[];
}

export type BarrierRotationState = 'IN_PROGRESS' | 'COMPLETED';

export interface CancelKeyVersionDestructionRequest {
  KeyId: string;
  KeyVersion: number;
}

export interface CancelKeyVersionDestructionResponse {
  /** The key ARN. */
  KeyId: string;
  KeyVersion: number;
  KeyVersionState: KeyVersionState;
}

export interface CloseReactivationWindowRequest {
  KeyId: string;
}

export interface CloseReactivationWindowResponse {
  /** The key ARN. */
  KeyId: string;
  KeyState: KeyState;
}

export interface Cryptoperiod {
  /** Days a version protects new data, from its creation. */
  OriginatorUsageDays: number;
  /** Days a version decrypts, from its creation (at least OriginatorUsageDays). */
  RecipientUsageDays: number;
  SetDate: Date;
}

export interface DeleteApprovalRuleRequest {
  RuleName: string;
}

export interface DeleteApprovalRuleResponse {
  RuleName: string;
}

export interface DeleteKeyCryptoperiodRequest {
  KeyId: string;
}

export interface DeleteKeyCryptoperiodResponse {
  /** The key ARN. */
  KeyId: string;
}

export type DeliveryState = 'NONE' | 'PENDING' | 'DELIVERED' | 'FAILED';

export interface DescribeAlertRequest {
  /** The alert's id (a UUID). */
  AlertId: string;
}

export interface DescribeAlertResponse {
  /** An anomaly alert: what a detector found, how often (occurrences coalesced), and whether someone acknowledged it. */
  Alert: Alert;
}

export interface DescribeApprovalRequestRequest {
  ApprovalRequestId: string;
}

export interface DescribeApprovalRequestResponse {
  /** An approval request: the one call it is bound to, its approvals and state. */
  ApprovalRequest: ApprovalRequestEntry;
}

export interface DescribeBarrierRequest {
}

export interface DescribeBarrierResponse {
  /** The barrier key term new sealed values use. */
  CurrentTerm: number;
  /** The terms whose keys the node holds. */
  Terms: number[];
  /** The latest rotation; absent before the first. */
  Rotation?: BarrierRotation;
}

export interface DescribeKeyLifecycleRequest {
  KeyId: string;
}

export interface DescribeKeyLifecycleResponse {
  /** The key ARN. */
  KeyId: string;
  KeyState: KeyState;
  LifecycleState: LifecycleState;
  CreationDate: Date;
  CurrentKeyVersion?: number;
  MinimumDecryptionVersion: number;
  RotationEnabled: boolean;
  RotationPeriodInDays?: number;
  NextRotationDate?: Date;
  DeletionDate?: Date;
  Archival?: Archival;
  ReactivationWindow?: ReactivationWindow;
  Cryptoperiod?: Cryptoperiod;
  /** Every transition of the lifecycle. */
  StateMachine: LifecycleTransition[];
  /** The transitions open from the key's state. */
  AvailableTransitions: LifecycleTransition[];
  Timeline: TimelineEntry[];
}

export interface DescribeKeyVersionRequest {
  KeyId: string;
  KeyVersion: number;
}

export interface DescribeKeyVersionResponse {
  /** One version of a key: its state, cryptoperiod, usage and last use. */
  KeyVersion: KeyVersionEntry;
}

/** A destruction receipt, summarised. */
export interface DestructionReceiptEntry {
  ReceiptId: string;
  /** The key ARN. */
  KeyId: string;
  KeyVersions: number[];
  DestroyedDate: Date;
  /** What the search for the material after the shred found (docs/destruction.md). */
  ScanResult: DestructionScanResult;
}

export type DestructionScanResult = 'CLEAN' | 'FOUND' | 'INCOMPLETE';

export interface DisableKeyVersionRequest {
  KeyId: string;
  KeyVersion: number;
}

export interface DisableKeyVersionResponse {
  /** The key ARN. */
  KeyId: string;
  KeyVersion: number;
  KeyVersionState: KeyVersionState;
}

export interface EnableKeyVersionRequest {
  KeyId: string;
  KeyVersion: number;
}

export interface EnableKeyVersionResponse {
  /** The key ARN. */
  KeyId: string;
  KeyVersion: number;
  KeyVersionState: KeyVersionState;
}

export interface ExecuteApprovedRequestRequest {
  ApprovalRequestId: string;
}

export interface ExecuteApprovedRequestResponse {
  ApprovalRequestId: string;
  Operation: string;
  /** The operation's response members as JSON (blobs in base64). */
  Response: string;
}

export interface GetApprovalRuleRequest {
  RuleName: string;
}

export interface GetApprovalRuleResponse {
  /** An approval rule: the operations it protects, on which keys, and who approves. */
  Rule: ApprovalRuleEntry;
}

export interface GetDestructionPreflightRequest {
  KeyId: string;
}

export interface GetDestructionPreflightResponse {
  /** The key ARN. */
  KeyId: string;
  Enabled: boolean;
  RecentUseDays: number;
  RequireReEncryption: boolean;
  RequireCleanScan: boolean;
  /** The members set for this key (PutDestructionPreflight); the others are the installation's (server flags). */
  KeyOverrides: string[];
}

export interface GetDestructionReceiptRequest {
  /** The key id or key ARN (aliases are gone with the key). */
  KeyId: string;
  KeyVersion?: number;
}

export interface GetDestructionReceiptResponse {
  ReceiptId: string;
  /** The key ARN. */
  KeyId: string;
  KeyVersions: number[];
  DestroyedDate: Date;
  /** What the search for the material after the shred found (docs/destruction.md). */
  ScanResult: DestructionScanResult;
  /** The receipt: canonical JSON, Ed25519-signed (docs/destruction.md). */
  Receipt: string;
}

export interface HashAuditValueRequest {
  Value: string;
}

export interface HashAuditValueResponse {
  Hash: string;
}

export type KeyState = 'Creating' | 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion' | 'Unavailable' | 'Updating';

/** One version of a key: its state, cryptoperiod, usage and last use. */
export interface KeyVersionEntry {
  /** The key ARN. */
  KeyId: string;
  KeyVersion: number;
  KeyMaterialId: string;
  CreationDate: Date;
  KeyVersionState: KeyVersionState;
  Origin: OriginType;
  /** How the version became current; absent for the original. */
  RotationType?: RotationType;
  /** Whether Encrypt uses this version. */
  Current: boolean;
  /** When the version's administrative state last changed. */
  StateChangedDate?: Date;
  /** PENDING_DESTRUCTION: when the material is destroyed. */
  DestructionDate?: Date;
  PendingWindowInDays?: number;
  DestroyedDate?: Date;
  /** With a cryptoperiod: when the version stops protecting new data. */
  OriginatorUsageEndDate?: Date;
  /** With a cryptoperiod: when the version stops decrypting. */
  RecipientUsageEndDate?: Date;
  BelowMinimumDecryptionVersion: boolean;
  OperationCounts: OperationCount[];
  BytesEncrypted: number;
  BytesDecrypted: number;
  /** Ciphertexts made under the version (Encrypt, data keys, ReEncrypt to it). */
  CiphertextsProduced: number;
  /** Ciphertexts of the version ReEncrypt moved to another key or version. */
  CiphertextsReEncryptedAway: number;
  LastUsedDate?: Date;
  LastUsedOperation?: string;
  /** AES-GCM encryptions reserved for the version: an upper bound of those made. */
  InvocationsReserved?: number;
  /** AES-GCM encryptions allowed for the version (NIST SP 800-38D §8.3). */
  InvocationLimit?: number;
  /** Usage counts from this date. */
  UsageTrackingStartDate: Date;
  /** What the latest scan report of each scope (ReportScanResults) found under the version, summed. */
  ScanFound?: ScanFound;
}

export type KeyVersionState = 'ENABLED' | 'DECRYPT_ONLY' | 'ARCHIVED' | 'DISABLED' | 'PENDING_DESTRUCTION' | 'DESTROYED';

/** A lifecycle event: derived from the audit record it names, and delivered to the webhook. */
export interface LifecycleEvent {
  /** The audit record's sequence number. */
  EventId: string;
  EventType: string;
  EventDate: Date;
  /** The key ARN. */
  KeyId?: string;
  KeyVersion?: number;
  Principal: string;
  RequestId: string;
  /** The audit record's chain hash. */
  AuditHash: string;
  /** JSON object: the audit record's details. */
  Details?: string;
  DeliveryState: DeliveryState;
  DeliveryAttempts: number;
}

export type LifecycleEventType = 'KeyArchived' | 'KeyUnarchived' | 'ReactivationWindowOpened' | 'ReactivationWindowClosed' | 'KeyRotationDue' | 'KeyRotated' | 'KeyVersionDisabled' | 'KeyVersionEnabled' | 'KeyVersionDestructionScheduled' | 'KeyVersionDestructionCancelled' | 'KeyVersionDestroyed' | 'MinimumDecryptionVersionChanged' | 'CryptoperiodSet' | 'CryptoperiodDeleted' | 'CryptoperiodTransitionDue' | 'OriginatorUsagePeriodEnded' | 'RecipientUsagePeriodEnded' | 'UsageLimitWarning' | 'UsageLimitReached' | 'KeyDeletionScheduled' | 'KeyDeletionCancelled' | 'KeyDeleted' | 'KeyPendingDeletionUsed' | 'ApprovalRequested' | 'ApprovalGranted' | 'ApprovalRejected' | 'ApprovalRequestExpired' | 'ApprovedRequestExecuted' | 'AnomalyKeyRequestRate' | 'AnomalyPrincipalRequestRate' | 'AnomalyFirstKeyUse' | 'AnomalyFailedDecryptBurst' | 'AnomalyUnusableKeyUse' | 'AnomalyNewEncryptionContextKey' | 'AnomalyNewSourceNetwork';

export type LifecycleState = 'ENABLED' | 'DISABLED' | 'ARCHIVED' | 'REACTIVATED' | 'PENDING_IMPORT' | 'PENDING_DELETION' | 'DELETED';

export interface LifecycleTransition {
  From: LifecycleState;
  To: LifecycleState;
  Via: string;
}

export interface ListAlertsRequest {
  State?: AlertState;
  AlertType?: AlertType;
  /** Only alerts about this key (key id or key ARN). */
  KeyId?: string;
  Limit?: number;
  Marker?: string;
}

export interface ListAlertsResponse {
  Alerts: Alert[];
  /** Pass as Marker to get the next page. */
  NextMarker?: string;
  /** Whether there are more items (then NextMarker is set). */
  Truncated: boolean;
}

export interface ListApprovalRequestsRequest {
  State?: ApprovalRequestState;
  KeyId?: string;
  Limit?: number;
  Marker?: string;
}

export interface ListApprovalRequestsResponse {
  ApprovalRequests: ApprovalRequestEntry[];
  /** Pass as Marker to get the next page. */
  NextMarker?: string;
  /** Whether there are more items (then NextMarker is set). */
  Truncated: boolean;
}

export interface ListApprovalRulesRequest {
  Limit?: number;
  Marker?: string;
}

export interface ListApprovalRulesResponse {
  Rules: ApprovalRuleEntry[];
  /** Pass as Marker to get the next page. */
  NextMarker?: string;
  /** Whether there are more items (then NextMarker is set). */
  Truncated: boolean;
}

export interface ListDestructionReceiptsRequest {
  Limit?: number;
  Marker?: string;
}

export interface ListDestructionReceiptsResponse {
  Receipts: DestructionReceiptEntry[];
  /** Pass as Marker to get the next page. */
  NextMarker?: string;
  /** Whether there are more items (then NextMarker is set). */
  Truncated: boolean;
}

export interface ListKeyVersionsRequest {
  KeyId: string;
  Limit?: number;
  Marker?: string;
}

export interface ListKeyVersionsResponse {
  Versions: KeyVersionEntry[];
  /** Pass as Marker to get the next page. */
  NextMarker?: string;
  /** Whether there are more items (then NextMarker is set). */
  Truncated: boolean;
}

export interface ListLifecycleEventsRequest {
  KeyId?: string;
  EventTypes?: LifecycleEventType[];
  Limit?: number;
  Marker?: string;
}

export interface ListLifecycleEventsResponse {
  Events: LifecycleEvent[];
  /** Pass as Marker to get the next page. */
  NextMarker?: string;
  /** Whether there are more items (then NextMarker is set). */
  Truncated: boolean;
}

export interface LookupAttribute {
  AttributeKey: LookupAttributeKey;
  AttributeValue: string;
}

export type LookupAttributeKey = 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId' | 'ErrorCode' | 'PrincipalArn' | 'RequestId' | 'HashedValue';

export interface LookupEventsRequest {
  LookupAttributes?: LookupAttribute[];
  StartTime?: Date;
  EndTime?: Date;
  MaxResults?: number;
  NextToken?: string;
}

export interface LookupEventsResponse {
  Events: AuditEvent[];
  NextToken?: string;
}

/** How often one operation used the key version, on how many bytes, and when it did last. */
export interface OperationCount {
  Operation: string;
  Count: number;
  /** Plaintext bytes processed. */
  Bytes: number;
  LastUsedDate: Date;
}

export type OriginType = 'AWS_KMS' | 'EXTERNAL' | 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';

export interface PutApprovalRuleRequest {
  RuleName: string;
  Description?: string;
  /** Operation names, or CreateGrant:CrossAccount / ImportKeyMaterial:ExistingMaterial for only those calls. */
  Operations?: string[];
  /** Key ids, ARNs or aliases (resolved now) the rule's key operations are limited to. */
  KeyIds?: string[];
  RequiredApprovals: number;
  Approvers: string[];
  /** How long a request stays open (default 86400). */
  RequestExpirySeconds?: number;
}

export interface PutApprovalRuleResponse {
  /** An approval rule: the operations it protects, on which keys, and who approves. */
  Rule: ApprovalRuleEntry;
  /** Whether the rule is new (false: it replaced one). */
  Created: boolean;
}

export interface PutDestructionPreflightRequest {
  KeyId: string;
  /** Whether the pre-flight checks run before ScheduleKeyDeletion and ScheduleKeyVersionDestruction of this key. */
  Enabled?: boolean;
  /** Refuse destroying a version used within this many days (0: the check is off). */
  RecentUseDays?: number;
  /** Refuse while ciphertexts produced under a version were not all re-encrypted away. */
  RequireReEncryption?: boolean;
  /** Refuse while the latest scan report of any scope found ciphertexts under a version. */
  RequireCleanScan?: boolean;
  /** Forget the key's own settings before applying the members given. */
  UseInstallationDefaults?: boolean;
}

export interface PutDestructionPreflightResponse {
  /** The key ARN. */
  KeyId: string;
  Enabled: boolean;
  RecentUseDays: number;
  RequireReEncryption: boolean;
  RequireCleanScan: boolean;
  /** The members set for this key (PutDestructionPreflight); the others are the installation's (server flags). */
  KeyOverrides: string[];
}

export interface ReactivateKeyRequest {
  KeyId: string;
  DurationInSeconds: number;
  Reason: string;
  Mode?: ReactivationMode;
}

export interface ReactivateKeyResponse {
  /** The key ARN. */
  KeyId: string;
  KeyState: KeyState;
  Mode: ReactivationMode;
  ReactivationEndDate: Date;
}

export type ReactivationMode = 'DECRYPT_ONLY' | 'FULL';

export interface ReactivationWindow {
  OpenedDate: Date;
  EndDate: Date;
  Mode: ReactivationMode;
  Reason: string;
}

export interface RejectRequestRequest {
  ApprovalRequestId: string;
  Reason: string;
}

export interface RejectRequestResponse {
  /** An approval request: the one call it is bound to, its approvals and state. */
  ApprovalRequest: ApprovalRequestEntry;
}

export interface ReportScanResultsRequest {
  /** What was scanned (e.g. a path, or sqlite:FILE#TABLE.COLUMN). */
  Scope: string;
  Inventory: ScanInventoryEntry[];
}

export interface ReportScanResultsResponse {
  ReportId: string;
  /** What was scanned (e.g. a path, or sqlite:FILE#TABLE.COLUMN). */
  Scope: string;
  ReportDate: Date;
}

/** A resource the event is about. */
export interface Resource {
  ResourceType?: string;
  ResourceName?: string;
}

export interface RotateBarrierRequest {
  /** Sealed values re-sealed per batch (default 100). */
  BatchSize?: number;
}

export interface RotateBarrierResponse {
  /** The barrier key term new sealed values use. */
  CurrentTerm: number;
  /** The terms whose keys the node holds. */
  Terms: number[];
  /** The latest rotation; absent before the first. */
  Rotation?: BarrierRotation;
}

export type RotationType = 'AUTOMATIC' | 'ON_DEMAND';

/** What the latest scan report of each scope (ReportScanResults) found under the version, summed. */
export interface ScanFound {
  /** Ciphertexts found. */
  Count: number;
  /** Their bytes. */
  Bytes: number;
  /** Scopes whose latest report found some. */
  Scopes: string[];
  /** The newest report that lists the version. */
  LastReportDate?: Date;
}

/** Ciphertexts of one key version found in the scope. */
export interface ScanInventoryEntry {
  /** The key ARN. */
  KeyId: string;
  KeyVersion: number;
  /** Ciphertexts found. */
  Count: number;
  /** Their bytes. */
  Bytes: number;
}

export interface ScheduleKeyVersionDestructionRequest {
  KeyId: string;
  KeyVersion: number;
  PendingWindowInDays?: number;
}

export interface ScheduleKeyVersionDestructionResponse {
  /** The key ARN. */
  KeyId: string;
  KeyVersion: number;
  KeyVersionState: KeyVersionState;
  DestructionDate: Date;
  PendingWindowInDays: number;
}

export interface SealRequest {
}

export interface SealResponse {
  /** Always true: the node seals once this answer is written. */
  Sealed: boolean;
}

export interface SetKeyCryptoperiodRequest {
  KeyId: string;
  /** Originator-usage period in days. */
  OriginatorUsageDays: number;
  /** Recipient-usage period in days. */
  RecipientUsageDays: number;
}

export interface SetKeyCryptoperiodResponse {
  /** The key ARN. */
  KeyId: string;
  Cryptoperiod: Cryptoperiod;
}

export interface SetMinimumDecryptionVersionRequest {
  KeyId: string;
  MinimumDecryptionVersion: number;
}

export interface SetMinimumDecryptionVersionResponse {
  /** The key ARN. */
  KeyId: string;
  MinimumDecryptionVersion: number;
}

/** Something that happened to the key, or is planned (Planned true). */
export interface TimelineEntry {
  Date: Date;
  Event: string;
  KeyVersion?: number;
  Principal?: string;
  Planned: boolean;
}

/** Where an answer holds timestamps ('date') or blobs ('blob'): per member, per list element ([spec]) or map value ('*'). */
export type OutputSpec = 'date' | 'blob' | readonly [OutputSpec] | { readonly [member: string]: OutputSpec };

export const OUTPUT_SHAPES: Readonly<Record<string, OutputSpec>> = {
  AcknowledgeAlert: {
    Alert: {
      FirstSeenDate: 'date',
      LastSeenDate: 'date',
      AcknowledgedDate: 'date'
    }
  },
  ApproveRequest: {
    ApprovalRequest: {
      Approvals: [
        {
          Date: 'date'
        }
      ],
      Rejection: {
        Date: 'date'
      },
      CreationDate: 'date',
      ExpirationDate: 'date',
      ExecutionDate: 'date'
    }
  },
  ArchiveKey: {
    ArchivedDate: 'date'
  },
  DescribeAlert: {
    Alert: {
      FirstSeenDate: 'date',
      LastSeenDate: 'date',
      AcknowledgedDate: 'date'
    }
  },
  DescribeApprovalRequest: {
    ApprovalRequest: {
      Approvals: [
        {
          Date: 'date'
        }
      ],
      Rejection: {
        Date: 'date'
      },
      CreationDate: 'date',
      ExpirationDate: 'date',
      ExecutionDate: 'date'
    }
  },
  DescribeBarrier: {
    Rotation: {
      StartedAt: 'date',
      CompletedAt: 'date'
    }
  },
  DescribeKeyLifecycle: {
    CreationDate: 'date',
    NextRotationDate: 'date',
    DeletionDate: 'date',
    Archival: {
      ArchivedDate: 'date'
    },
    ReactivationWindow: {
      OpenedDate: 'date',
      EndDate: 'date'
    },
    Cryptoperiod: {
      SetDate: 'date'
    },
    Timeline: [
      {
        Date: 'date'
      }
    ]
  },
  DescribeKeyVersion: {
    KeyVersion: {
      CreationDate: 'date',
      StateChangedDate: 'date',
      DestructionDate: 'date',
      DestroyedDate: 'date',
      OriginatorUsageEndDate: 'date',
      RecipientUsageEndDate: 'date',
      OperationCounts: [
        {
          LastUsedDate: 'date'
        }
      ],
      LastUsedDate: 'date',
      UsageTrackingStartDate: 'date',
      ScanFound: {
        LastReportDate: 'date'
      }
    }
  },
  GetApprovalRule: {
    Rule: {
      CreationDate: 'date',
      LastUpdatedDate: 'date'
    }
  },
  GetDestructionReceipt: {
    DestroyedDate: 'date'
  },
  ListAlerts: {
    Alerts: [
      {
        FirstSeenDate: 'date',
        LastSeenDate: 'date',
        AcknowledgedDate: 'date'
      }
    ]
  },
  ListApprovalRequests: {
    ApprovalRequests: [
      {
        Approvals: [
          {
            Date: 'date'
          }
        ],
        Rejection: {
          Date: 'date'
        },
        CreationDate: 'date',
        ExpirationDate: 'date',
        ExecutionDate: 'date'
      }
    ]
  },
  ListApprovalRules: {
    Rules: [
      {
        CreationDate: 'date',
        LastUpdatedDate: 'date'
      }
    ]
  },
  ListDestructionReceipts: {
    Receipts: [
      {
        DestroyedDate: 'date'
      }
    ]
  },
  ListKeyVersions: {
    Versions: [
      {
        CreationDate: 'date',
        StateChangedDate: 'date',
        DestructionDate: 'date',
        DestroyedDate: 'date',
        OriginatorUsageEndDate: 'date',
        RecipientUsageEndDate: 'date',
        OperationCounts: [
          {
            LastUsedDate: 'date'
          }
        ],
        LastUsedDate: 'date',
        UsageTrackingStartDate: 'date',
        ScanFound: {
          LastReportDate: 'date'
        }
      }
    ]
  },
  ListLifecycleEvents: {
    Events: [
      {
        EventDate: 'date'
      }
    ]
  },
  LookupEvents: {
    Events: [
      {
        EventTime: 'date'
      }
    ]
  },
  PutApprovalRule: {
    Rule: {
      CreationDate: 'date',
      LastUpdatedDate: 'date'
    }
  },
  ReactivateKey: {
    ReactivationEndDate: 'date'
  },
  RejectRequest: {
    ApprovalRequest: {
      Approvals: [
        {
          Date: 'date'
        }
      ],
      Rejection: {
        Date: 'date'
      },
      CreationDate: 'date',
      ExpirationDate: 'date',
      ExecutionDate: 'date'
    }
  },
  ReportScanResults: {
    ReportDate: 'date'
  },
  RotateBarrier: {
    Rotation: {
      StartedAt: 'date',
      CompletedAt: 'date'
    }
  },
  ScheduleKeyVersionDestruction: {
    DestructionDate: 'date'
  },
  SetKeyCryptoperiod: {
    Cryptoperiod: {
      SetDate: 'date'
    }
  }
};

/** One method per extension operation; KeywardClient supplies the transport. */
export abstract class KeywardOperations {
  protected abstract call(operation: string, input: object): Promise<unknown>;

  /** Acknowledges an OPEN anomaly alert: its State becomes ACKNOWLEDGED with the caller, the time and the Note. Further occurrences raise a new alert. */
  acknowledgeAlert(input: AcknowledgeAlertRequest): Promise<AcknowledgeAlertResponse> {
    return this.call('AcknowledgeAlert', input) as Promise<AcknowledgeAlertResponse>;
  }

  /** Approves a PENDING approval request. Only an approver its rule names may, never the requester, each approver once; with RequiredApprovals given the request is APPROVED. */
  approveRequest(input: ApproveRequestRequest): Promise<ApproveRequestResponse> {
    return this.call('ApproveRequest', input) as Promise<ApproveRequestResponse>;
  }

  /** Archives a key: it is disabled (AWS clients see KeyState Disabled), its aliases are removed if RemoveAliases is true, and the reason and time are recorded. ReactivateKey opens a time-boxed window for decryption; EnableKey ends the archival. */
  archiveKey(input: ArchiveKeyRequest): Promise<ArchiveKeyResponse> {
    return this.call('ArchiveKey', input) as Promise<ArchiveKeyResponse>;
  }

  /** Cancels the scheduled destruction of a key version; the version is then DISABLED (enable it with EnableKeyVersion). */
  cancelKeyVersionDestruction(input: CancelKeyVersionDestructionRequest): Promise<CancelKeyVersionDestructionResponse> {
    return this.call('CancelKeyVersionDestruction', input) as Promise<CancelKeyVersionDestructionResponse>;
  }

  /** Closes the open reactivation window of an archived key before its end: the key is disabled (archived) again. */
  closeReactivationWindow(input: CloseReactivationWindowRequest): Promise<CloseReactivationWindowResponse> {
    return this.call('CloseReactivationWindow', input) as Promise<CloseReactivationWindowResponse>;
  }

  /** Deletes an approval rule. Open requests made under it keep their approvers and may still be approved and executed. Protected by every rule naming DeleteApprovalRule. */
  deleteApprovalRule(input: DeleteApprovalRuleRequest): Promise<DeleteApprovalRuleResponse> {
    return this.call('DeleteApprovalRule', input) as Promise<DeleteApprovalRuleResponse>;
  }

  /** Removes the cryptoperiod of a key: its versions protect and decrypt without time limits again. Idempotent. */
  deleteKeyCryptoperiod(input: DeleteKeyCryptoperiodRequest): Promise<DeleteKeyCryptoperiodResponse> {
    return this.call('DeleteKeyCryptoperiod', input) as Promise<DeleteKeyCryptoperiodResponse>;
  }

  /** Returns one anomaly alert: its type, severity, key, principal, first and last occurrence, count, details and acknowledgement. */
  describeAlert(input: DescribeAlertRequest): Promise<DescribeAlertResponse> {
    return this.call('DescribeAlert', input) as Promise<DescribeAlertResponse>;
  }

  /** Describes an approval request: the operation, requester, key and parameters it is bound to (with their hash), the approvals and rejection given, its state and expiry. */
  describeApprovalRequest(input: DescribeApprovalRequestRequest): Promise<DescribeApprovalRequestResponse> {
    return this.call('DescribeApprovalRequest', input) as Promise<DescribeApprovalRequestResponse>;
  }

  /** Describes the barrier keyring: its current term, the terms the node holds, and the state of the latest rotation. */
  describeBarrier(input: DescribeBarrierRequest = {}): Promise<DescribeBarrierResponse> {
    return this.call('DescribeBarrier', input) as Promise<DescribeBarrierResponse>;
  }

  /** Describes where a key is in Keyward's lifecycle: the state machine with the key's state and the transitions open from it, archival, reactivation window, cryptoperiod, minimum decryption version, rotation, scheduled deletion, and a timeline of what happened and what is planned. */
  describeKeyLifecycle(input: DescribeKeyLifecycleRequest): Promise<DescribeKeyLifecycleResponse> {
    return this.call('DescribeKeyLifecycle', input) as Promise<DescribeKeyLifecycleResponse>;
  }

  /** Describes one version of a key: its state, cryptoperiod, usage counters and last use. */
  describeKeyVersion(input: DescribeKeyVersionRequest): Promise<DescribeKeyVersionResponse> {
    return this.call('DescribeKeyVersion', input) as Promise<DescribeKeyVersionResponse>;
  }

  /** Disables one version of a key: its ciphertexts no longer decrypt (the error names the version) until EnableKeyVersion. The current version of an enabled key cannot be disabled. Idempotent. */
  disableKeyVersion(input: DisableKeyVersionRequest): Promise<DisableKeyVersionResponse> {
    return this.call('DisableKeyVersion', input) as Promise<DisableKeyVersionResponse>;
  }

  /** Enables a disabled version of a key again. Idempotent. A version pending destruction is restored with CancelKeyVersionDestruction. */
  enableKeyVersion(input: EnableKeyVersionRequest): Promise<EnableKeyVersionResponse> {
    return this.call('EnableKeyVersion', input) as Promise<EnableKeyVersionResponse>;
  }

  /** Runs the call an APPROVED approval request is bound to, as its requester (only the requester may), once. Calls whose parameters held blobs (ImportKeyMaterial) are executed by repeating the identical call instead. */
  executeApprovedRequest(input: ExecuteApprovedRequestRequest): Promise<ExecuteApprovedRequestResponse> {
    return this.call('ExecuteApprovedRequest', input) as Promise<ExecuteApprovedRequestResponse>;
  }

  /** Returns an approval rule: the operations it protects, its key scope, RequiredApprovals of which Approvers, and its request expiry. */
  getApprovalRule(input: GetApprovalRuleRequest): Promise<GetApprovalRuleResponse> {
    return this.call('GetApprovalRule', input) as Promise<GetApprovalRuleResponse>;
  }

  /** Returns the destruction pre-flight settings in effect for a key (its own, PutDestructionPreflight, over the installation's) and which members are the key's own. */
  getDestructionPreflight(input: GetDestructionPreflightRequest): Promise<GetDestructionPreflightResponse> {
    return this.call('GetDestructionPreflight', input) as Promise<GetDestructionPreflightResponse>;
  }

  /** Returns the signed destruction receipt of a key: of its deletion, or with KeyVersion the newest receipt covering that version (a version destruction, or the key's deletion). Works after the key is gone (then identity-based policies decide). Save Receipt as is and check it with keyward receipt verify. */
  getDestructionReceipt(input: GetDestructionReceiptRequest): Promise<GetDestructionReceiptResponse> {
    return this.call('GetDestructionReceipt', input) as Promise<GetDestructionReceiptResponse>;
  }

  /** Returns the HMAC (hmac-sha256:<hex>) under which audit events record Value when it is sensitive (encryption-context values, grant tokens, external ids), computed with the installation's audit key. Use it as LookupEvents' HashedValue. */
  hashAuditValue(input: HashAuditValueRequest): Promise<HashAuditValueResponse> {
    return this.call('HashAuditValue', input) as Promise<HashAuditValueResponse>;
  }

  /** Lists anomaly alerts, newest first: optionally only those in State (OPEN or ACKNOWLEDGED), of AlertType, or about KeyId (a key id or key ARN; the key may be deleted since). */
  listAlerts(input: ListAlertsRequest = {}): Promise<ListAlertsResponse> {
    return this.call('ListAlerts', input) as Promise<ListAlertsResponse>;
  }

  /** Lists approval requests, oldest first: all, or those in State, or those on one key (KeyId). */
  listApprovalRequests(input: ListApprovalRequestsRequest = {}): Promise<ListApprovalRequestsResponse> {
    return this.call('ListApprovalRequests', input) as Promise<ListApprovalRequestsResponse>;
  }

  /** Lists the approval rules by name. */
  listApprovalRules(input: ListApprovalRulesRequest = {}): Promise<ListApprovalRulesResponse> {
    return this.call('ListApprovalRules', input) as Promise<ListApprovalRulesResponse>;
  }

  /** Lists the destruction receipts of the installation, oldest first: which key and versions, when destroyed, and the result of the search for the material afterwards. */
  listDestructionReceipts(input: ListDestructionReceiptsRequest = {}): Promise<ListDestructionReceiptsResponse> {
    return this.call('ListDestructionReceipts', input) as Promise<ListDestructionReceiptsResponse>;
  }

  /** Lists the versions of a key, oldest first, with each version's state, cryptoperiod, usage counters and last use. Counters include every request answered before this one. */
  listKeyVersions(input: ListKeyVersionsRequest): Promise<ListKeyVersionsResponse> {
    return this.call('ListKeyVersions', input) as Promise<ListKeyVersionsResponse>;
  }

  /** Lists lifecycle events, oldest first: of one key (KeyId) or of every key, optionally only the given EventTypes. Each event is derived from an audit record (EventId is its sequence number, AuditHash its chain hash) and shows its webhook delivery state. */
  listLifecycleEvents(input: ListLifecycleEventsRequest = {}): Promise<ListLifecycleEventsResponse> {
    return this.call('ListLifecycleEvents', input) as Promise<ListLifecycleEventsResponse>;
  }

  /** Lists audit events newest first, filtered as CloudTrail's LookupEvents: StartTime, EndTime, and LookupAttributes (EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId; and Keyward's ErrorCode, PrincipalArn, RequestId, HashedValue), all of which must hold. Each event carries its CloudTrail JSON. */
  lookupEvents(input: LookupEventsRequest = {}): Promise<LookupEventsResponse> {
    return this.call('LookupEvents', input) as Promise<LookupEventsResponse>;
  }

  /** Creates or replaces an approval rule: calls of the operations it names (default: ScheduleKeyDeletion, ScheduleKeyVersionDestruction, PutKeyPolicy, CreateGrant:CrossAccount, DisableKeyRotation, ImportKeyMaterial:ExistingMaterial, DeleteImportedKeyMaterial, RotateBarrier, Seal, PutApprovalRule, DeleteApprovalRule), on the keys it names (default: all; account-level operations regardless), need RequiredApprovals approvals from its Approvers (IAM user and role ARNs), never the caller's own. A refused call fails with ApprovalRequiredException naming the approval request; once approved, the identical call (or ExecuteApprovedRequest) runs once. */
  putApprovalRule(input: PutApprovalRuleRequest): Promise<PutApprovalRuleResponse> {
    return this.call('PutApprovalRule', input) as Promise<PutApprovalRuleResponse>;
  }

  /** Sets the destruction pre-flight of one key: whether the checks run before ScheduleKeyDeletion and ScheduleKeyVersionDestruction, the recent-use period, and whether re-encryption and a clean scan are required. Members left out keep their value; UseInstallationDefaults true first returns every member to the installation's setting. Returns the settings now in effect. */
  putDestructionPreflight(input: PutDestructionPreflightRequest): Promise<PutDestructionPreflightResponse> {
    return this.call('PutDestructionPreflight', input) as Promise<PutDestructionPreflightResponse>;
  }

  /** Opens a reactivation window on an archived key for DurationInSeconds (at most the installation's maximum, 24 hours by default). Mode DECRYPT_ONLY (the default) allows Decrypt and ReEncrypt from the key and refuses Encrypt, GenerateDataKey and every other operation that protects new data; FULL allows everything. The window closes by itself at its end. */
  reactivateKey(input: ReactivateKeyRequest): Promise<ReactivateKeyResponse> {
    return this.call('ReactivateKey', input) as Promise<ReactivateKeyResponse>;
  }

  /** Rejects a PENDING or APPROVED (not yet executed) approval request: one rejection by an approver its rule names (never the requester) rejects it for good. */
  rejectRequest(input: RejectRequestRequest): Promise<RejectRequestResponse> {
    return this.call('RejectRequest', input) as Promise<RejectRequestResponse>;
  }

  /** Reports the inventory a discovery scan (keyward scan) found in one scope: per key ARN and version, how many ciphertexts and bytes. The report replaces earlier reports of the same scope. ListKeyVersions and DescribeKeyVersion show the totals as ScanFound; the destruction pre-flight refuses destroying a key or version the latest reports still find. */
  reportScanResults(input: ReportScanResultsRequest): Promise<ReportScanResultsResponse> {
    return this.call('ReportScanResults', input) as Promise<ReportScanResultsResponse>;
  }

  /** Starts a barrier key rotation: a new barrier key term now, every sealed value re-sealed under it in the background in batches of BatchSize, old terms retired when nothing uses them. A rotation in progress is reported, not restarted. */
  rotateBarrier(input: RotateBarrierRequest = {}): Promise<RotateBarrierResponse> {
    return this.call('RotateBarrier', input) as Promise<RotateBarrierResponse>;
  }

  /** Schedules the destruction of one version of a key after a waiting period of 7 to 30 days (default 30). Meanwhile the version is unusable; CancelKeyVersionDestruction restores it as DISABLED. When due, the scheduler overwrites and removes its material and issues a signed destruction receipt (GetDestructionReceipt); the destruction pre-flight (GetDestructionPreflight) may refuse the request; only ciphertexts of that version stop decrypting. The current version of an enabled key cannot be destroyed; keys with imported material use DeleteImportedKeyMaterial. */
  scheduleKeyVersionDestruction(input: ScheduleKeyVersionDestructionRequest): Promise<ScheduleKeyVersionDestructionResponse> {
    return this.call('ScheduleKeyVersionDestruction', input) as Promise<ScheduleKeyVersionDestructionResponse>;
  }

  /** Seals the node that answers: it forgets its root key, barrier keys and cached key material and answers every KMS call with the sealed error until operators unseal it. Other nodes sharing the database stay unsealed. */
  seal(input: SealRequest = {}): Promise<SealResponse> {
    return this.call('Seal', input) as Promise<SealResponse>;
  }

  /** Sets the cryptoperiod of every version of a key (NIST SP 800-57 Part 1 section 5.3), counted from each version's creation: after OriginatorUsageDays a version only decrypts (the key rotates if its rotation is on; otherwise Encrypt is refused), after RecipientUsageDays the version is archived and its ciphertexts no longer decrypt. Lifecycle events announce each transition ahead of time. */
  setKeyCryptoperiod(input: SetKeyCryptoperiodRequest): Promise<SetKeyCryptoperiodResponse> {
    return this.call('SetKeyCryptoperiod', input) as Promise<SetKeyCryptoperiodResponse>;
  }

  /** Sets the lowest key version whose ciphertexts still decrypt (and re-encrypt from). 1 allows all versions again. It cannot exceed the current version. */
  setMinimumDecryptionVersion(input: SetMinimumDecryptionVersionRequest): Promise<SetMinimumDecryptionVersionResponse> {
    return this.call('SetMinimumDecryptionVersion', input) as Promise<SetMinimumDecryptionVersionResponse>;
  }
}
