// Prometheus metrics (prom-client) of one server process: requests and latency by operation and outcome, throttles,
// authorization denials, keys by state and spec, scheduler jobs, audit append latency, export sink health, seal
// state, database pool, crypto worker queue and anomaly alerts raised. Labels are bounded: operations are the registry's names (anything else
// is `other`), outcomes are AWS error codes, and no label names a key or a principal.
// https://prometheus.io/docs/practices/naming/ https://github.com/siimots/prom-client
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ALERT_TYPE_NAMES } from '../core/anomaly/alert-model.js';

export interface SinkView {
  name: string;
  required: boolean;
  healthy: boolean;
  queued: number;
  accepted: number;
  dropped: number;
}

export interface MetricSources {
  /** Operation names that may appear as labels (KMS, Keyward, `iam:*`, `sts:*`). */
  operations: ReadonlySet<string>;
  /** Key counts by state and spec (cached by the caller; called at most once per scrape). */
  keyCounts?: () => Promise<readonly { state: string; spec: string; count: number }[]>;
  sinks?: () => readonly SinkView[];
  sealed?: () => boolean;
  databasePool?: () => { total: number; idle: number; waiting: number } | undefined;
  cryptoQueue?: () => number;
}

const DENIALS = new Set(['AccessDeniedException', 'AccessDenied']);
const THROTTLES = new Set(['ThrottlingException', 'Throttling']);
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly latency: Histogram<'operation' | 'outcome'>;
  private readonly throttles: Counter<'operation'>;
  private readonly denials: Counter<'operation'>;
  private readonly jobs: Counter<'job' | 'result'>;
  private readonly jobWork: Counter<'job'>;
  private readonly auditAppend: Histogram;
  private readonly auditBatch: Histogram;
  private readonly alerts: Counter<'type'>;

  constructor(private readonly src: MetricSources) {
    const r = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'keyward_' });
    this.requests = new Counter({ name: 'keyward_requests_total', help: 'Requests served, by operation and outcome (success or the AWS error code).', labelNames: ['operation', 'outcome'], registers: r });
    this.latency = new Histogram({ name: 'keyward_request_duration_seconds', help: 'Time from the request read to the answer, audit included.', labelNames: ['operation', 'outcome'], buckets: LATENCY_BUCKETS, registers: r });
    this.throttles = new Counter({ name: 'keyward_throttled_requests_total', help: 'Requests refused by a rate limit (ThrottlingException).', labelNames: ['operation'], registers: r });
    this.denials = new Counter({ name: 'keyward_authorization_denials_total', help: 'Requests refused by authorization (AccessDeniedException / AccessDenied).', labelNames: ['operation'], registers: r });
    this.jobs = new Counter({ name: 'keyward_scheduler_jobs_total', help: 'Scheduler job runs, by job and result (run or failed).', labelNames: ['job', 'result'], registers: r });
    this.jobWork = new Counter({ name: 'keyward_scheduler_work_items_total', help: 'Items of lifecycle work performed (deletions, rotations, expiries, checkpoints).', labelNames: ['job'], registers: r });
    this.auditAppend = new Histogram({ name: 'keyward_audit_append_seconds', help: 'Durable audit append (one group-commit batch, one sync).', buckets: LATENCY_BUCKETS, registers: r });
    this.auditBatch = new Histogram({ name: 'keyward_audit_batch_records', help: 'Records per group-commit batch.', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers: r });
    this.alerts = new Counter({ name: 'keyward_anomaly_alerts_total', help: 'Anomaly alerts raised (coalesced occurrences not counted), by alert type (docs/anomaly.md).', labelNames: ['type'], registers: r });
    for (const type of ALERT_TYPE_NAMES) this.alerts.inc({ type }, 0); // every type shows, at 0 until raised
    this.gauges(r);
  }

  private gauges(r: Registry[]): void {
    const { keyCounts, sinks, sealed, databasePool, cryptoQueue } = this.src;
    if (keyCounts) {
      new Gauge({
        name: 'keyward_keys', help: 'KMS keys by key state and key spec.', labelNames: ['state', 'spec'], registers: r,
        async collect() {
          this.reset();
          for (const c of await keyCounts()) this.set({ state: c.state, spec: c.spec }, c.count);
        },
      });
    }
    if (sinks) {
      const each = (name: string, help: string, value: (s: SinkView) => number) => new Gauge({
        name, help, labelNames: ['sink', 'required'], registers: r,
        collect() {
          this.reset();
          for (const s of sinks()) this.set({ sink: s.name, required: String(s.required) }, value(s));
        },
      });
      each('keyward_audit_sink_healthy', 'Whether the audit export sink accepts records in time (1) or is failing (0).', (s) => (s.healthy ? 1 : 0));
      each('keyward_audit_sink_queued_records', 'Records waiting for the sink.', (s) => s.queued);
      each('keyward_audit_sink_accepted_records', 'Records the sink accepted since start.', (s) => s.accepted);
      each('keyward_audit_sink_dropped_records', 'Records a best-effort sink dropped (queue full).', (s) => s.dropped);
    }
    if (sealed) new Gauge({ name: 'keyward_sealed', help: 'Whether the server is sealed (1) or unsealed (0).', registers: r, collect() { this.set(sealed() ? 1 : 0); } });
    if (databasePool) {
      new Gauge({
        name: 'keyward_database_pool_connections', help: 'PostgreSQL pool connections (total, idle) and waiting clients.', labelNames: ['kind'], registers: r,
        collect() {
          const p = databasePool();
          if (!p) return;
          this.set({ kind: 'total' }, p.total);
          this.set({ kind: 'idle' }, p.idle);
          this.set({ kind: 'waiting' }, p.waiting);
        },
      });
    }
    if (cryptoQueue) new Gauge({ name: 'keyward_crypto_pool_in_flight', help: 'Tasks (RSA, ML-DSA, key pairs) waiting for or running on the crypto worker pool.', registers: r, collect() { this.set(cryptoQueue()); } });
  }

  /** One served request (the dispatcher's observer). */
  readonly observeRequest = (operation: string, errorCode: string | undefined, seconds: number): void => {
    const op = this.src.operations.has(operation) ? operation : 'other';
    this.requests.inc({ operation: op, outcome: errorCode ?? 'success' });
    this.latency.observe({ operation: op, outcome: errorCode ? 'error' : 'success' }, seconds);
    if (errorCode && THROTTLES.has(errorCode)) this.throttles.inc({ operation: op });
    if (errorCode && DENIALS.has(errorCode)) this.denials.inc({ operation: op });
  };

  readonly observeJob = (job: string, performed: number, error?: unknown): void => {
    this.jobs.inc({ job, result: error === undefined ? 'run' : 'failed' });
    if (performed > 0) this.jobWork.inc({ job }, performed);
  };

  readonly observeAuditAppend = (seconds: number, records: number): void => {
    this.auditAppend.observe(seconds);
    this.auditBatch.observe(records);
  };

  /** An anomaly alert raised (src/anomaly); the type is one of the bounded ALERT_TYPE_NAMES. */
  readonly observeAlert = (type: string): void => {
    this.alerts.inc({ type });
  };

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
