// A throwaway PostgreSQL cluster for the keyward-pg target, started under the same CPU pinning as the server it
// serves (the database is part of the system under test). Same durable settings as test/support/postgres.ts
// (fsync, synchronous_commit on); as root, the binaries run as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './procs.js';

export const PG_BIN = process.env.KEYWARD_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROLE = 'keyward';

export interface BenchPostgres {
  /** postgres://keyward:PASSWORD@127.0.0.1:PORT/keyward */
  url: string;
  /** The postmaster's pid (its backends are its children), for CPU accounting. */
  pid: number | undefined;
  stop(): Promise<void>;
}

export function postgresUnavailable(): string | undefined {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'))
    ? undefined
    : `PostgreSQL binaries not found in ${PG_BIN} (apt-get install postgresql-15, or set KEYWARD_TEST_PG_BIN)`;
}

const asRoot = process.getuid?.() === 0;

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

function pgCommand(bin: string, args: string[], pin: string[] = []): [string, string[]] {
  const argv = [...pin, join(PG_BIN, bin), ...args];
  return asRoot ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0]!, argv.slice(1)];
}

function runPg(bin: string, args: string[], pin: string[] = []): string {
  const [cmd, argv] = pgCommand(bin, args, pin);
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${bin} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** initdb + pg_ctl start (prefixed with `pin`, so the postmaster and every backend it forks inherit the CPU set). */
export async function startBenchPostgres(pin: string[]): Promise<BenchPostgres> {
  const why = postgresUnavailable();
  if (why) throw new Error(why);
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    const [cmd, argv] = pgCommand('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']);
    if (existsSync(join(data, 'postmaster.pid'))) spawnSync(cmd, argv, { stdio: 'ignore', cwd: tmpdir() });
    rmSync(dir, { recursive: true, force: true });
  };
  const remove = onCleanup(async () => stopSync(), stopSync);
  try {
    const password = `kw-bench-${process.pid}-${Date.now()}`;
    runPg('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync',
      '--no-instructions', '-E', 'UTF8', '--locale=C']);
    const port = await freePort();
    const opts = [`-c port=${port}`, "-c listen_addresses='127.0.0.1'", `-c unix_socket_directories='${dir}'`,
      '-c fsync=on', '-c synchronous_commit=on', '-c max_connections=200', '-c shared_buffers=64MB'].join(' ');
    runPg('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', opts], pin);
    const psql = (sql: string) => runPg('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
    psql(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${password}'`);
    psql(`CREATE DATABASE ${ROLE} OWNER ${ROLE}`);
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return {
      url: `postgres://${ROLE}:${password}@127.0.0.1:${port}/${ROLE}`,
      pid: Number.isFinite(pid) ? pid : undefined,
      async stop() {
        remove();
        stopSync();
      },
    };
  } catch (err) {
    remove();
    stopSync();
    throw err;
  }
}
