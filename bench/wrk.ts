// Runs wrk (optionally pinned to a CPU) with bench/wrk-replay.lua and parses the JSON result line its done() prints.
import { spawnSync } from 'node:child_process';
import { runForResult } from './procs.js';
import { sampleProcess } from './cpu.js';
import { whichSync } from './targets.js';

export interface WrkResult {
  requests: number;
  duration_us: number;
  rps: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  /** % of the server's CPU used by other processes during the run (host noise), when pinned. */
  other_cpu_pct?: number | undefined;
  /** CPU used by the wrk process during the run, in % of one core (near 100%: the load generator is the limit). */
  wrk_cpu_pct?: number | undefined;
  /** Free text printed under the table (raw-rate methods, background load). */
  note?: string | undefined;
}

export interface WrkOptions {
  url: string;
  script: string;
  requestsFile: string;
  seconds: number;
  connections: number;
  threads: number;
  /** Prefix pinning wrk to its CPU, e.g. ['taskset', '-c', '1'], or []. */
  pin: string[];
  timeoutSeconds?: number;
  /** Each connection pauses this long between a response and its next request (wrk-replay.lua's delay()). */
  pauseMs?: number;
}

/** Returns wrk's version line, or undefined (with install advice printed) when wrk is missing. */
export function wrkVersion(): string | undefined {
  if (!whichSync('wrk')) {
    console.error('bench: wrk not found. Install it with: apt-get install -y wrk');
    return undefined;
  }
  const out = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).split('\n')[0]?.replace(/\s*Copyright.*$/, '').trim();
}

export function totalErrors(r: WrkResult): number {
  const e = r.errors;
  return e.connect + e.read + e.write + e.status + e.timeout;
}

export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const args = [
    ...o.pin, 'wrk', `-t${o.threads}`, `-c${o.connections}`, `-d${Math.max(1, Math.round(o.seconds))}s`,
    `--timeout`, `${o.timeoutSeconds ?? 10}s`, '-s', o.script, o.url, '--', o.requestsFile,
  ];
  const env = o.pauseMs ? { ...process.env, BENCH_PAUSE_MS: String(o.pauseMs) } : process.env;
  return runLoadTool('wrk', args, 'BENCH_RESULT ', env);
}

export interface OpenLoopOptions {
  host: string;
  port: number;
  requestsFile: string;
  /** Arrival rate, requests/s. */
  rate: number;
  warmupSeconds: number;
  seconds: number;
  connections: number;
  pin: string[];
}

/** Runs bench/open-loop.ts (constant arrival rate, latency from each request's due time) instead of wrk. */
export function runOpenLoop(o: OpenLoopOptions, script: string): Promise<WrkResult> {
  const args = [...o.pin, process.execPath, script, o.host, String(o.port), o.requestsFile, String(o.rate), String(o.warmupSeconds), String(o.seconds), String(o.connections)];
  return runLoadTool('open-loop', args, 'OPEN_RESULT ', process.env);
}

/** Runs a load generator, samples its CPU, and parses its JSON result line. */
async function runLoadTool(name: string, args: string[], marker: string, env: NodeJS.ProcessEnv): Promise<WrkResult> {
  const { result, watched } = await runForResult<WrkResult, number | undefined>(name, args, marker, env, sampleProcess);
  return { ...result, wrk_cpu_pct: watched };
}
