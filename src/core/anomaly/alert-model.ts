// Anomaly alerts as the core knows them (docs/anomaly.md): the alert types as a table (severity, the lifecycle event a
// raised alert becomes), the stored alert record, the learned facts ("baselines") kept across restarts, and the store
// port both adapters implement (src/store/sqlite/alert-store.ts, src/store/postgres/alert-store.ts). The detectors
// themselves live in src/anomaly/.
import type { Page } from '../ports.js';

export const ALERT_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Every alert type: its severity and the lifecycle event type (webhook) a newly raised alert of it produces. */
export const ALERT_TYPES = {
  KEY_REQUEST_RATE: { severity: 'MEDIUM', event: 'AnomalyKeyRequestRate' },
  PRINCIPAL_REQUEST_RATE: { severity: 'MEDIUM', event: 'AnomalyPrincipalRequestRate' },
  FIRST_KEY_USE: { severity: 'LOW', event: 'AnomalyFirstKeyUse' },
  FAILED_DECRYPT_BURST: { severity: 'HIGH', event: 'AnomalyFailedDecryptBurst' },
  UNUSABLE_KEY_USE: { severity: 'HIGH', event: 'AnomalyUnusableKeyUse' },
  NEW_ENCRYPTION_CONTEXT_KEY: { severity: 'MEDIUM', event: 'AnomalyNewEncryptionContextKey' },
  NEW_SOURCE_NETWORK: { severity: 'MEDIUM', event: 'AnomalyNewSourceNetwork' },
} as const satisfies Record<string, { severity: AlertSeverity; event: string }>;

export type AlertType = keyof typeof ALERT_TYPES;
export const ALERT_TYPE_NAMES = Object.keys(ALERT_TYPES) as AlertType[];
/** The lifecycle event types of alerts (core/lifecycle/event-rules.ts lists them with the others). */
export const ALERT_EVENT_TYPES: readonly string[] = ALERT_TYPE_NAMES.map((t) => ALERT_TYPES[t].event);

export const ALERT_STATES = ['OPEN', 'ACKNOWLEDGED'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** The audit operation of a raised alert (a system event: eventSource keyward, eventName AnomalyDetected). */
export const ALERT_AUDIT_OPERATION = 'keyward:AnomalyDetected';

export interface AlertRecord {
  alertId: string;
  type: AlertType;
  severity: AlertSeverity;
  keyArn?: string | undefined;
  principal?: string | undefined;
  /** The source address of the occurrence that raised it. */
  source?: string | undefined;
  firstSeen: number;
  lastSeen: number;
  /** Occurrences coalesced into this alert (1 when raised). */
  count: number;
  /** JSON object text: what the detector saw (thresholds, counts, the new network or context key; never a value). */
  details: string;
  state: AlertState;
  acknowledgedBy?: string | undefined;
  acknowledgedAt?: number | undefined;
  acknowledgementNote?: string | undefined;
}

export interface AlertFilter {
  state?: AlertState | undefined;
  type?: AlertType | undefined;
  keyArn?: string | undefined;
}

/** Kinds of learned fact: who used a key, a key's encryption-context keys and its learning start, a principal's networks. */
export const BASELINE_KINDS = ['key-user', 'context-key', 'context-learning', 'network'] as const;
export type BaselineKind = (typeof BASELINE_KINDS)[number];

/** One learned fact: `value` seen for `subject` since `firstSeen` (e.g. network 10.1.2.0/24 for a principal). */
export interface BaselineFact {
  kind: BaselineKind;
  subject: string;
  value: string;
  firstSeen: number;
}

export interface AlertStore {
  /** Stores a new alert. */
  insert(alert: AlertRecord): Promise<void>;
  /** Adds `count` occurrences to an OPEN alert and moves its last seen forward; false if the alert is not OPEN (acknowledged). */
  coalesce(alertId: string, count: number, lastSeen: number): Promise<boolean>;
  get(alertId: string): Promise<AlertRecord | undefined>;
  /** Alerts matching the filter, newest first, after the position `after` of a previous page. */
  list(filter: AlertFilter, limit: number, after?: string): Promise<Page<AlertRecord>>;
  /** Acknowledges an OPEN alert: 'acknowledged'; 'not-open' if it was acknowledged already; 'missing' if unknown. */
  acknowledge(alertId: string, by: string, at: number, note: string | undefined): Promise<'acknowledged' | 'not-open' | 'missing'>;
  /** Every learned fact (loaded once when a node starts detecting). */
  baselines(): Promise<BaselineFact[]>;
  /** Adds learned facts; a fact already stored keeps its first firstSeen. */
  addBaselines(facts: readonly BaselineFact[]): Promise<void>;
}

/** What the alert operations need of this node's detector (src/anomaly/anomaly-detector.ts). */
export interface AnomalyControl {
  /** Writes every alert and coalesced occurrence observed so far (ListAlerts answers with them). */
  flush(): Promise<void>;
  /** An alert was acknowledged: later occurrences raise a new alert instead of coalescing into it. */
  acknowledged(alertId: string): void;
}
