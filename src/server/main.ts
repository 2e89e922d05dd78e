// Starts a Keyward server: opens the store, unseals the barrier with the root of trust, initialises the
// administrator on a new data directory, and serves the AWS KMS protocol until stopped.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AccountAuthorizer } from '../auth/authorizer.js';
import { generateAccessKey, initAdministrator, loadCredentials } from '../auth/credentials.js';
import { SigV4Verifier } from '../auth/sigv4.js';
import { GroupCommitAuditLog } from '../audit/group-commit.js';
import { unsealBarrier, type Barrier } from '../core/barrier.js';
import { systemClock, type Clock } from '../core/ports.js';
import { LifecycleScheduler } from '../core/scheduler.js';
import { KmsService } from '../core/service.js';
import { KeyFileRoot } from '../seal/dev-key-file.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ConfigError, parseListen, type Config } from './config.js';
import { Dispatcher } from './dispatcher.js';
import { createHttpServer, type AdminRoutes } from './http.js';
import { createLogger, type Logger } from './log.js';
import { parseAdvance, TestClock } from './test-clock.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(cfg: Config, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<RunningServer> {
  const log = createLogger(cfg.logLevel);
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  const store = new SqliteStore(join(cfg.dataDir, 'keyward.db'));
  const root = KeyFileRoot.open(cfg.rootKeyFile ?? join(cfg.dataDir, 'root.key'), cfg.dev && cfg.rootKeyFile === undefined);
  const barrier = await unsealBarrier(store, root);
  const clock: Clock = cfg.testClock ? new TestClock() : systemClock;
  const generated = await bootstrap(cfg, store, barrier, clock.now());
  const credentials = await loadCredentials(store, barrier, cfg.accountId);
  const audit = new GroupCommitAuditLog(store);
  const scope = { accountId: cfg.accountId, region: cfg.region };
  const service = new KmsService({ store, barrier, clock, scope, audit, authorizer: new AccountAuthorizer(cfg.accountId) });
  const verifier = new SigV4Verifier({ lookup: (id) => credentials.get(id) });
  const scheduler = new LifecycleScheduler(service, { onError: (err) => log.error('lifecycle job failed', { error: String(err) }) });
  await scheduler.runDue(); // work that fell due while the server was down happens at start-up
  scheduler.start();
  const dispatcher = new Dispatcher(service, verifier, credentials, log);
  const server = createHttpServer(dispatcher, adminRoutes(cfg, clock, store.kind, scheduler), log);
  const { host, port } = parseListen(cfg.listen);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  announce(cfg, url, generated, out, log);
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      scheduler.stop();
      await audit.drain();
      await store.close();
    },
  };
}

/** Creates the administrator on a new data directory; returns the credentials if dev mode generated them. */
async function bootstrap(cfg: Config, store: SqliteStore, barrier: Barrier, now: number) {
  const given = cfg.bootstrapAccessKeyId && cfg.bootstrapSecretAccessKey
    ? { accessKeyId: cfg.bootstrapAccessKeyId, secretAccessKey: cfg.bootstrapSecretAccessKey } : undefined;
  if ((await store.listAccessKeys()).length > 0) return undefined;
  if (!given && !cfg.dev) {
    throw new ConfigError('a new data directory needs KEYWARD_BOOTSTRAP_ACCESS_KEY_ID and KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY outside dev mode');
  }
  const key = given ?? generateAccessKey();
  await initAdministrator(store, barrier, cfg.accountId, key, now);
  if (given) return undefined;
  const file = join(cfg.dataDir, 'credentials');
  writeFileSync(file, `[keyward]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\nregion = ${cfg.region}\n`, { mode: 0o600 });
  return { ...key, file };
}

function adminRoutes(cfg: Config, clock: Clock, storeKind: string, scheduler: LifecycleScheduler): AdminRoutes {
  const routes: AdminRoutes = { health: () => ({ status: 'ok', store: storeKind, dev: cfg.dev }) };
  if (clock instanceof TestClock) {
    routes.advanceClock = async (body) => {
      clock.advance(parseAdvance(body));
      const jobs = await scheduler.runDue(); // every job that fell due runs before the answer
      return { now: clock.now() / 1000, jobsRun: jobs };
    };
  }
  return routes;
}

function announce(cfg: Config, url: string, generated: Awaited<ReturnType<typeof bootstrap>>, out: (l: string) => void, log: Logger): void {
  log.info('keyward listening', { url, dataDir: cfg.dataDir, dev: cfg.dev, accountId: cfg.accountId, region: cfg.region });
  if (!cfg.dev) return;
  out(`Keyward (dev mode) listening on ${url}`);
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
