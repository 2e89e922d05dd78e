// This node's anomaly detection (docs/anomaly.md): every answered request is observed once, after its audit record is
// durable (src/server/request-audit.ts), by the detector table (detectors.ts) against in-memory baselines; what they
// find becomes alerts (alert-book.ts), written in the background every second and before ListAlerts answers.
// Everything runs on the service clock, so the dev test clock drives it deterministically.
import type { AlertType, AnomalyControl, AlertStore } from '../core/anomaly/alert-model.js';
import type { AuditSink, Store } from '../core/ports.js';
import { AlertBook } from './alert-book.js';
import type { AnomalySettings } from './anomaly-settings.js';
import { DETECTORS, type DetectorState } from './detectors.js';
import { LearnedFacts } from './learned-facts.js';
import type { Observation } from './observation.js';
import { RateBaselines } from './rate-baseline.js';
import { seedFromAudit } from './history-seed.js';

const FLUSH_MS = 1_000;

export interface AnomalyDeps {
  store: AlertStore;
  /** The audit log, read once when no learned fact is stored yet (history-seed.ts). */
  auditLog: Pick<Store, 'lastAudit' | 'readAudit'>;
  audit: AuditSink;
  settings: AnomalySettings;
  keyState(keyArn: string): string | undefined;
  raised?: ((type: AlertType) => void) | undefined;
  failed(what: string, err: unknown): void;
}

const DETECTOR_LIST = Object.values(DETECTORS);

export class AnomalyDetector implements AnomalyControl {
  private readonly state: DetectorState;
  private readonly book: AlertBook;
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly d: AnomalyDeps) {
    const facts = new LearnedFacts();
    this.state = { settings: d.settings, keyRates: new RateBaselines(d.settings), principalRates: new RateBaselines(d.settings), facts, failures: new Map(), keyState: d.keyState };
    this.book = new AlertBook({
      store: d.store, audit: d.audit, facts, coalesceMs: d.settings.coalesceSeconds * 1000,
      raised: (t) => d.raised?.(t), failed: d.failed,
    });
  }

  /** Loads the learned facts (or, the first time, learns them from the audit log) and starts the background writer. */
  static async start(d: AnomalyDeps): Promise<AnomalyDetector> {
    const detector = new AnomalyDetector(d);
    const stored = await d.store.baselines();
    detector.state.facts.load(stored);
    if (stored.length === 0) await seedFromAudit(d.auditLog, detector.state.facts);
    detector.timer = setInterval(() => void detector.flush().catch((err) => d.failed('flush', err)), FLUSH_MS);
    detector.timer.unref();
    return detector;
  }

  /** One answered request: synchronous, in memory. */
  observe(o: Observation): void {
    for (const detect of DETECTOR_LIST) {
      const f = detect(o, this.state);
      if (f !== undefined) this.book.note(f, o.time);
    }
    this.sweep(o.time);
  }

  flush(): Promise<void> {
    return this.book.flush();
  }

  acknowledged(alertId: string): void {
    this.book.acknowledged(alertId);
  }

  /** Stops the writer after a last flush. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch((err) => this.d.failed('flush', err));
  }

  private lastSweep = 0;

  /** Once a minute of service time: idle rates, stale failure windows and expired open alerts are forgotten. */
  private sweep(time: number): void {
    if (time - this.lastSweep < 60_000) return;
    this.lastSweep = time;
    this.state.keyRates.sweep(time);
    this.state.principalRates.sweep(time);
    const since = time - this.d.settings.failedDecryptSeconds * 1000;
    for (const [p, times] of this.state.failures) if (times.length === 0 || times[times.length - 1]! <= since) this.state.failures.delete(p);
    this.book.sweep(time);
  }
}
