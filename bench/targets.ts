// Starts and stops the benchmark targets (bare node:http handler, Keyward, moto_server) as CPU-pinned child processes.
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { makeTempDir, runForResult, spawnTracked, stopProcess } from './procs.js';
import { postgresUnavailable, startBenchPostgres } from './postgres.js';
import type { Scenario } from './scenarios.js';
import type { WrkResult } from './wrk.js';

export const ACCESS_KEY_ID = 'AKIAKEYWARDBENCH0001';
/** A fresh 40-character secret per run; Keyward gets it as its bootstrap secret, the others accept anything. */
export const SECRET_ACCESS_KEY = randomBytes(30).toString('base64').replace(/[+/]/g, 'A').slice(0, 40);

/** How a target's rows are used: `baseline` and `reference` rows are the denominators of the subjects' ratios. */
export type TargetRole = 'baseline' | 'reference' | 'subject';

export interface StartContext {
  repoRoot: string;
  /** Prefix that pins a command to the server CPU(s), e.g. ['taskset', '-c', '0'], or [] when unpinned. */
  pin: string[];
}

export interface RunningTarget {
  endpoint: string;
  host: string;
  port: number;
  logFile: string;
  /** Server process id (taskset execs the command, so it is the server itself). */
  pid: number | undefined;
  /** Roots of every process tree that serves this target (server, its workers, its database), for CPU accounting. */
  pids: () => Array<number | undefined>;
  stop(): Promise<void>;
}

/** What a raw target's measure() gets: it runs in-process work (no HTTP) for one scenario. */
export interface RawContext { repoRoot: string; scenario: Scenario; warmup: number; seconds: number }

export interface TargetSpec {
  name: string;
  role: TargetRole;
  /** `server`: an HTTP endpoint measured with wrk. `raw`: no server; measure() reports a rate itself. */
  kind: 'server' | 'raw';
  /** False for the bare handler: it gets the same signed requests, but no keys are created on it. */
  speaksKms: boolean;
  /** For `raw` targets: measures `scenario` and returns its rate (latencies NaN) and a note on the method. */
  measure?(ctx: RawContext): Promise<WrkResult>;
  /** Caps on warm-up / measurement seconds (moto is slow and needs less time to be measured well). */
  maxWarmup?: number;
  maxSeconds?: number;
  /** Why this target cannot run here, or undefined when it can. */
  unavailable(ctx: StartContext): string | undefined;
  start(ctx: StartContext): Promise<RunningTarget>;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function httpGetStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Spawns a server with its output in a log file, then polls `path` until `ready(status)` or the timeout. */
export async function launch(
  name: string,
  command: string[],
  port: number,
  opts: { env?: NodeJS.ProcessEnv; path: string; ready: (status: number) => boolean; timeoutMs: number; dir: string },
): Promise<RunningTarget> {
  const logFile = join(opts.dir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const [cmd, ...args] = command;
  const child: ChildProcess = spawnTracked(cmd!, args, { env: opts.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + opts.timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited during startup (${command.join(' ')}):\n${tail(logFile)}`);
    try {
      const status = await httpGetStatus(port, opts.path);
      if (opts.ready(status)) {
        const endpoint = `http://127.0.0.1:${port}`;
        return { endpoint, host: '127.0.0.1', port, logFile, pid: child.pid, pids: () => [child.pid], stop: () => stopProcess(child) };
      }
      last = `HTTP ${status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(child);
  throw new Error(`${name} not ready after ${opts.timeoutMs} ms (GET ${opts.path}: ${last}):\n${tail(logFile)}`);
}

const bare: TargetSpec = {
  name: 'bare',
  role: 'baseline',
  kind: 'server',
  speaksKms: false,
  unavailable: (ctx) => (existsSync(join(ctx.repoRoot, 'dist/bench/bare-server.js')) ? undefined : 'dist/bench/bare-server.js missing (run tsc)'),
  async start(ctx) {
    const port = await freePort();
    const script = join(ctx.repoRoot, 'dist/bench/bare-server.js');
    return launch('bare', [...ctx.pin, process.execPath, script, '127.0.0.1', String(port)], port, {
      path: '/healthz', ready: (s) => s === 200, timeoutMs: 10_000, dir: makeTempDir(),
    });
  },
};

/** The floor (bench/floor-server.ts): the least work a conforming server must do; it verifies the run's real signatures. */
const floor: TargetSpec = {
  name: 'floor',
  role: 'reference',
  kind: 'server',
  speaksKms: false,
  unavailable: (ctx) => (existsSync(join(ctx.repoRoot, 'dist/bench/floor-server.js')) ? undefined : 'dist/bench/floor-server.js missing (run tsc)'),
  async start(ctx) {
    const port = await freePort();
    const dir = makeTempDir();
    const script = join(ctx.repoRoot, 'dist/bench/floor-server.js');
    return launch('floor', [...ctx.pin, process.execPath, ...(process.env.BENCH_FLOOR_NODE_ARGS ?? '').split(' ').filter(Boolean), script, '127.0.0.1', String(port), join(dir, 'audit.log')], port, {
      env: { ...process.env, BENCH_FLOOR_SECRET: SECRET_ACCESS_KEY }, path: '/healthz', ready: (s) => s === 200, timeoutMs: 10_000, dir,
    });
  },
};

/** Keyward as a subject; variants differ in extra server flags and, for keyward-pg, a PostgreSQL cluster of its own. */
type ExtraArgs = string[] | ((where: { dataDir: string; freePort: () => Promise<number> }) => Promise<string[]>);

function keywardTarget(name: string, opts: { args?: ExtraArgs; postgres?: boolean } = {}): TargetSpec {
  return {
    name,
    role: 'subject',
    kind: 'server',
    speaksKms: true,
    unavailable: (ctx) =>
      !existsSync(join(ctx.repoRoot, 'dist/src/cli/main.js'))
        ? 'dist/src/cli/main.js missing (Keyward server not built); use BENCH_TARGETS=bare,moto to skip it'
        : opts.postgres ? postgresUnavailable() : undefined,
    async start(ctx) {
      // PostgreSQL is the database users already operate, on its own host: by default it is not pinned to the server's
      // CPU (it shares the other one with wrk). BENCH_PG_CPU=same puts it on the server's CPU (whole system on one core).
      const pg = opts.postgres ? await startBenchPostgres(process.env.BENCH_PG_CPU === 'same' ? ctx.pin : []) : undefined;
      try {
        const port = await freePort();
        const dir = makeTempDir();
        const dataDir = makeTempDir('keyward-bench-data-');
        const main = join(ctx.repoRoot, 'dist/src/cli/main.js');
        const env = {
          ...process.env,
          KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: ACCESS_KEY_ID,
          KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
        };
        // BENCH_KEYWARD_NODE_ARGS (e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof') profiles the server under load.
        const nodeArgs = (process.env.BENCH_KEYWARD_NODE_ARGS ?? '').split(' ').filter(Boolean);
        const extra = typeof opts.args === 'function' ? await opts.args({ dataDir, freePort }) : opts.args ?? [];
        const cmd = [...ctx.pin, process.execPath, ...nodeArgs, main, 'server', '--dev', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir,
          ...(pg ? ['--database-url', pg.url] : []), ...extra];
        const t = await launch(name, cmd, port, { env, path: '/healthz', ready: (s) => s === 200, timeoutMs: 30_000, dir });
        // With --workers N the first worker may answer /healthz before the others listen.
        if (extra.includes('--workers')) await new Promise((r) => setTimeout(r, 1500));
        if (!pg) return t;
        return { ...t, pids: () => [t.pid, pg.pid], stop: async () => { await t.stop(); await pg.stop(); } };
      } catch (err) {
        await pg?.stop();
        throw err;
      }
    },
  };
}

/** The raw node:crypto signing rate for a Sign scenario: bench/raw-sign.ts with both methods, the higher rate counts. */
const nodeCrypto: TargetSpec = {
  name: 'node-crypto',
  role: 'baseline',
  kind: 'raw',
  speaksKms: false,
  maxWarmup: Number(process.env.BENCH_RAW_WARMUP ?? 1),
  maxSeconds: Number(process.env.BENCH_RAW_SECONDS ?? 5),
  unavailable: (ctx) => (existsSync(join(ctx.repoRoot, 'dist/bench/raw-sign.js')) ? undefined : 'dist/bench/raw-sign.js missing (run tsc)'),
  start: () => Promise.reject(new Error('node-crypto is not a server')),
  async measure(ctx) {
    if (!ctx.scenario.raw) throw new Error(`scenario ${ctx.scenario.name} has no raw node:crypto equivalent`);
    const results: Array<{ rps: number; requests: number; duration_us: number; method: string }> = [];
    for (const method of ['async', 'threads']) {
      const args = [process.execPath, join(ctx.repoRoot, 'dist/bench/raw-sign.js'), ctx.scenario.raw.keySpec, ctx.scenario.raw.algorithm, method, String(ctx.warmup), String(ctx.seconds)];
      results.push((await runForResult<(typeof results)[number]>(`raw-sign ${method}`, args, 'RAW_RESULT ')).result);
    }
    const best = results.reduce((a, b) => (b.rps > a.rps ? b : a));
    return {
      requests: best.requests, duration_us: best.duration_us, rps: best.rps, p50_ms: NaN, p90_ms: NaN, p99_ms: NaN, max_ms: NaN,
      errors: { connect: 0, read: 0, write: 0, status: 0, timeout: 0 },
      note: `node-crypto ${ctx.scenario.name}: ${results.map((r) => `${r.method} ${r.rps.toFixed(0)}/s`).join('; ')} -> best ${best.rps.toFixed(0)}/s`,
    };
  },
};

const moto: TargetSpec = {
  name: 'moto',
  role: 'reference',
  kind: 'server',
  speaksKms: true,
  maxWarmup: Number(process.env.BENCH_MOTO_WARMUP ?? 1),
  maxSeconds: Number(process.env.BENCH_MOTO_SECONDS ?? 5),
  unavailable: () => (whichSync('moto_server') ? undefined : 'moto_server not on PATH (pip install "moto[server]")'),
  async start(ctx) {
    const port = await freePort();
    // Any HTTP answer means moto is up; its KMS endpoint is POST / with the usual headers.
    return launch('moto', [...ctx.pin, 'moto_server', '-H', '127.0.0.1', '-p', String(port)], port, {
      path: '/moto-api/', ready: (s) => s > 0 && s < 500, timeoutMs: 60_000, dir: makeTempDir(),
    });
  },
};

/** Every target the benchmark knows. Scenarios name the targets they run on (bench/scenarios.ts). */
export const TARGETS: TargetSpec[] = [
  bare,
  floor,
  keywardTarget('keyward'),
  keywardTarget('keyward-pg', { postgres: true }),
  keywardTarget('keyward-w2', { args: ['--workers', '2'] }),
  // Issue 14: Prometheus metrics served and every audit record exported to a hash-chained JSON-lines file (required).
  keywardTarget('keyward-observed', {
    args: async ({ dataDir, freePort }) => ['--metrics-listen', `127.0.0.1:${await freePort()}`, '--audit-file', join(dataDir, 'audit-export.jsonl')],
  }),
  // Metrics alone: what serving /metrics (prom-client, default metrics included) costs without an export sink.
  keywardTarget('keyward-metrics', { args: async ({ freePort }) => ['--metrics-listen', `127.0.0.1:${await freePort()}`] }),
  // The same with the export file on tmpfs while the database stays in the data directory: isolates what the file's
  // writes cost the database's fdatasync on a slow disk (docs/benchmarks.md).
  keywardTarget('keyward-observed-shm', {
    args: async ({ dataDir, freePort }) => ['--metrics-listen', `127.0.0.1:${await freePort()}`, '--audit-file', join('/dev/shm', `keyward-bench-${basename(dataDir)}.jsonl`)],
  }),
  // Issue 14 item 6: anomaly detection is on by default (the `keyward` target); this one measures the server without it.
  keywardTarget('keyward-no-anomaly', { args: ['--anomaly-detection', 'off'] }),
  moto,
  nodeCrypto,
];

export function whichSync(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}
