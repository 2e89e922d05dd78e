// Per-minute request-rate baselines under the service clock: each subject (a key, a principal) counts its requests in
// the current minute; when a minute ends its count folds into an exponentially weighted moving average (empty minutes
// fold as zeros), so the baseline follows the subject's usual rate. A minute alerts once it passes
// max(k × baseline, floor), and only after the warm-up (the baseline needs minutes to mean anything).
// NIST/SEMATECH e-Handbook §6.3.2.4 (EWMA control charts).
import type { AnomalySettings } from './anomaly-settings.js';

const MINUTE_MS = 60_000;
/** Subjects idle this long are forgotten (their baseline has decayed to nothing meanwhile). */
const IDLE_MINUTES = 24 * 60;

interface Rate {
  minute: number;
  count: number;
  /** undefined until the first whole minute folds in. */
  baseline: number | undefined;
  firstMinute: number;
  /** The current minute's threshold (fixed at the minute's start: the burst must not raise its own bar). */
  threshold: number;
}

/** A minute that passed its subject's threshold (reported once, at the request that passed it). */
export interface RateExcess {
  count: number;
  baseline: number;
  threshold: number;
  minuteStart: number;
}

export class RateBaselines {
  private readonly rates = new Map<string, Rate>();
  private sweptMinute = 0;

  constructor(private readonly settings: AnomalySettings) {}

  /** Counts one request of `subject` at `time`; the excess when this request is the one that passes the threshold. */
  count(subject: string, time: number): RateExcess | undefined {
    const minute = Math.floor(time / MINUTE_MS);
    let r = this.rates.get(subject);
    if (r === undefined) {
      r = { minute, count: 0, baseline: undefined, firstMinute: minute, threshold: Infinity };
      this.rates.set(subject, r);
    } else if (minute > r.minute) {
      this.roll(r, minute);
    }
    r.count++;
    if (r.count !== Math.floor(r.threshold) + 1) return undefined;
    return { count: r.count, baseline: round(r.baseline ?? 0), threshold: Math.floor(r.threshold), minuteStart: r.minute * MINUTE_MS };
  }

  /** Folds the ended minute (and the empty ones after it) into the baseline and fixes the new minute's threshold. */
  private roll(r: Rate, minute: number): void {
    const a = this.settings.rateSmoothing;
    const gap = minute - r.minute;
    let b: number | undefined;
    // The subject's first minute began part-way: it is left out (whole empty minutes after it count as zeros); the
    // first whole minute seeds the average rather than being averaged in against nothing.
    if (r.minute === r.firstMinute) b = gap > 1 ? 0 : undefined;
    else b = (r.baseline === undefined ? r.count : a * r.count + (1 - a) * r.baseline) * (1 - a) ** (gap - 1);
    r.baseline = b;
    r.minute = minute;
    r.count = 0;
    const warm = b !== undefined && minute - r.firstMinute >= this.settings.rateWarmupMinutes;
    r.threshold = warm ? Math.max(this.settings.rateFactor * b!, this.settings.rateFloorPerMinute) : Infinity;
  }

  /** Forgets subjects idle for a day; runs at most once a minute of service time. */
  sweep(time: number): void {
    const minute = Math.floor(time / MINUTE_MS);
    if (minute === this.sweptMinute) return;
    this.sweptMinute = minute;
    for (const [s, r] of this.rates) if (minute - r.minute > IDLE_MINUTES) this.rates.delete(s);
  }

  get size(): number {
    return this.rates.size;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
