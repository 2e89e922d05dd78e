// What a node runs once its installation is unsealed: the barrier opened with the root of trust, the credentials,
// the KMS service with its cache fed by the store's change feed, the lifecycle scheduler and the dispatcher. Sealing
// stops all of it and forgets every key (src/server/seal-gate.ts switches requests between this and the sealed answer).
import { PolicyAuthorizer } from '../auth/authorizer.js';
import { TokenBucketLimiter } from '../auth/rate-limiter.js';
import { checkpointJob, installationSigner } from '../audit/checkpoint.js';
import type { GroupCommitAuditLog } from '../audit/group-commit.js';
import { importExpiryJob } from '../core/import/expiry-job.js';
import { approvalExpiryJob } from '../core/approvals/expiry-job.js';
import { keyLifecycleJob } from '../core/lifecycle/key-jobs.js';
import { auditFollowerJob } from '../core/lifecycle/audit-follower.js';
import { lifecycleJob } from '../core/lifecycle/lifecycle-job.js';
import { LifecycleScheduler, type ScheduledJob } from '../core/lifecycle/scheduler.js';
import { APPROVAL_RULES_CHANGE, type Clock, type NodeControl, type RootOfTrust } from '../core/ports.js';
import { IDENTITY_CHANGE } from '../identity/ports.js';
import { loadDirectory, startIdentity, type IdentityStoreHolder, type NodeIdentity } from './identity-wiring.js';
import { unsealBarrier, type Barrier } from '../core/secrets/barrier.js';
import { barrierRotationJob } from '../core/secrets/barrier-rotation.js';
import { KmsService, type Principal } from '../core/service.js';
import type { CustomKeyStoreBackend } from '../core/custom-key-stores/backend.js';
import { NODE_ID, SCHEDULER_LEASE, TEST_SCHEDULER_LEASE } from './cluster.js';
import { lifecycleSettings, preflightSettings, servedRegions, type Config } from './config.js';
import { authorizeAdmin, type AdminRequest } from './admin-auth.js';
import { Dispatcher } from './dispatcher.js';
import { AuditEvents, Observability } from './observability-wiring.js';
import { rateLimitConfig } from './rate-limit-config.js';
import { RequestAudit } from './request-audit.js';
import type { Logger } from './log.js';
import { webhookDeliveryJob } from '../webhooks/webhook-delivery.js';
import type { AnomalyDetector } from '../anomaly/anomaly-detector.js';
import { startAnomalyDetection } from './anomaly-wiring.js';

/** How often a node reloads the barrier keyring (well inside barrier-rotation.ts RETIRE_GRACE_MS). */
const KEYRING_REFRESH_MS = 2_000;

/**
 * The lifecycle jobs, in the order they run: the audit follower after every job that audits (so their lifecycle events
 * exist in the same run), the checkpoint after them, so it covers what the others audited.
 */
export const LIFECYCLE_JOBS: readonly ScheduledJob[] = [
  keyLifecycleJob, importExpiryJob, approvalExpiryJob, lifecycleJob, barrierRotationJob, auditFollowerJob, checkpointJob,
];

/** With a webhook configured, its delivery from the outbox runs last (after the follower made the run's events). */
function jobsFor(cfg: Config): readonly ScheduledJob[] {
  if (cfg.webhookUrl === undefined || cfg.webhookSecret === undefined) return LIFECYCLE_JOBS;
  return [...LIFECYCLE_JOBS, webhookDeliveryJob({ url: cfg.webhookUrl, secret: cfg.webhookSecret, holder: NODE_ID })];
}

export interface NodeDeps {
  cfg: Config;
  store: IdentityStoreHolder;
  root: RootOfTrust;
  clock: Clock;
  audit: GroupCommitAuditLog;
  log: Logger;
  node: NodeControl;
  hsm: CustomKeyStoreBackend;
  observability: Observability;
  /** Runs once the barrier is open and before credentials load (dev mode creates the administrator here). */
  bootstrap?: (barrier: Barrier) => Promise<void>;
}

export class ActiveNode {
  private constructor(
    readonly service: KmsService,
    readonly dispatcher: Dispatcher,
    readonly scheduler: LifecycleScheduler,
    private readonly unwatch: () => void,
    private readonly lease: { name: string },
    private readonly store: IdentityStoreHolder,
    private readonly identity: NodeIdentity,
    private readonly keyring: NodeJS.Timeout,
    private readonly authorizer: PolicyAuthorizer,
    private readonly anomaly: AnomalyDetector | undefined,
  ) {}

  /** Keyward's own HTTP routes (the test clock): an administrator's SigV4 request, decided by the policy engine. */
  authorizeAdmin(req: AdminRequest, action: string): Promise<Principal> {
    return authorizeAdmin(this.identity.authenticator, this.authorizer, req, action);
  }

  static async start(d: NodeDeps): Promise<ActiveNode> {
    const barrier = await unsealBarrier(d.store, d.root);
    await d.bootstrap?.(barrier);
    const scope = { accountId: d.cfg.accountId, region: d.cfg.region };
    const directory = await loadDirectory(d.store, barrier, d.cfg.accountId, d.log);
    const authorizer = new PolicyAuthorizer(directory, () => service,
      (source, err) => d.log.warn('a stored policy does not parse; it allows nothing', { source, error: String(err) }));
    const limits = rateLimitConfig(d.cfg);
    const limiter = limits && new TokenBucketLimiter(limits, d.cfg.region);
    const auditEvents = new AuditEvents(scope);
    const service: KmsService = new KmsService({
      store: d.store, barrier, clock: d.clock, scope, regions: servedRegions(d.cfg), audit: d.audit, authorizer, limiter, root: d.root, node: d.node, hsm: d.hsm,
      lifecycle: lifecycleSettings(d.cfg), auditEvents, signer: installationSigner(() => service), preflight: preflightSettings(d.cfg),
    });
    const identity = await startIdentity(d.store, service, directory, service.regionNames, authorizer.checkTrust, d.log);
    // Changes made by other nodes and workers (and our own) reach the caches through the store's change feed.
    const unwatch = d.store.watchKeyChanges(
      (id) => (id === IDENTITY_CHANGE ? identity.directory.changed()
        : id === APPROVAL_RULES_CHANGE ? service.approvalRules.invalidate() : service.keys.invalidate(id)),
      () => {
        service.keys.clear();
        service.approvalRules.invalidate();
        identity.directory.changed();
      },
    );
    // A barrier term added by another node (rotate-barrier) is loaded within seconds, before values use it here.
    const keyring = setInterval(() => void barrier.refresh?.().catch((err) => d.log.warn('barrier keyring reload failed', { error: String(err) })), KEYRING_REFRESH_MS);
    keyring.unref();
    // Lifecycle jobs run on the node holding the scheduler lease; when it dies, the lease lapses and another takes over.
    const lease = d.cfg.testClock ? TEST_SCHEDULER_LEASE : SCHEDULER_LEASE;
    const mayRun = () => d.store.tryLease(lease.name, NODE_ID, lease.ttlMs, Date.now());
    const scheduler = new LifecycleScheduler(service, jobsFor(d.cfg), {
      intervalMs: lease.intervalMs, mayRun, onError: (err) => d.log.error('lifecycle job failed', { error: String(err) }),
      onJob: d.observability.metrics?.observeJob,
    });
    if (await mayRun()) await scheduler.runDue(); // work that fell due while the cluster was down happens at start-up
    scheduler.start();
    auditEvents.hasher = await Observability.hasher(service);
    const { exporter, metrics } = d.observability;
    const anomaly = await startAnomalyDetection(d.cfg, d.store, d.audit, service, metrics, d.log);
    const requestAudit = new RequestAudit(service, auditEvents.hasher, d.log, anomaly && ((o) => anomaly.observe(o)));
    const dispatcher = new Dispatcher({
      service, auth: identity.authenticator, identity: identity.identity, log: d.log, audit: requestAudit,
      exporter: exporter.empty ? undefined : exporter, observe: metrics?.observeRequest,
    });
    return new ActiveNode(service, dispatcher, scheduler, unwatch, lease, d.store, identity, keyring, authorizer, anomaly);
  }

  /** Stops the jobs and the feed, and forgets every key this node held (cache, barrier). Leaves the store open. */
  async stop(audit: GroupCommitAuditLog): Promise<void> {
    await this.scheduler.halt();
    clearInterval(this.keyring);
    this.unwatch();
    await this.identity.stop();
    await this.service.invocations.drain(); // unused AES-GCM invocation ranges go back to the shared counters
    await this.anomaly?.stop(); // queued alerts are written (and audited) before the audit log drains
    await audit.drain();
    this.service.keys.clear();
    this.service.deps.barrier.clear();
    this.service.deps.hsm.close(); // log out of every custom key store's token
    await this.store.releaseLease(this.lease.name, NODE_ID).catch(() => undefined); // another node takes over at once
  }
}
