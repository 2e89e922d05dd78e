// Starts a Keyward server: opens the store, serves HTTP at once (sealed or not), unseals with the root of trust — by
// itself with the dev key file or a PKCS#11 token, else when operators submit unseal keys — and then serves the AWS KMS
// protocol until stopped. Sealing again (KeywardService.Seal) needs no restart either way.
import { accessSync, existsSync, constants as fsConstants, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createFirstAdministrator, generateAccessKey } from '../identity/first-administrator.js';
import { GroupCommitAuditLog } from '../audit/group-commit.js';
import { unsealBarrier, type Barrier } from '../core/secrets/barrier.js';
import { systemClock, type Clock } from '../core/ports.js';
import type { IdentityStoreHolder } from './identity-wiring.js';
import { runSelfTests } from '../crypto/self-test.js';
import { startCryptoPool, stopCryptoPool } from '../crypto/worker-pool.js';
import { openRootOfTrust } from '../seal/open-root.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { ActiveNode } from './active-node.js';
import { parseHsmClusters, Pkcs11KeyStores } from '../hsm/hsm-key-stores.js';
import { jsonBody } from './admin-auth.js';
import { ConfigError, parseListen, type Config } from './config.js';
import { createHttpServer, type AdminRoutes } from './http.js';
import { consoleRoute } from '../console/console-route.js';
import { Observability } from './observability-wiring.js';
import { createLogger, type Logger } from './log.js';
import { parseAdvance, SharedTestClock, TEST_CLOCK_META } from './clock-store.js';
import { exitWithPrimary, isWorker, NODE_ID, reportListening, startPrimary } from './cluster.js';
import { SealGate, sealedError } from './seal-gate.js';
import { RekeyRoute } from './rekey-route.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

type Generated = Awaited<ReturnType<typeof bootstrap>>;

export async function startServer(cfg: Config, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<RunningServer> {
  const log = createLogger(cfg.logLevel);
  runSelfTests(); // known-answer tests first: no key is touched if a primitive is broken (throws SelfTestError)
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
  checkWritable(cfg.dataDir);
  if (Number(cfg.workers) > 1 && !isWorker()) return startWorkers(cfg, out, log);
  const store = openStore(cfg, log);
  await store.migrate();
  const root = await openRootOfTrust(store, rootOptions(cfg));
  if (Number(cfg.workers) > 1 && root.kind !== 'key-file' && !cfg.pkcs11Module) {
    await store.close();
    throw new ConfigError('--workers above 1 needs an installation that unseals itself (PKCS#11): each worker unseals on its own');
  }
  // The test clock's offset lives in the store, so every node and worker shares it (src/server/clock-store.ts).
  const clock: Clock = cfg.testClock ? await SharedTestClock.open(store) : systemClock;
  const observability: Observability = new Observability(cfg, store, (): boolean => gate.sealed);
  const audit = new GroupCommitAuditLog(store, observability.commitHooks);
  const hsm = new Pkcs11KeyStores(parseHsmClusters(cfg.hsmClusters));
  let generated: Generated | undefined;
  const gate = new SealGate(NODE_ID, root, audit, () => clock.now(), log, (node) => ActiveNode.start({
    cfg, store, root, clock, audit, log, node, hsm, observability,
    bootstrap: cfg.dev ? async (barrier) => void (generated ??= await bootstrap(cfg, store, barrier, clock.now())) : undefined,
  }));
  if (!(await gate.autoUnseal()) && root.status().roots.includes('pkcs11')) {
    log.error('the PKCS#11 root could not unseal this node: it stays sealed', { reason: (root as { autoUnsealError?: string }).autoUnsealError });
  }
  startCryptoPool(); // RSA, ML-DSA and key-pair generation run here, off the event loop (docs/key-types.md)
  const rekey = new RekeyRoute(root, store, audit, () => clock.now(), () => gate.sealed);
  const web = consoleRoute(!cfg.noConsole, { region: cfg.region, accountId: cfg.accountId });
  const server = createHttpServer(gate, adminRoutes(cfg, clock, store.kind, gate, rekey, observability), log, web);
  const { host, port } = parseListen(cfg.listen);
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  } catch (err) {
    await gate.close();
    await stopCryptoPool();
    await audit.drain();
    if (root.kind !== 'key-file') root.seal();
    await store.close();
    throw listenError(cfg.listen, err as NodeJS.ErrnoException);
  }
  const url = reachableUrl(server.address() as AddressInfo);
  const metricsUrl = await observability.listen(log);
  if (metricsUrl) log.info('metrics listening', { url: metricsUrl });
  if (isWorker()) reportListening(url); // the primary prints the banner, once
  else announce(cfg, url, generated, gate.sealed, out, log);
  let closed: Promise<void> | undefined;
  const running: RunningServer = {
    url,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await gate.close();
        if (clock instanceof SharedTestClock) clock.stop();
        await stopCryptoPool();
        await audit.drain();
        await observability.close();
        if (root.kind !== 'key-file') root.seal();
        await store.close();
      })();
      return closed;
    },
  };
  if (isWorker()) exitWithPrimary(() => running.close());
  return running;
}

/** --workers N: this process migrates (and in dev mode bootstraps) once, then forks the workers (src/server/cluster.ts). */
function startWorkers(cfg: Config, out: (line: string) => void, log: Logger) {
  return startPrimary({
    workers: Number(cfg.workers), log,
    async prepare() {
      const store = openStore(cfg, log);
      try {
        await store.migrate();
        const root = await openRootOfTrust(store, rootOptions(cfg));
        if (!cfg.dev) return undefined;
        await root.autoUnseal();
        const barrier = await unsealBarrier(store, root);
        return await bootstrap(cfg, store, barrier, Date.now() + Number((await store.getMeta(TEST_CLOCK_META)) ?? 0));
      } finally {
        await store.close();
      }
    },
    announce: (url, generated) => announce(cfg, url, generated as Generated, false, out, log),
  });
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

function rootOptions(cfg: Config) {
  return {
    dev: cfg.dev, devKeyFile: cfg.rootKeyFile ?? join(cfg.dataDir, 'root.key'), createDevKeyFile: cfg.rootKeyFile === undefined,
    pkcs11: cfg.pkcs11Module && cfg.pkcs11TokenLabel && cfg.pkcs11PinFile
      ? { module: cfg.pkcs11Module, tokenLabel: cfg.pkcs11TokenLabel, pinFile: cfg.pkcs11PinFile } : undefined,
  };
}

/** PostgreSQL when a database URL is configured (several nodes share it), else SQLite in the data directory. */
export function openStore(cfg: Pick<Config, 'databaseUrl' | 'dataDir'>, log?: Logger): IdentityStoreHolder {
  if (cfg.databaseUrl === undefined) return new SqliteStore(join(cfg.dataDir, 'keyward.db'));
  return new PostgresStore(cfg.databaseUrl, { onError: (err) => log?.warn('database connection lost', { error: err.message }) });
}

/** Dev mode: creates the administrator on a new data directory; returns the credentials if it generated them. */
async function bootstrap(cfg: Config, store: IdentityStoreHolder, barrier: Barrier, now: number) {
  const given = cfg.bootstrapAccessKeyId && cfg.bootstrapSecretAccessKey
    ? { accessKeyId: cfg.bootstrapAccessKeyId, secretAccessKey: cfg.bootstrapSecretAccessKey } : undefined;
  if ((await store.identity.snapshot()).accessKeys.length > 0) return undefined;
  const key = given ?? generateAccessKey();
  const scope = { accountId: cfg.accountId, region: cfg.region };
  // false: another node sharing the database initialised it first; its credentials stay in force
  if (!(await createFirstAdministrator(store.identity, barrier, scope, key, now)) || given) return undefined;
  const file = join(cfg.dataDir, 'credentials');
  writeFileSync(file, `[keyward]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\nregion = ${cfg.region}\n`, { mode: 0o600 });
  return { ...key, file };
}

function adminRoutes(cfg: Config, clock: Clock, storeKind: string, gate: SealGate, rekey: RekeyRoute, observability: Observability): AdminRoutes {
  // Dev mode also names the answering process, so tests can tell nodes and --workers processes apart. A failing
  // required audit sink makes the node unhealthy (503): it refuses requests until the sink accepts records again.
  const routes: AdminRoutes = {
    health: () => {
      const s = gate.status();
      const { failing, auditSinks } = observability.health();
      const body = {
        status: s.sealed ? 'sealed' : failing ? 'degraded' : 'ok', sealed: s.sealed, progress: s.progress, threshold: s.threshold,
        store: storeKind, dev: cfg.dev, ...(cfg.dev ? { pid: process.pid } : {}), ...(auditSinks ? { auditSinks } : {}),
      };
      return { status: s.sealed || failing ? 503 : 200, body };
    },
    sealStatus: () => gate.status() as unknown as Record<string, unknown>,
    unseal: (body) => gate.unseal(body),
    rekeyStatus: () => rekey.status(),
    rekey: (body) => rekey.post(body),
  };
  if (clock instanceof SharedTestClock) {
    routes.advanceClock = async (req) => {
      const node = gate.node;
      if (!node) throw sealedError();
      await node.authorizeAdmin(req, 'AdvanceTestClock');
      await clock.advance(parseAdvance(jsonBody(req.body))); // every node's clock (the offset is in the store)
      // Every job that fell due runs here before the answer, lease or not: jobs are conditional writes, so a
      // concurrent run by the lease holder performs (and audits) each one once.
      const jobs = await node.scheduler.runDue();
      return { now: clock.now() / 1000, jobsRun: jobs };
    };
  }
  return routes;
}

/** A listen failure as one line that says what to do, not a stack trace (the CLI prints ConfigErrors as `keyward: ...`). */
function listenError(listen: string, err: NodeJS.ErrnoException): Error {
  const why: Record<string, string> = {
    EADDRINUSE: 'the port is in use by another process (another Keyward?)',
    EACCES: 'permission denied (ports below 1024 need privileges)',
    EADDRNOTAVAIL: 'that address is not one of this machine\'s',
  };
  const reason = err.code ? why[err.code] : undefined;
  if (!reason) return err;
  return new ConfigError(`cannot listen on ${listen}: ${reason}; choose another with --listen HOST:PORT (or KEYWARD_LISTEN)`);
}

/**
 * The URL a client on this machine can use: a wildcard listen address (0.0.0.0, ::) is where the server accepts,
 * not an address anyone can connect to, so the banner names loopback instead.
 */
export function reachableUrl(addr: AddressInfo): string {
  const wildcard = addr.address === '0.0.0.0' || addr.address === '::';
  const host = wildcard ? (addr.family === 'IPv6' ? '[::1]' : '127.0.0.1') : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${host}:${addr.port}`;
}

/** Whether a listen host is a loopback address (dev mode warns loudly otherwise). */
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

function announce(cfg: Config, url: string, generated: Generated, sealed: boolean, out: (l: string) => void, log: Logger): void {
  log.info('keyward listening', { url, dataDir: cfg.dataDir, dev: cfg.dev, accountId: cfg.accountId, region: cfg.region, sealed });
  if (!cfg.dev) {
    out(`Keyward listening on ${url} (${sealed ? 'sealed: unseal it with keyward operator unseal --endpoint ' + url : 'unsealed'})`);
    return;
  }
  out(`Keyward (dev mode) listening on ${url}`);
  if (!isLoopback(parseListen(cfg.listen).host)) {
    const warning = `WARNING: dev mode is listening beyond loopback (${cfg.listen}): its root key file sits in ${cfg.dataDir} and ` +
      'anyone who can reach this port can try its credentials. Use dev mode on 127.0.0.1 only; production set-up: README.';
    out(warning);
    log.warn(warning);
  }
  if (parseListen(cfg.listen).host !== new URL(url).hostname.replace(/^\[|\]$/g, '')) out(`  (accepting on ${cfg.listen}: every interface)`);
  const profile = writeDevAwsConfig(cfg, url);
  if (!cfg.noConsole) out(`  Console: ${url}/console/ (sign in with the access key below)`);
  out(`  aws --endpoint-url ${url} --region ${cfg.region} kms list-keys`);
  if (generated) {
    out('  Administrator credentials (shown once; also written to the credentials file below):');
    out(`    AWS_ACCESS_KEY_ID=${generated.accessKeyId}`);
    out(`    AWS_SECRET_ACCESS_KEY=${generated.secretAccessKey}`);
    out(`    credentials file: ${generated.file}`);
  } else {
    out(`  Credentials: the bootstrap access key of this data directory (see ${join(cfg.dataDir, 'credentials')} if dev mode generated it)`);
  }
  if (profile) {
    out('  With no flag at all (the AWS CLI, boto3 and every AWS SDK read these):');
    out(`    export AWS_CONFIG_FILE=${profile.config} AWS_SHARED_CREDENTIALS_FILE=${profile.credentials} AWS_PROFILE=keyward`);
    out('    aws kms list-keys');
  }
}

/**
 * Dev mode: an AWS config file beside the generated credentials file, with profile `keyward` naming this server's
 * endpoint (`endpoint_url`) and Region, rewritten at every start since the port may change. Together they let
 * `aws kms list-keys`, boto3 and the SDKs reach Keyward with no flag (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
 * AWS_PROFILE=keyward). Only where dev mode wrote the credentials: given bootstrap keys are the caller's to place.
 */
function writeDevAwsConfig(cfg: Config, url: string): { config: string; credentials: string } | undefined {
  const credentials = join(cfg.dataDir, 'credentials');
  if (!existsSync(credentials)) return undefined;
  const config = join(cfg.dataDir, 'config');
  writeFileSync(config, `# Written by keyward server --dev at each start: the endpoint of this data directory's server.\n` +
    `[profile keyward]\nregion = ${cfg.region}\nendpoint_url = ${url}\n`, { mode: 0o600 });
  return { config, credentials };
}

