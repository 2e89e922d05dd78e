// Starts a throwaway PostgreSQL 15 cluster for tests: initdb in a fresh temp dir, a free loopback port, durable
// settings (fsync, synchronous_commit on), a password-authenticated role; stop() shuts it down and removes the dir.
// PostgreSQL refuses to run as root, so when the test process is root the binaries run as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { KMSClient } from '@aws-sdk/client-kms';
import { kmsClient, startTestServer, type TestServer } from './server.js';

export const PG_BIN = process.env.KEYWARD_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PG_TEST_ROLE = 'keyward';
export const PG_TEST_PASSWORD = 'kw-test-pass-0123456789';

export interface TestPostgres {
  /** postgres://keyward:PASSWORD@127.0.0.1:PORT/keyward (password-authenticated, scram-sha-256). */
  url: string;
  port: number;
  /** The postmaster's pid (its backends are its children), e.g. for CPU accounting. */
  pid: number | undefined;
  /** Creates a fresh, empty database owned by the test role and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /**
   * Creates a fresh, empty schema owned by the test role and returns a URL whose connections use it (search_path):
   * much cheaper than a database (CREATE DATABASE copies and syncs a template), so one per test is affordable.
   */
  createSchema(name?: string): Promise<string>;
  /** Runs SQL as the superuser (over the cluster's private Unix socket), e.g. to kill connections. */
  superQuery(sql: string, params?: unknown[], database?: string): Promise<pg.QueryResult>;
  /**
   * Crashes the cluster (`pg_ctl stop -m immediate`: no checkpoint, crash recovery on the next start), keeps it down
   * for `downMs`, and starts it again on the same port (the database faults and crash suites).
   */
  crashAndRestart(downMs?: number): Promise<void>;
  /** `pg_ctl stop -m fast` and removal of the cluster's directory. Idempotent. */
  stop(): Promise<void>;
}

export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary (after `pin`, e.g. a taskset prefix), as the postgres user when we are root. */
function runPg(bin: string, args: string[], pin: string[] = []): string {
  const full = [...pin, join(PG_BIN, bin), ...args];
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', ...full]] : [full[0]!, full.slice(1)];
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${bin} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

let databases = 0;

/** `pin` prefixes pg_ctl start (e.g. `taskset -c 0`), so the postmaster and every backend inherit that CPU set. */
export async function startPostgres(opts: { pin?: string[] } = {}): Promise<TestPostgres> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (apt-get install postgresql)`);
  const dir = mkdtempSync(join(tmpdir(), 'keyward-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  // --no-sync only skips initdb's own fsync of the template files (a throwaway cluster); the server runs with fsync=on.
  runPg('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync',
    '--no-instructions', '-E', 'UTF8', '--locale=C']);
  let port = 0;
  let settings = '';
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    settings = [`-c port=${port}`, "-c listen_addresses='127.0.0.1'", `-c unix_socket_directories='${dir}'`,
      '-c fsync=on', '-c synchronous_commit=on', '-c max_connections=200', '-c shared_buffers=32MB'].join(' ');
    try {
      runPg('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', settings], opts.pin);
      break;
    } catch (err) {
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw err; // the port was probably taken between our probe and the server's bind: try another
      }
    }
  }
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl')]] : [join(PG_BIN, 'pg_ctl'), []];
    spawnSync(cmd, [...argv, 'stop', '-D', data, '-m', 'fast', '-w'], { stdio: 'ignore', cwd: tmpdir() });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync); // a crashed test file must not leave a server behind

  const superQuery = async (sql: string, params?: unknown[], database = 'postgres') => {
    const c = new pg.Client({ host: dir, port, user: 'postgres', database });
    await c.connect();
    try {
      return await c.query(sql, params);
    } finally {
      await c.end();
    }
  };
  await superQuery(`CREATE ROLE ${PG_TEST_ROLE} LOGIN CREATEDB PASSWORD '${PG_TEST_PASSWORD}'`);
  await superQuery(`CREATE DATABASE ${PG_TEST_ROLE} OWNER ${PG_TEST_ROLE}`);
  const urlFor = (db: string) => `postgres://${PG_TEST_ROLE}:${PG_TEST_PASSWORD}@127.0.0.1:${port}/${db}`;

  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: urlFor(PG_TEST_ROLE),
    port,
    pid: Number.isFinite(pid) ? pid : undefined,
    async createDatabase(name = `kw_${process.pid}_${++databases}`) {
      await superQuery(`CREATE DATABASE ${name} OWNER ${PG_TEST_ROLE}`);
      return urlFor(name);
    },
    async createSchema(name = `kw_${process.pid}_${++databases}`) {
      await superQuery(`CREATE SCHEMA ${name} AUTHORIZATION ${PG_TEST_ROLE}`, [], PG_TEST_ROLE);
      return `${urlFor(PG_TEST_ROLE)}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
    },
    superQuery,
    async crashAndRestart(downMs = 0) {
      runPg('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      runPg('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', settings], opts.pin);
    },
    async stop() {
      process.removeListener('exit', stopSync);
      stopSync();
    },
  };
}

/**
 * A throwaway cluster, a fresh database in it, and a test server on that database (`--database-url URL`, then
 * `args`) with a kmsClient; runs `fn`, then stops the server (removing its data directory) and the cluster.
 */
export async function withPostgresServer(
  args: string[],
  fn: (ctx: { url: string; server: TestServer; kms: KMSClient }) => Promise<void>,
): Promise<void> {
  let cluster: TestPostgres | undefined;
  let server: TestServer | undefined;
  let kms: KMSClient | undefined;
  try {
    cluster = await startPostgres();
    const url = await cluster.createDatabase();
    server = await startTestServer({ args: ['--database-url', url, ...args] });
    kms = kmsClient(server);
    await fn({ url, server, kms });
  } finally {
    kms?.destroy();
    await server?.stop(true);
    await cluster?.stop();
  }
}
