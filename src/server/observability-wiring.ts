// Audit export, metrics and the audit HMAC put together for one server process: the export sinks from the
// configuration (src/audit/export), the Prometheus registry and its listener (src/observability), the installation's
// audit HMAC key (a sealed service secret), and what /healthz adds about them.
import cluster from 'node:cluster';
import { AuditHasher } from '../audit/events/audit-hasher.js';
import { AuditExporter } from '../audit/export/audit-exporter.js';
import { SinkOptionError, sinkSpecs } from '../audit/export/sink-options.js';
import type { CommitHooks } from '../audit/group-commit.js';
import { KEYWARD_OPERATIONS, KMS_OPERATIONS } from '../core/operations/registry.js';
import type { AuditEventView, Store } from '../core/ports.js';
import type { AuditRecord } from '../core/model.js';
import { cloudTrailEvent } from '../audit/events/cloudtrail-event.js';
import { SEALED_META } from '../core/secrets/sealed-values.js';
import { serviceSecret } from '../core/secrets/service-secret.js';
import type { KmsService } from '../core/service.js';
import { cryptoPoolInFlight } from '../crypto/worker-pool.js';
import { QUERY_SERVICES } from '../identity/registry.js';
import { Metrics } from '../observability/metrics.js';
import { startMetricsServer, type MetricsServer } from '../observability/metrics-server.js';
import { ConfigError, parseListen, type Config } from './config.js';
import type { Logger } from './log.js';

const KEY_COUNT_TTL_MS = 15_000;

/** Every operation name a metric label may carry. */
function operationNames(): Set<string> {
  const names = new Set<string>([...KMS_OPERATIONS.keys(), ...KEYWARD_OPERATIONS.keys()]);
  for (const [service, s] of QUERY_SERVICES) for (const op of s.operations.keys()) names.add(`${service}:${op}`);
  return names;
}

/** Key counts for the gauge, read at most every 15 s (a scrape must not scan a million keys each time). */
function cachedKeyCounts(store: Store): () => ReturnType<Store['countKeysByStateAndSpec']> {
  let at = 0;
  let last: ReturnType<Store['countKeysByStateAndSpec']> | undefined;
  return () => {
    if (!last || Date.now() - at > KEY_COUNT_TTL_MS) {
      at = Date.now();
      last = store.countKeysByStateAndSpec();
      last.catch(() => (last = undefined));
    }
    return last;
  };
}

/** Records as CloudTrail events and values as their audit HMAC, for LookupEvents and HashAuditValue (core's port). */
export class AuditEvents implements AuditEventView {
  /** Set once the service can unseal the installation's audit key (Observability.hasher). */
  hasher: AuditHasher | undefined;
  constructor(private readonly scope: { accountId: string; region: string }) {}

  event(record: AuditRecord): ReturnType<AuditEventView['event']> {
    return cloudTrailEvent(record, this.scope);
  }

  hash(value: string): string {
    if (!this.hasher) throw new Error('the audit key is not unsealed yet');
    return this.hasher.hash(value);
  }
}

export class Observability {
  readonly exporter: AuditExporter;
  readonly metrics: Metrics | undefined;
  private metricsServer: MetricsServer | undefined;

  constructor(
    private readonly cfg: Config, store: Store & { poolStats?: () => { total: number; idle: number; waiting: number } },
    /** Whether this node is sealed now (the keyward_sealed gauge). */
    sealed?: () => boolean,
  ) {
    try {
      const fileSuffix = cluster.isWorker ? `.w${cluster.worker!.id}` : undefined;
      this.exporter = new AuditExporter(sinkSpecs(cfg, { fileSuffix }), { accountId: cfg.accountId, region: cfg.region });
    } catch (err) {
      if (err instanceof SinkOptionError) throw new ConfigError(err.message);
      throw err;
    }
    this.metrics = cfg.metricsListen === undefined ? undefined : new Metrics({
      operations: operationNames(),
      keyCounts: cachedKeyCounts(store),
      sinks: () => this.exporter.health(),
      sealed,
      databasePool: store.poolStats && (() => store.poolStats!()),
      cryptoQueue: cryptoPoolInFlight,
    });
  }

  /** The group-commit hooks: exports wait for required sinks; append timing goes to the metrics. */
  get commitHooks(): CommitHooks {
    return {
      committed: this.exporter.empty ? undefined : (entries, links) => this.exporter.publish(entries, links),
      timed: this.metrics?.observeAuditAppend,
    };
  }

  /** The installation's audit HMAC (created on first start, the same on every node). */
  static async hasher(service: KmsService): Promise<AuditHasher> {
    return new AuditHasher(await serviceSecret(service, SEALED_META.auditHmacKey.name, SEALED_META.auditHmacKey.purpose));
  }

  async listen(log: Logger): Promise<string | undefined> {
    if (!this.metrics || this.cfg.metricsListen === undefined) return undefined;
    const { host, port } = parseListen(this.cfg.metricsListen);
    this.metricsServer = await startMetricsServer(this.metrics, host, port, (err) => log.error('metrics collection failed', { error: String(err) }));
    return this.metricsServer.url;
  }

  /** What /healthz says about the export sinks; `failing` when a required one is (requests are refused meanwhile). */
  health(): { failing: boolean; auditSinks?: ReturnType<AuditExporter['health']> } {
    if (this.exporter.empty) return { failing: false };
    const sinks = this.exporter.health();
    return { failing: sinks.some((s) => s.required && !s.healthy), auditSinks: sinks };
  }

  async close(): Promise<void> {
    await this.metricsServer?.close();
    await this.exporter.close();
  }
}
