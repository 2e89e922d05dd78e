// Starts and stops the benchmark targets (bare node:http handler, Keyward, moto_server) as CPU-pinned child processes.
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { makeTempDir, spawnTracked, stopProcess } from './procs.js';

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
  stop(): Promise<void>;
}

export interface TargetSpec {
  name: string;
  role: TargetRole;
  /** False for the bare handler: it gets the same signed requests, but no keys are created on it. */
  speaksKms: boolean;
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
async function launch(
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
        return { endpoint, host: '127.0.0.1', port, logFile, pid: child.pid, stop: () => stopProcess(child) };
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

const keyward: TargetSpec = {
  name: 'keyward',
  role: 'subject',
  speaksKms: true,
  unavailable: (ctx) =>
    existsSync(join(ctx.repoRoot, 'dist/src/cli/main.js'))
      ? undefined
      : 'dist/src/cli/main.js missing (Keyward server not built); use BENCH_TARGETS=bare,moto to skip it',
  async start(ctx) {
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
    const cmd = [...ctx.pin, process.execPath, ...nodeArgs, main, 'server', '--dev', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir];
    return launch('keyward', cmd, port, { env, path: '/healthz', ready: (s) => s === 200, timeoutMs: 30_000, dir });
  },
};

const moto: TargetSpec = {
  name: 'moto',
  role: 'reference',
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

/** Every target the benchmark knows, in the order they run within one operation. Add variants (PostgreSQL, --workers 2) here. */
export const TARGETS: TargetSpec[] = [bare, keyward, moto];

export function whichSync(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}
