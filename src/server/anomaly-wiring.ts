// This node's anomaly detector (docs/anomaly.md) put together: the settings from the configuration, the alert store,
// the audit log its alerts are recorded in, the key cache it reads key states from (no I/O), and the metric.
import { AnomalyDetector } from '../anomaly/anomaly-detector.js';
import type { AuditSink, Store } from '../core/ports.js';
import type { KmsService } from '../core/service.js';
import type { Metrics } from '../observability/metrics.js';
import { anomalySettings, type Config } from './config.js';
import type { Logger } from './log.js';

/** Starts detection unless --anomaly-detection off; the service's alert operations use it from then on. */
export async function startAnomalyDetection(
  cfg: Config, store: Store, audit: AuditSink, service: KmsService, metrics: Metrics | undefined, log: Logger,
): Promise<AnomalyDetector | undefined> {
  const settings = anomalySettings(cfg);
  if (!settings) return undefined;
  const detector = await AnomalyDetector.start({
    store: store.alerts, auditLog: store, audit, settings,
    keyState: (arn) => {
      const at = arn.indexOf(':key/');
      return at < 0 ? undefined : service.keys.cached(arn.slice(at + 5))?.record.state;
    },
    raised: metrics?.observeAlert,
    failed: (what, err) => log.warn('anomaly detection could not write; retrying', { what, error: String(err) }),
  });
  service.deps.anomaly = detector;
  return detector;
}
