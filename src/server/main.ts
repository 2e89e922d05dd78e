// Starts a Keyward server: opens the store, unseals the barrier with the root of trust, initialises the
// administrator on a new data directory, and serves the AWS KMS protocol until stopped.
import { accessSync, constants as fsConstants, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PolicyAuthorizer } from '../auth/authorizer.js';
import { TokenBucketLimiter } from '../auth/rate-limiter.js';
import { rateLimitConfig } from './rate-limit-config.js';
import { GroupCommitAuditLog } from '../audit/group-commit.js';
import { unsealBarrier, type Barrier } from '../core/secrets/barrier.js';
import { systemClock, type Clock } from '../core/ports.js';
import { checkpointJob } from '../audit/checkpoint.js';
import { importExpiryJob } from '../core/import/expiry-job.js';
import { keyLifecycleJob } from '../core/lifecycle/key-jobs.js';
import { auditFollowerJob } from '../core/lifecycle/audit-follower.js';
import { lifecycleJob } from '../core/lifecycle/lifecycle-job.js';
import { webhookDeliveryJob } from '../webhooks/webhook-delivery.js';
import { LifecycleScheduler, type ScheduledJob } from '../core/lifecycle/scheduler.js';
import { KmsService } from '../core/service.js';
import { runSelfTests } from '../crypto/self-test.js';
import { startCryptoPool, stopCryptoPool } from '../crypto/worker-pool.js';
import { KeyFileRoot } from '../seal/dev-key-file.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createFirstAdministrator, generateAccessKey } from '../identity/first-administrator.js';
import { IDENTITY_CHANGE } from '../identity/ports.js';
import { authorizeAdmin, jsonBody, type AdminRequest } from './admin-auth.js';
import { loadDirectory, startIdentity, type IdentityStoreHolder } from './identity-wiring.js';
import { ConfigError, lifecycleSettings, parseListen, type Config } from './config.js';
import { Dispatcher } from './dispatcher.js';
import { createHttpServer, type AdminRoutes } from './http.js';
import { AuditEvents, Observability } from './observability-wiring.js';
import { RequestAudit } from './request-audit.js';
import { createLogger, type Logger } from './log.js';
import { parseAdvance, SharedTestClock, TEST_CLOCK_META } from './clock-store.js';
import { exitWithPrimary, isWorker, NODE_ID, reportListening, SCHEDULER_LEASE, startPrimary, TEST_SCHEDULER_LEASE } from './cluster.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(cfg: Config, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<RunningServer> {
  const log = createLogger(cfg.logLevel);
  runSelfTests(); // known-answer tests first: no key is touched if a primitive is broken (throws SelfTestError)
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  checkWritable(cfg.dataDir);
  if (Number(cfg.workers) > 1 && !isWorker()) {
    // --workers N: this process prepares the data directory once, then forks the workers (src/server/cluster.ts).
    return startPrimary({
      workers: Number(cfg.workers), log,
      async prepare() {
        const store = openStore(cfg, log);
        try {
          await store.migrate();
          const barrier = await unsealBarrier(store, openRoot(cfg));
          return await bootstrap(cfg, store, barrier, Date.now() + Number((await store.getMeta(TEST_CLOCK_META)) ?? 0));
        } finally {
          await store.close();
        }
      },
      announce: (url, generated) => announce(cfg, url, generated as Awaited<ReturnType<typeof bootstrap>>, out, log),
    });
  }
  const store = openStore(cfg, log);
  await store.migrate();
  const barrier = await unsealBarrier(store, openRoot(cfg));
  // The test clock's offset lives in the store, so every node and worker shares it (src/server/clock-store.ts).
  const clock: Clock = cfg.testClock ? await SharedTestClock.open(store) : systemClock;
  const generated = await bootstrap(cfg, store, barrier, clock.now());
  const observability = new Observability(cfg, store);
  const audit = new GroupCommitAuditLog(store, observability.commitHooks);
  const scope = { accountId: cfg.accountId, region: cfg.region };
  const directory = await loadDirectory(store, barrier, cfg.accountId, log);
  const authorizer = new PolicyAuthorizer(directory, () => service,
    (source, err) => log.warn('a stored policy does not parse; it allows nothing', { source, error: String(err) }));
  const limits = rateLimitConfig(cfg);
  const limiter = limits && new TokenBucketLimiter(limits, cfg.region);
  const auditEvents = new AuditEvents(scope);
  const service: KmsService = new KmsService({ store, barrier, clock, scope, audit, authorizer, limiter, lifecycle: lifecycleSettings(cfg), auditEvents });
  const node = await startIdentity(store, service, directory, [cfg.region], authorizer.checkTrust, log);
  // Changes made by other nodes and workers (and our own) reach the caches through the store's change feed.
  const unwatch = store.watchKeyChanges(
    (id) => (id === IDENTITY_CHANGE ? node.directory.changed() : service.keys.invalidate(id)),
    () => {
      service.keys.clear();
      node.directory.changed();
    },
  );
  // Lifecycle jobs run on the node holding the scheduler lease; when it dies, the lease lapses and another takes over.
  const lease = cfg.testClock ? TEST_SCHEDULER_LEASE : SCHEDULER_LEASE;
  const mayRun = () => store.tryLease(lease.name, NODE_ID, lease.ttlMs, Date.now());
  const scheduler = new LifecycleScheduler(service, jobsFor(cfg), {
    intervalMs: lease.intervalMs, mayRun, onError: (err) => log.error('lifecycle job failed', { error: String(err) }),
    onJob: observability.metrics?.observeJob,
  });
  if (await mayRun()) await scheduler.runDue(); // work that fell due while the cluster was down happens at start-up
  scheduler.start();
  startCryptoPool(); // RSA, ML-DSA and key-pair generation run here, off the event loop (docs/key-types.md)
  auditEvents.hasher = await Observability.hasher(service);
  const requestAudit = new RequestAudit(service, auditEvents.hasher, log);
  const dispatcher = new Dispatcher({
    service, auth: node.authenticator, identity: node.identity, log, audit: requestAudit,
    exporter: observability.exporter.empty ? undefined : observability.exporter, observe: observability.metrics?.observeRequest,
  });
  const routes = adminRoutes(cfg, clock, store.kind, scheduler, (req, action) => authorizeAdmin(node.authenticator, authorizer, req, action), observability);
  const server = createHttpServer(dispatcher, routes, log);
  const { host, port } = parseListen(cfg.listen);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  const metricsUrl = await observability.listen(log);
  if (metricsUrl) log.info('metrics listening', { url: metricsUrl });
  if (isWorker()) reportListening(url); // the primary prints the banner, once
  else announce(cfg, url, generated, out, log);
  let closed: Promise<void> | undefined;
  const running: RunningServer = {
    url,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        scheduler.stop();
        unwatch();
        await node.stop();
        if (clock instanceof SharedTestClock) clock.stop();
        await stopCryptoPool();
        await service.invocations.drain(); // unused AES-GCM invocation ranges go back to the shared counters
        await audit.drain();
        await observability.close();
        await store.releaseLease(lease.name, NODE_ID).catch(() => undefined); // another node takes over at once
        await store.close();
      })();
      return closed;
    },
  };
  if (isWorker()) exitWithPrimary(() => running.close());
  return running;
}

/** A data directory the server cannot write to is a configuration problem, said plainly (not a SQLite stack trace). */
function checkWritable(dir: string): void {
  try {
    accessSync(dir, fsConstants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'is on a read-only file system' : `is not writable (${code ?? String(err)})`;
    throw new ConfigError(`the data directory ${dir} ${why}: Keyward needs to write its database and audit log there`);
  }
}

/**
 * The lifecycle jobs, in the order they run: the audit follower after every job that audits (so their lifecycle events
 * exist in the same run), the checkpoint after them, so it covers what the others audited.
 */
const LIFECYCLE_JOBS: readonly ScheduledJob[] = [keyLifecycleJob, importExpiryJob, lifecycleJob, auditFollowerJob, checkpointJob];

/** With a webhook configured, its delivery from the outbox runs last (after the follower made the run's events). */
function jobsFor(cfg: Config): readonly ScheduledJob[] {
  if (cfg.webhookUrl === undefined || cfg.webhookSecret === undefined) return LIFECYCLE_JOBS;
  return [...LIFECYCLE_JOBS, webhookDeliveryJob({ url: cfg.webhookUrl, secret: cfg.webhookSecret, holder: NODE_ID })];
}

function openRoot(cfg: Config): KeyFileRoot {
  return KeyFileRoot.open(cfg.rootKeyFile ?? join(cfg.dataDir, 'root.key'), cfg.dev && cfg.rootKeyFile === undefined);
}

/** PostgreSQL when a database URL is configured (several nodes share it), else SQLite in the data directory. */
function openStore(cfg: Config, log: Logger): IdentityStoreHolder {
  if (cfg.databaseUrl === undefined) return new SqliteStore(join(cfg.dataDir, 'keyward.db'));
  return new PostgresStore(cfg.databaseUrl, { onError: (err) => log.warn('database connection lost', { error: err.message }) });
}

/** Creates the administrator on a new data directory; returns the credentials if dev mode generated them. */
async function bootstrap(cfg: Config, store: IdentityStoreHolder, barrier: Barrier, now: number) {
  const given = cfg.bootstrapAccessKeyId && cfg.bootstrapSecretAccessKey
    ? { accessKeyId: cfg.bootstrapAccessKeyId, secretAccessKey: cfg.bootstrapSecretAccessKey } : undefined;
  if ((await store.identity.snapshot()).accessKeys.length > 0) return undefined;
  if (!given && !cfg.dev) {
    throw new ConfigError('a new data directory needs KEYWARD_BOOTSTRAP_ACCESS_KEY_ID and KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY outside dev mode');
  }
  const key = given ?? generateAccessKey();
  const scope = { accountId: cfg.accountId, region: cfg.region };
  // false: another node sharing the database initialised it first; its credentials stay in force
  if (!(await createFirstAdministrator(store.identity, barrier, scope, key, now)) || given) return undefined;
  const file = join(cfg.dataDir, 'credentials');
  writeFileSync(file, `[keyward]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\nregion = ${cfg.region}\n`, { mode: 0o600 });
  return { ...key, file };
}

function adminRoutes(cfg: Config, clock: Clock, storeKind: string, scheduler: LifecycleScheduler,
  admin: (req: AdminRequest, action: string) => Promise<unknown>, observability: Observability): AdminRoutes {
  // Dev mode also names the answering process, so tests can tell nodes and --workers processes apart. A failing
  // required audit sink makes the node unhealthy (503): it refuses requests until the sink accepts records again.
  const routes: AdminRoutes = {
    health: () => {
      const { failing, auditSinks } = observability.health();
      return { status: failing ? 'degraded' : 'ok', store: storeKind, dev: cfg.dev, ...(cfg.dev ? { pid: process.pid } : {}), ...(auditSinks ? { auditSinks } : {}) };
    },
  };
  if (clock instanceof SharedTestClock) {
    routes.advanceClock = async (req) => {
      await admin(req, 'AdvanceTestClock');
      await clock.advance(parseAdvance(jsonBody(req.body))); // every node's clock (the offset is in the store)
      // Every job that fell due runs here before the answer, lease or not: jobs are conditional writes, so a
      // concurrent run by the lease holder performs (and audits) each one once.
      const jobs = await scheduler.runDue();
      return { now: clock.now() / 1000, jobsRun: jobs };
    };
  }
  return routes;
}

/** Whether a listen host is a loopback address (dev mode warns loudly otherwise). */
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

function announce(cfg: Config, url: string, generated: Awaited<ReturnType<typeof bootstrap>>, out: (l: string) => void, log: Logger): void {
  log.info('keyward listening', { url, dataDir: cfg.dataDir, dev: cfg.dev, accountId: cfg.accountId, region: cfg.region });
  if (!cfg.dev) return;
  out(`Keyward (dev mode) listening on ${url}`);
  if (!isLoopback(parseListen(cfg.listen).host)) {
    const warning = `WARNING: dev mode is listening beyond loopback (${cfg.listen}): its root key file sits in ${cfg.dataDir} and ` +
      'anyone who can reach this port can try its credentials. Use dev mode on 127.0.0.1 only; production set-up: README.';
    out(warning);
    log.warn(warning);
  }
  out(`  aws --endpoint-url ${url} --region ${cfg.region} kms list-keys`);
  if (generated) {
    out('  Administrator credentials (shown once; also written to the credentials file below):');
    out(`    AWS_ACCESS_KEY_ID=${generated.accessKeyId}`);
    out(`    AWS_SECRET_ACCESS_KEY=${generated.secretAccessKey}`);
    out(`    credentials file: ${generated.file}  (AWS_SHARED_CREDENTIALS_FILE=${generated.file} AWS_PROFILE=keyward)`);
  } else {
    out(`  Credentials: the bootstrap access key of this data directory (see ${join(cfg.dataDir, 'credentials')} if dev mode generated it)`);
  }
}
