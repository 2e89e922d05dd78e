// The detectors' thresholds (docs/anomaly.md), as one table: each setting's default and meaning. server/config.ts
// exposes each as a flag and resolves them into an AnomalySettings.
export interface AnomalySettings {
  /** k: a minute's requests alert when above max(k × baseline, floor). */
  readonly rateFactor: number;
  /** The floor of the rate threshold, in requests per minute (no alert below it, whatever the baseline). */
  readonly rateFloorPerMinute: number;
  /** Minutes a key or principal is observed before its rate can alert (its baseline is learnt meanwhile). */
  readonly rateWarmupMinutes: number;
  /** The weight of the newest minute in the exponentially weighted baseline (0 < α ≤ 1). */
  readonly rateSmoothing: number;
  /** Failed decrypts of one principal that make a burst... */
  readonly failedDecrypts: number;
  /** ...within this many seconds. */
  readonly failedDecryptSeconds: number;
  /** Minutes after a key's first use during which its encryption-context keys are learnt without alerts. */
  readonly contextLearningMinutes: number;
  /** Occurrences of an OPEN alert's type, key and principal within this many seconds of its last one coalesce into it. */
  readonly coalesceSeconds: number;
}

/** Defaults: a 10× jump over at least 100 requests a minute after 15 minutes of learning; 10 failed decrypts a minute. */
export const DEFAULT_ANOMALY_SETTINGS: AnomalySettings = {
  rateFactor: 10,
  rateFloorPerMinute: 100,
  rateWarmupMinutes: 15,
  rateSmoothing: 0.2,
  failedDecrypts: 10,
  failedDecryptSeconds: 60,
  contextLearningMinutes: 1440,
  coalesceSeconds: 3600,
};

/** Each setting's flag, bounds and description (server/config.ts builds its options from this table). */
export const ANOMALY_OPTIONS: Readonly<Record<keyof AnomalySettings, { flag: string; min: number; max: number; integer: boolean; description: string }>> = {
  rateFactor: { flag: '--anomaly-rate-factor', min: 1.5, max: 1000, integer: false, description: 'Request-rate alert: a minute above this many times the key\'s or principal\'s baseline.' },
  rateFloorPerMinute: { flag: '--anomaly-rate-floor', min: 1, max: 10_000_000, integer: true, description: 'Request-rate alert: never below this many requests a minute.' },
  rateWarmupMinutes: { flag: '--anomaly-rate-warmup-minutes', min: 1, max: 10_080, integer: true, description: 'Minutes of baseline learning before a key or principal can raise a rate alert.' },
  rateSmoothing: { flag: '--anomaly-rate-smoothing', min: 0.01, max: 1, integer: false, description: 'Weight of the newest minute in the exponentially weighted baseline.' },
  failedDecrypts: { flag: '--anomaly-failed-decrypts', min: 2, max: 1_000_000, integer: true, description: 'Failed-decrypt burst: this many failures (InvalidCiphertext, IncorrectKey, AccessDenied) by one principal...' },
  failedDecryptSeconds: { flag: '--anomaly-failed-decrypt-seconds', min: 1, max: 86_400, integer: true, description: '...within this many seconds.' },
  contextLearningMinutes: { flag: '--anomaly-context-learning-minutes', min: 0, max: 525_600, integer: true, description: 'Minutes after a key\'s first use in which new encryption-context keys are learnt, not alerted.' },
  coalesceSeconds: { flag: '--anomaly-coalesce-seconds', min: 1, max: 2_592_000, integer: true, description: 'Occurrences within this many seconds of an open alert\'s last one are counted into it.' },
};
