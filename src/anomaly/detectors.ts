// The detectors as a table: each looks at one answered request and returns what it found (or nothing). They share
// the in-memory baselines and learned facts, so a request costs a few map lookups and no I/O (docs/anomaly.md).
import type { AlertType } from '../core/anomaly/alert-model.js';
import type { AnomalySettings } from './anomaly-settings.js';
import type { LearnedFacts } from './learned-facts.js';
import { networkOf, UNAUTHENTICATED, type Observation } from './observation.js';
import type { RateBaselines } from './rate-baseline.js';

/** Something a detector found: the alert it raises or coalesces into (`distinct` separates alerts of one type/key/principal). */
export interface Finding {
  type: AlertType;
  keyArn?: string | undefined;
  principal?: string | undefined;
  source?: string | undefined;
  distinct?: string | undefined;
  details: Record<string, unknown>;
}

export interface DetectorState {
  settings: AnomalySettings;
  /** Per-minute rates of keys (by ARN) and of principals (by ARN). */
  keyRates: RateBaselines;
  principalRates: RateBaselines;
  facts: LearnedFacts;
  /** Recent failed-decrypt times of each principal (oldest first). */
  failures: Map<string, number[]>;
  /** A key's current state from this node's cache, without I/O (undefined when not cached). */
  keyState(keyArn: string): string | undefined;
}

type Detector = (o: Observation, s: DetectorState) => Finding | undefined;

/** Operations that use a key's material (AWS's GetKeyLastUsage tracked operations): what "using a key" means. */
export const KEY_USES: ReadonlySet<string> = new Set([
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncrypt', 'Sign', 'Verify', 'VerifyMac',
]);
const DECRYPTS: ReadonlySet<string> = new Set(['Decrypt', 'ReEncrypt']);
const DECRYPT_FAILURES: ReadonlySet<string> = new Set(['InvalidCiphertextException', 'IncorrectKeyException', 'AccessDeniedException']);
/** Refusals by the key-state table, and the states that make them an alert (a disabled, archived or doomed key). */
const STATE_REFUSALS: ReadonlySet<string> = new Set(['DisabledException', 'KMSInvalidStateException']);
const UNUSABLE_STATES: ReadonlySet<string> = new Set(['Disabled', 'PendingDeletion', 'PendingReplicaDeletion']);

const authenticated = (o: Observation) => o.principal !== UNAUTHENTICATED;

const keyRate: Detector = (o, s) => {
  if (o.keyArn === undefined) return undefined;
  const x = s.keyRates.count(o.keyArn, o.time);
  return x && { type: 'KEY_REQUEST_RATE', keyArn: o.keyArn, source: o.source, details: { ...x, factor: s.settings.rateFactor, lastPrincipal: o.principal } };
};

const principalRate: Detector = (o, s) => {
  if (!authenticated(o)) return undefined;
  const x = s.principalRates.count(o.principal, o.time);
  return x && { type: 'PRINCIPAL_REQUEST_RATE', principal: o.principal, source: o.source, details: { ...x, factor: s.settings.rateFactor } };
};

/** A principal's first successful use of a key; creating a key counts as knowing it (no alert on the creator's first Encrypt). */
const firstKeyUse: Detector = (o, s) => {
  if (o.keyArn === undefined || o.errorCode !== undefined || !authenticated(o)) return undefined;
  if (o.operation === 'CreateKey') {
    s.facts.learn('key-user', o.keyArn, o.principal, o.time);
    return undefined;
  }
  if (!KEY_USES.has(o.operation) || !s.facts.learn('key-user', o.keyArn, o.principal, o.time)) return undefined;
  return { type: 'FIRST_KEY_USE', keyArn: o.keyArn, principal: o.principal, source: o.source, details: { operation: o.operation } };
};

const failedDecryptBurst: Detector = (o, s) => {
  if (!DECRYPTS.has(o.operation) || o.errorCode === undefined || !DECRYPT_FAILURES.has(o.errorCode) || !authenticated(o)) return undefined;
  const since = o.time - s.settings.failedDecryptSeconds * 1000;
  const times = s.failures.get(o.principal) ?? [];
  while (times.length > 0 && times[0]! <= since) times.shift();
  times.push(o.time);
  s.failures.set(o.principal, times);
  if (times.length < s.settings.failedDecrypts) return undefined;
  return {
    type: 'FAILED_DECRYPT_BURST', principal: o.principal, source: o.source,
    details: { failures: times.length, withinSeconds: s.settings.failedDecryptSeconds, lastErrorCode: o.errorCode, lastKeyArn: o.keyArn ?? null },
  };
};

const unusableKeyUse: Detector = (o, s) => {
  if (o.keyArn === undefined || o.errorCode === undefined || !STATE_REFUSALS.has(o.errorCode)) return undefined;
  const state = o.errorCode === 'DisabledException' ? 'Disabled' : s.keyState(o.keyArn);
  if (state === undefined || !UNUSABLE_STATES.has(state)) return undefined;
  return { type: 'UNUSABLE_KEY_USE', keyArn: o.keyArn, principal: o.principal, source: o.source, details: { operation: o.operation, keyState: state } };
};

/** After a key's learning period, an encryption-context key (the name; values are never looked at) it never had. */
const newContextKey: Detector = (o, s) => {
  if (o.keyArn === undefined || o.errorCode !== undefined || !KEY_USES.has(o.operation)) return undefined;
  s.facts.learn('context-learning', o.keyArn, '', o.time);
  if (o.contextKeys === undefined || o.contextKeys.length === 0) return undefined;
  const learning = o.time - s.facts.firstSeen('context-learning', o.keyArn)! < s.settings.contextLearningMinutes * 60_000;
  const fresh = o.contextKeys.filter((k) => s.facts.learn('context-key', o.keyArn!, k, o.time));
  if (learning || fresh.length === 0) return undefined;
  return {
    type: 'NEW_ENCRYPTION_CONTEXT_KEY', keyArn: o.keyArn, principal: o.principal, source: o.source, distinct: fresh.join('\n'),
    details: { operation: o.operation, newContextKeys: fresh },
  };
};

/** A principal seen from a network (/24, /64) it never came from; its first network is learnt silently. */
const newSourceNetwork: Detector = (o, s) => {
  if (!authenticated(o)) return undefined;
  const network = networkOf(o.source);
  if (network === undefined) return undefined;
  const first = !s.facts.hasAny('network', o.principal);
  if (!s.facts.learn('network', o.principal, network, o.time)) return undefined;
  if (first) {
    s.facts.touch('network', o.principal, o.time);
    return undefined;
  }
  return { type: 'NEW_SOURCE_NETWORK', principal: o.principal, source: o.source, distinct: network, details: { network, operation: o.operation } };
};

/** Every detector, run in this order for every answered request. */
export const DETECTORS: Readonly<Record<AlertType, Detector>> = {
  KEY_REQUEST_RATE: keyRate,
  PRINCIPAL_REQUEST_RATE: principalRate,
  FIRST_KEY_USE: firstKeyUse,
  FAILED_DECRYPT_BURST: failedDecryptBurst,
  UNUSABLE_KEY_USE: unusableKeyUse,
  NEW_ENCRYPTION_CONTEXT_KEY: newContextKey,
  NEW_SOURCE_NETWORK: newSourceNetwork,
};
