// `npm run bench`: measures Keyward's KMS operations over HTTP against a bare node:http handler and moto_server, in one interleaved run.
import { spawnSync } from 'node:child_process';
import { cpus, release } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KMSClient } from '@aws-sdk/client-kms';
import { cpuTicks, otherLoad } from './cpu.js';
import { cleanupAll, installCleanupHandlers, isStopping, makeTempDir } from './procs.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, TARGETS, whichSync, type RunningTarget, type TargetSpec } from './targets.js';
import { SCENARIOS, fakeFixture, kmsFixture, type Scenario } from './scenarios.js';
import { presign, sendOnce, writeRequestsFile } from './presign.js';
import { runWrk, totalErrors, wrkVersion, type WrkResult } from './wrk.js';
import { computeRatios, formatTable, makeRow, runChecks, writeJson, type Row } from './report.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const num = (name: string, dflt: number) => (env[name] ? Number(env[name]) : dflt);
const list = (name: string) => env[name]?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

const config = {
  seconds: num('BENCH_SECONDS', 10),
  warmup: num('BENCH_WARMUP', 3),
  runs: num('BENCH_RUNS', 1),
  connections: num('BENCH_CONNECTIONS', 32),
  requests: num('BENCH_REQUESTS', 256),
  targets: list('BENCH_TARGETS'),
  scenarios: list('BENCH_SCENARIOS'),
};
const credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };

/** CPUs this process may use (from `taskset -pc`), so pinning works in containers whose CPUs are not 0 and 1. */
function allowedCpus(): number[] {
  const out = spawnSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' }).stdout ?? '';
  const spec = out.split(':').pop()?.trim() ?? '';
  return spec.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || Number.isNaN(a)) return [];
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

function pinning(): { server: string[]; wrk: string[]; serverCpu?: number; note: string } {
  const cpuList = whichSync('taskset') ? allowedCpus() : [];
  if (cpuList.length < 2) {
    const why = whichSync('taskset') ? `only ${cpuList.length || cpus().length} CPU(s) available` : 'taskset not found';
    return { server: [], wrk: [], note: `UNPINNED (${why}): server and wrk share CPUs, ratios are less reliable` };
  }
  const [s, w] = cpuList as [number, number];
  return { server: ['taskset', '-c', String(s)], serverCpu: s, wrk: ['taskset', '-c', String(w)], note: `server on CPU ${s}, wrk on CPU ${w} (taskset)` };
}

function selectTargets(): TargetSpec[] {
  const chosen = config.targets ? TARGETS.filter((t) => config.targets!.includes(t.name)) : TARGETS;
  const unknown = (config.targets ?? []).filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length) throw new Error(`unknown BENCH_TARGETS ${unknown.join(', ')}; known: ${TARGETS.map((t) => t.name).join(', ')}`);
  const missing = chosen.map((t) => [t.name, t.unavailable({ repoRoot, pin: [] })] as const).filter(([, why]) => why);
  if (missing.length) throw new Error(missing.map(([n, why]) => `target ${n} unavailable: ${why}`).join('\n'));
  return chosen;
}

function selectScenarios(): Scenario[] {
  return config.scenarios ? SCENARIOS.filter((s) => config.scenarios!.includes(s.name.toLowerCase())) : SCENARIOS;
}

function toolVersion(cmd: string, args: string[]): string {
  const out = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000 });
  return out.status === 0 ? out.stdout.trim().split('\n')[0] ?? 'unknown' : 'unknown';
}

interface Live { spec: TargetSpec; target: RunningTarget; bodies: Map<string, (i: number) => Record<string, unknown>>; client?: KMSClient }

/** One wrk run of `seconds` against a target with freshly signed requests. */
async function measure(live: Live, scenario: Scenario, seconds: number, dir: string, wrkPin: string[]): Promise<WrkResult> {
  const reqs = await presign({
    host: live.target.host, port: live.target.port, operation: scenario.operation,
    body: live.bodies.get(scenario.name)!, count: config.requests, credentials,
  });
  const file = join(dir, `${live.spec.name}-${scenario.name}.tsv`);
  writeRequestsFile(file, reqs);
  return runWrk({
    url: live.target.endpoint + '/', script: join(repoRoot, 'bench/wrk-replay.lua'), requestsFile: file,
    seconds, connections: config.connections, threads: 1, pin: wrkPin,
  });
}

/** Sends one signed request outside the measurement; returns an error text unless it answers 2xx. */
async function preflight(live: Live, scenario: Scenario): Promise<string | undefined> {
  const [req] = await presign({
    host: live.target.host, port: live.target.port, operation: scenario.operation,
    body: live.bodies.get(scenario.name)!, count: 1, credentials,
  });
  const res = await sendOnce(live.target.host, live.target.port, req!);
  return res.status >= 200 && res.status < 300 ? undefined : `HTTP ${res.status}: ${res.body.slice(0, 300)}`;
}

async function main(): Promise<number> {
  installCleanupHandlers();
  const wrkVer = wrkVersion();
  if (!wrkVer) return 1;
  if (config.seconds + config.warmup > 280) throw new Error('BENCH_SECONDS + BENCH_WARMUP must stay under 280: the pre-signed requests are valid for 5 minutes');
  const pin = pinning();
  const targets = selectTargets();
  const scenarios = selectScenarios();
  const dir = makeTempDir();

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, kernel: release(), node: process.version, wrk: wrkVer,
    moto: targets.some((t) => t.name === 'moto') ? toolVersion('python', ['-c', 'import moto; print(moto.__version__)']) : undefined,
  };
  const method =
    `${pin.note}; wrk -t1 -c${config.connections}, ${config.requests} distinct SigV4-signed requests per scenario replayed round-robin; ` +
    `warm-up ${config.warmup} s + measure ${config.seconds} s per run (capped for slow targets: ` +
    targets.filter((t) => t.maxSeconds).map((t) => `${t.name} ${Math.min(config.warmup, t.maxWarmup ?? 1e9)} s + ${Math.min(config.seconds, t.maxSeconds!)} s`).join(', ') +
    `); targets interleaved per operation; median of ${config.runs} run(s); Keyward: --dev, SigV4 verified, durable audit on (default)`;
  console.log(`machine: ${machine.cpu} x${machine.cpus}, Linux ${machine.kernel}, node ${machine.node}, ${machine.wrk}${machine.moto ? `, moto ${machine.moto}` : ''}`);
  console.log(`method:  ${method}`);

  const lives: Live[] = [];
  for (const spec of targets) {
    process.stderr.write(`bench: starting ${spec.name}...\n`);
    const target = await spec.start({ repoRoot, pin: pin.server });
    const live: Live = { spec, target, bodies: new Map() };
    lives.push(live);
    if (spec.speaksKms) live.client = new KMSClient({ endpoint: target.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    const fixture = live.client ? kmsFixture(live.client) : fakeFixture();
    for (const s of scenarios) live.bodies.set(s.name, await s.prepare(fixture));
  }

  const stealStart = cpuTicks('cpu');
  const results = new Map<string, { runs: WrkResult[]; failure?: string }>();
  for (let run = 1; run <= config.runs; run++) {
    for (const scenario of scenarios) {
      for (const live of lives) {
        const key = `${live.spec.name}/${scenario.name}`;
        const slot = results.get(key) ?? { runs: [] };
        results.set(key, slot);
        if (slot.failure || isStopping()) continue;
        const warm = Math.min(config.warmup, live.spec.maxWarmup ?? Infinity);
        const secs = Math.min(config.seconds, live.spec.maxSeconds ?? Infinity);
        process.stderr.write(`bench: run ${run}/${config.runs} ${scenario.name} on ${live.spec.name} (${warm} s + ${secs} s)\n`);
        try {
          slot.failure = await preflight(live, scenario);
          if (slot.failure) continue;
          if (warm > 0) await measure(live, scenario, warm, dir, pin.wrk);
          const other = otherLoad(pin.serverCpu, live.target.pid);
          const r = await measure(live, scenario, secs, dir, pin.wrk);
          slot.runs.push({ ...r, other_cpu_pct: other() });
          if (totalErrors(r) > 0) {
            const sample = await preflight(live, scenario).catch((e: Error) => e.message);
            process.stderr.write(`bench: ${key}: ${totalErrors(r)} errors ${JSON.stringify(r.errors)}; sample request now: ${sample ?? '2xx'}\n`);
          }
        } catch (err) {
          slot.failure = (err as Error).message;
        }
      }
    }
  }

  if (isStopping()) return 130;
  const stealEnd = cpuTicks('cpu');
  const stealPct = stealEnd.total > stealStart.total ? (100 * (stealEnd.steal - stealStart.steal)) / (stealEnd.total - stealStart.total) : 0;
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    for (const live of lives) {
      const slot = results.get(`${live.spec.name}/${scenario.name}`)!;
      rows.push(makeRow(live.spec.name, live.spec.role, scenario.name, slot.runs, slot.failure));
    }
  }
  computeRatios(rows);
  const checks = runChecks(rows);

  console.log('');
  console.log(formatTable(rows));
  console.log('');
  for (const c of checks) console.log(c.line);
  const noisy = rows.filter((r) => (r.other_cpu_pct ?? 0) > 10).map((r) => `${r.target} ${r.scenario}`);
  console.log(`host: CPU steal ${stealPct.toFixed(1)}% during measurement; "other cpu" = share of the server's CPU used by other processes, "wrk cpu" = CPU used by wrk itself`);
  if (stealPct > 5 || noisy.length) console.log(`WARNING noisy host${noisy.length ? ` (other load > 10% in: ${noisy.join(', ')})` : ''}: ratios are unreliable; rerun on an idle machine${config.runs < 3 ? ' with BENCH_RUNS=3' : ''}`);
  const capped = rows.filter((r) => (r.wrk_cpu_pct ?? 0) >= 90).map((r) => `${r.target} ${r.scenario}`);
  if (capped.length) console.log(`NOTE wrk used >= 90% of its CPU in: ${capped.join(', ')}: those rows may be capped by the load generator, not the server`);
  const bad = rows.filter((r) => r.failure || r.errors > 0);
  for (const r of bad) {
    console.log(
      r.failure
        ? `ERROR ${r.target} ${r.scenario}: not measured: ${r.failure}`
        : `ERROR ${r.target} ${r.scenario}: ${r.errors} of ${r.requests} requests failed (${JSON.stringify(r.runs.map((x) => x.errors))}); its numbers are meaningless`,
    );
  }

  const out = join(repoRoot, 'bench/results/latest.json');
  writeJson(out, { date: new Date().toISOString(), machine, method, config, pinned: pin.server.length > 0, stealPct, rows, checks });
  console.log(`\nresults: ${out}`);
  for (const l of lives) l.client?.destroy();
  return bad.length ? 1 : 0;
}

// The AWS SDK warns about Node 20 end of support on every run; it is not about this benchmark.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

main()
  .then(async (code) => { await cleanupAll(); if (!isStopping()) process.exit(code); })
  .catch(async (err: Error) => {
    if (isStopping()) return;
    console.error(`bench: ${err.message}`);
    await cleanupAll();
    process.exit(1);
  });
