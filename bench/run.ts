// `npm run bench`: measures Keyward's KMS operations over HTTP against a bare node:http handler and moto_server, in one interleaved run.
import { spawnSync } from 'node:child_process';
import { cpus, release } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KMSClient } from '@aws-sdk/client-kms';
import { cpuTicks, otherLoad, reapedChildrenTicks, treeTicks } from './cpu.js';
import { cleanupAll, installCleanupHandlers, isStopping, makeTempDir } from './procs.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, TARGETS, whichSync, type RunningTarget, type TargetSpec } from './targets.js';
import { SCENARIOS, fakeFixture, kmsFixture, type BackgroundLoad, type Fixture, type Placement, type Scenario } from './scenarios.js';
import { presign, sendOnce, writeRequestsFile, type SignedRequest } from './presign.js';
import { runOpenLoop, runWrk, totalErrors, wrkVersion, type WrkResult } from './wrk.js';
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

interface Pinning { server: string[]; wrk: string[]; serverCpu?: number; note: string }

function pinning(): Pinning {
  const cpuList = whichSync('taskset') ? allowedCpus() : [];
  if (cpuList.length < 2) {
    const why = whichSync('taskset') ? `only ${cpuList.length || cpus().length} CPU(s) available` : 'taskset not found';
    return { server: [], wrk: [], note: `UNPINNED (${why}): server and wrk share CPUs, ratios are less reliable` };
  }
  const [s, w] = cpuList as [number, number];
  return { server: ['taskset', '-c', String(s)], serverCpu: s, wrk: ['taskset', '-c', String(w)], note: `server on CPU ${s}, wrk on CPU ${w} (taskset)` };
}

const SHARED: Pinning = { server: [], wrk: [], note: 'nothing pinned: the server may use every CPU and the load generator (wrk, or the raw node:crypto script) shares them' };

/** Targets chosen by BENCH_TARGETS (all by default); fails early when a chosen target that a chosen scenario needs cannot run here. */
function selectTargets(scenarios: Scenario[]): TargetSpec[] {
  const unknown = (config.targets ?? []).filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length) throw new Error(`unknown BENCH_TARGETS ${unknown.join(', ')}; known: ${TARGETS.map((t) => t.name).join(', ')}`);
  const chosen = TARGETS.filter((t) => (!config.targets || config.targets.includes(t.name)) && scenarios.some((s) => s.targets.includes(t.name)));
  const missing = chosen.map((t) => [t.name, t.unavailable({ repoRoot, pin: [] })] as const).filter(([, why]) => why);
  if (missing.length) throw new Error(missing.map(([n, why]) => `target ${n} unavailable: ${why}`).join('\n'));
  return chosen;
}

/** Scenarios chosen by BENCH_SCENARIOS: by name or group (case-insensitive); all by default. */
function selectScenarios(): Scenario[] {
  const wanted = config.scenarios;
  if (!wanted) return SCENARIOS;
  const names = (s: Scenario) => [s.name, ...(s.groups ?? [])].map((n) => n.toLowerCase());
  const unknown = wanted.filter((w) => !SCENARIOS.some((s) => names(s).includes(w)));
  if (unknown.length) throw new Error(`unknown BENCH_SCENARIOS ${unknown.join(', ')}; known: ${[...new Set(SCENARIOS.flatMap((s) => [s.name, ...(s.groups ?? [])]))].join(', ')}`);
  return SCENARIOS.filter((s) => names(s).some((n) => wanted.includes(n)));
}

function toolVersion(cmd: string, args: string[]): string {
  const out = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000 });
  return out.status === 0 ? out.stdout.trim().split('\n')[0] ?? 'unknown' : 'unknown';
}

interface Live { spec: TargetSpec; target?: RunningTarget; bodies: Map<string, (i: number) => Record<string, unknown>>; client?: KMSClient; fixture?: Fixture }

type Load = Pick<Scenario, 'operation' | 'verify'> & { name: string };

/** Signs fresh requests for `load` on a target and writes them to the file wrk replays. */
async function requestsFile(live: Live, load: Load, dir: string): Promise<string> {
  const t = live.target!;
  const reqs = await presign({ host: t.host, port: t.port, operation: load.operation, body: live.bodies.get(load.name)!, count: config.requests, credentials });
  const file = join(dir, `${live.spec.name}-${load.name.replace(/[^\w.-]/g, '_')}.tsv`);
  writeRequestsFile(file, reqs);
  return file;
}

/** One wrk run of `seconds` against a target with freshly signed requests. */
async function measure(live: Live, scenario: Scenario, seconds: number, dir: string, wrkPin: string[]): Promise<WrkResult> {
  return runWrk({
    url: live.target!.endpoint + '/', script: join(repoRoot, 'bench/wrk-replay.lua'), requestsFile: await requestsFile(live, scenario, dir),
    seconds, connections: scenario.connections ?? config.connections, threads: 1, pin: wrkPin, pauseMs: scenario.pauseMs,
  });
}

/** Sends one signed request outside the measurement; returns an error text unless it answers 2xx (and passes the load's verify). */
async function preflight(live: Live, load: Load): Promise<string | undefined> {
  const t = live.target!;
  const [req] = await presign({ host: t.host, port: t.port, operation: load.operation, body: live.bodies.get(load.name)!, count: 1, credentials });
  const res = await sendOnce(t.host, t.port, req!);
  if (res.status < 200 || res.status >= 300) return `HTTP ${res.status}: ${res.body.slice(0, 300)}`;
  if (!load.verify || !live.fixture || !live.spec.speaksKms) return undefined;
  return verifyResponse(load, req!, res.body, live.fixture);
}

async function verifyResponse(load: Load, req: SignedRequest, body: string, fixture: Fixture): Promise<string | undefined> {
  try {
    const why = await load.verify!(JSON.parse(body) as Record<string, unknown>, JSON.parse(req.body) as Record<string, unknown>, fixture);
    return why && `${load.operation} response rejected: ${why}`;
  } catch (err) {
    return `${load.operation} response could not be checked: ${(err as Error).message}`;
  }
}

/** fraction x the median req/s of a slot measured earlier in this run, or 0 when there is none. */
function openLoopRate(slot: { runs: WrkResult[]; failure?: string } | undefined, fraction: number): number {
  if (!slot || slot.failure || slot.runs.length === 0) return 0;
  const rps = slot.runs.map((r) => r.rps).sort((a, b) => a - b);
  return Math.round(fraction * rps[Math.floor(rps.length / 2)]!);
}

const bgName = (scenario: Scenario) => `${scenario.name}#background`;

/** Starts the scenario's background wrk (after a verified preflight) for `seconds`; `running` resolves to its result. */
async function startBackground(live: Live, scenario: Scenario, bg: BackgroundLoad, seconds: number, dir: string, wrkPin: string[]): Promise<{ running: Promise<WrkResult> }> {
  const load = { ...bg, name: bgName(scenario) };
  const failure = await preflight(live, load);
  if (failure) throw new Error(`background ${bg.label}: ${failure}`);
  const running = runWrk({
    url: live.target!.endpoint + '/', script: join(repoRoot, 'bench/wrk-replay.lua'), requestsFile: await requestsFile(live, load, dir),
    seconds, connections: bg.connections, threads: 1, pin: wrkPin, timeoutSeconds: 30,
  });
  running.catch(() => undefined); // awaited by the caller; avoid an unhandled rejection while the foreground runs
  await new Promise((r) => setTimeout(r, 1000)); // let the background reach its steady state first
  return { running };
}

/** CPU ticks of everything that belongs to a measurement: for `pinned`, the target's processes (the server CPU is
 * theirs alone); for `shared`, also this process, its live children (wrk, the raw script) and its reaped ones. */
function oursTicks(placement: Placement, live: Live): () => number {
  const roots = () => live.target?.pids() ?? [];
  return placement === 'pinned' ? () => treeTicks(roots()) : () => treeTicks([process.pid, ...roots()]) + reapedChildrenTicks();
}

/** Warm-up, then one measured run of `scenario` on `live` (with its background load, if any). */
async function measureOnce(live: Live, scenario: Scenario, placement: Placement, pin: Pinning, warm: number, secs: number, dir: string, rate?: number): Promise<WrkResult> {
  const cpuName = placement === 'pinned' ? (pin.serverCpu === undefined ? undefined : `cpu${pin.serverCpu}`) : 'cpu';
  if (live.spec.kind === 'raw') {
    const other = otherLoad(cpuName, oursTicks(placement, live));
    const r = await live.spec.measure!({ repoRoot, scenario, warmup: warm, seconds: secs });
    return { ...r, other_cpu_pct: other() };
  }
  if (scenario.openLoop && rate !== undefined) {
    const t = live.target!;
    const file = await requestsFile(live, scenario, dir);
    const other = otherLoad(cpuName, oursTicks(placement, live));
    const r = await runOpenLoop({
      host: t.host, port: t.port, requestsFile: file, rate, warmupSeconds: warm, seconds: secs, connections: scenario.openLoop.connections, pin: pin.wrk,
    }, join(repoRoot, 'dist/bench/open-loop.js'));
    const kept = r.rps >= 0.98 * rate ? 'kept' : `NOT kept (${r.rps.toFixed(0)} req/s answered in the window)`;
    return { ...r, other_cpu_pct: other(), note: `${live.spec.name} ${scenario.name}: open loop at ${rate.toFixed(0)} req/s = ${scenario.openLoop.fraction} x its ${scenario.openLoop.of} rate in this run, rate ${kept}; latency from each request's due time` };
  }
  const bg = scenario.background && (await startBackground(live, scenario, scenario.background, warm + secs + 2, dir, pin.wrk)).running;
  try {
    if (warm > 0) await measure(live, scenario, warm, dir, pin.wrk);
    const other = otherLoad(cpuName, oursTicks(placement, live));
    const r = await measure(live, scenario, secs, dir, pin.wrk);
    const result: WrkResult = { ...r, other_cpu_pct: other() };
    if (!bg) return result;
    const b = await bg;
    const note = `${live.spec.name} ${scenario.name}: background ${scenario.background!.label} at -c${scenario.background!.connections}: ${b.rps.toFixed(0)} req/s, p99 ${b.p99_ms.toFixed(1)} ms, ${totalErrors(b)} errors`;
    if (totalErrors(b) > 0 || b.requests === 0) throw new Error(`background load failed: ${note} ${JSON.stringify(b.errors)}`);
    return { ...result, note };
  } finally {
    await bg?.catch(() => undefined);
  }
}

async function main(): Promise<number> {
  installCleanupHandlers();
  const wrkVer = wrkVersion();
  if (!wrkVer) return 1;
  if (config.seconds + config.warmup > 270) throw new Error('BENCH_SECONDS + BENCH_WARMUP must stay under 270: the pre-signed requests are valid for 5 minutes');
  const scenarios = selectScenarios();
  const targets = selectTargets(scenarios);
  const dir = makeTempDir();
  const pinned = pinning();
  const placements: Array<{ placement: Placement; pin: Pinning; scenarios: Scenario[] }> = (['pinned', 'shared'] as const)
    .map((placement) => ({ placement, pin: placement === 'pinned' ? pinned : SHARED, scenarios: scenarios.filter((s) => s.placement === placement) }))
    .filter((p) => p.scenarios.length > 0 && targets.some((t) => p.scenarios.some((s) => s.targets.includes(t.name))));
  const runsOn = (s: Scenario) => targets.filter((t) => s.targets.includes(t.name));
  if (!placements.length) throw new Error('no selected scenario runs on a selected target (see the scenarios table in docs/benchmarks.md)');

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, kernel: release(), node: process.version, wrk: wrkVer,
    moto: targets.some((t) => t.name === 'moto') ? toolVersion('python', ['-c', 'import moto; print(moto.__version__)']) : undefined,
  };
  const capped = targets.filter((t) => t.maxSeconds);
  const method =
    `wrk -t1 -c${config.connections} unless noted, ${config.requests} distinct SigV4-signed requests per scenario replayed round-robin; ` +
    `warm-up ${config.warmup} s + measure ${config.seconds} s per run` +
    (capped.length ? ` (capped: ${capped.map((t) => `${t.name} ${Math.min(config.warmup, t.maxWarmup ?? 1e9)} s + ${Math.min(config.seconds, t.maxSeconds!)} s`).join(', ')})` : '') +
    `; targets interleaved per scenario; median of ${config.runs} run(s); Keyward: --dev, SigV4 verified, durable audit on (default)`;
  console.log(`machine: ${machine.cpu} x${machine.cpus}, Linux ${machine.kernel}, node ${machine.node}, ${machine.wrk}${machine.moto ? `, moto ${machine.moto}` : ''}`);
  console.log(`method:  ${method}`);
  for (const p of placements) console.log(`${p.placement === 'pinned' ? 'pinned: ' : 'shared: '} ${p.pin.note} (${p.scenarios.map((s) => s.name).join(', ')})`);
  for (const s of scenarios.filter((x) => x.connections || x.pauseMs || x.background)) {
    console.log(`         ${s.name}: wrk -c${s.connections ?? config.connections}${s.pauseMs ? `, each connection pausing ${s.pauseMs} ms between requests` : ''}` +
      `${s.background ? `; meanwhile a second wrk -c${s.background.connections} sends ${s.background.label}` : ''}`);
  }

  const stealStart = cpuTicks('cpu');
  const results = new Map<string, { runs: WrkResult[]; failure?: string }>();
  for (const { placement, pin, scenarios: phase } of placements) {
    const lives: Live[] = [];
    try {
      for (const spec of targets.filter((t) => phase.some((s) => s.targets.includes(t.name)))) {
        const live: Live = { spec, bodies: new Map() };
        lives.push(live);
        if (spec.kind === 'raw' || isStopping()) continue;
        process.stderr.write(`bench: starting ${spec.name} (${placement})...\n`);
        try {
          live.target = await spec.start({ repoRoot, pin: pin.server });
          if (spec.speaksKms) live.client = new KMSClient({ endpoint: live.target.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
          live.fixture = live.client ? kmsFixture(live.client) : fakeFixture();
          for (const s of phase.filter((x) => x.targets.includes(spec.name))) {
            live.bodies.set(s.name, await s.prepare(live.fixture));
            if (s.background) live.bodies.set(bgName(s), await s.background.prepare(live.fixture));
          }
        } catch (err) {
          // A target that does not start (or cannot prepare) fails its own rows, not the whole benchmark.
          const msg = `${spec.name} (${placement}): ${(err as Error).message}`;
          process.stderr.write(`bench: ${msg}\n`);
          for (const s of phase.filter((x) => x.targets.includes(spec.name))) results.set(`${spec.name}/${s.name}`, { runs: [], failure: msg });
        }
      }
      for (let run = 1; run <= config.runs; run++) {
        for (const scenario of phase) {
          for (const live of lives.filter((l) => scenario.targets.includes(l.spec.name))) {
            const key = `${live.spec.name}/${scenario.name}`;
            const slot = results.get(key) ?? { runs: [] };
            results.set(key, slot);
            if (slot.failure || isStopping()) continue;
            const warm = Math.min(config.warmup, live.spec.maxWarmup ?? Infinity);
            const secs = Math.min(config.seconds, live.spec.maxSeconds ?? Infinity);
            process.stderr.write(`bench: run ${run}/${config.runs} ${scenario.name} on ${live.spec.name} (${warm} s + ${secs} s)\n`);
            try {
              if (live.spec.kind === 'server') {
                slot.failure = await preflight(live, scenario);
                if (slot.failure) continue;
              }
              const rate = scenario.openLoop && openLoopRate(results.get(`${live.spec.name}/${scenario.openLoop.of}`), scenario.openLoop.fraction);
              if (scenario.openLoop && !rate) {
                slot.failure = `needs the ${scenario.openLoop.of} row of ${live.spec.name} measured earlier in the same run (select both scenarios)`;
                continue;
              }
              const r = await measureOnce(live, scenario, placement, pin, warm, secs, dir, rate || undefined);
              slot.runs.push(r);
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
    } finally {
      for (const l of lives) {
        l.client?.destroy();
        await l.target?.stop();
      }
    }
  }

  if (isStopping()) return 130;
  const stealEnd = cpuTicks('cpu');
  const stealPct = stealEnd.total > stealStart.total ? (100 * (stealEnd.steal - stealStart.steal)) / (stealEnd.total - stealStart.total) : 0;
  const rows: Row[] = [];
  for (const scenario of placements.flatMap((p) => p.scenarios)) {
    for (const spec of runsOn(scenario)) {
      const slot = results.get(`${spec.name}/${scenario.name}`) ?? { runs: [], failure: 'not measured' };
      rows.push(makeRow(spec.name, spec.role, scenario.name, slot.runs, slot.failure));
    }
  }
  computeRatios(rows);
  const checks = runChecks(rows);

  console.log('');
  console.log(formatTable(rows));
  console.log('');
  for (const n of rows.flatMap((r) => r.notes)) console.log(`note: ${n}`);
  for (const c of checks) console.log(c.line);
  const noisy = rows.filter((r) => (r.other_cpu_pct ?? 0) > 10).map((r) => `${r.target} ${r.scenario}`);
  console.log(`host: CPU steal ${stealPct.toFixed(1)}% during measurement; "other cpu" = share of the server's CPU (pinned) or of all CPUs (shared) used by processes outside the benchmark, "wrk cpu" = CPU used by wrk itself`);
  if (stealPct > 5 || noisy.length) console.log(`WARNING noisy host${noisy.length ? ` (other load > 10% in: ${noisy.join(', ')})` : ''}: ratios are unreliable; rerun on an idle machine${config.runs < 3 ? ' with BENCH_RUNS=3' : ''}`);
  // The open-loop generator spins by design (bench/open-loop.ts); whether it kept its rate is in its own note.
  const openLoop = new Set(scenarios.filter((x) => x.openLoop).map((x) => x.name));
  const wrkCapped = rows.filter((r) => (r.wrk_cpu_pct ?? 0) >= 90 && !openLoop.has(r.scenario)).map((r) => `${r.target} ${r.scenario}`);
  if (wrkCapped.length) console.log(`NOTE wrk used >= 90% of its CPU in: ${wrkCapped.join(', ')}: those rows may be capped by the load generator, not the server`);
  const bad = rows.filter((r) => r.failure || r.errors > 0);
  for (const r of bad) {
    console.log(
      r.failure
        ? `ERROR ${r.target} ${r.scenario}: not measured: ${r.failure}`
        : `ERROR ${r.target} ${r.scenario}: ${r.errors} of ${r.requests} requests failed (${JSON.stringify(r.runs.map((x) => x.errors))}); its numbers are meaningless`,
    );
  }

  // File encryption (issue 16): keyward encrypt/decrypt of a 1 GiB file against age and raw AES-GCM, in the same
  // run, when every scenario was chosen (BENCH_FILES=0 leaves it out; bench/file-encrypt.ts, npm run bench:files).
  if (process.env.BENCH_FILES !== '0' && !config.scenarios) {
    console.log('\nfile encryption (bench/file-encrypt.ts):');
    const files = spawnSync(process.execPath, [join(repoRoot, 'dist/bench/file-encrypt.js')], {
      stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, BENCH_RUNS: process.env.BENCH_FILE_RUNS ?? '1' },
    });
    if (files.status !== 0) console.log(`ERROR file encryption benchmark exited ${files.status ?? files.signal}`);
  }

  const out = join(repoRoot, 'bench/results/latest.json');
  const placementInfo = placements.map((p) => ({ placement: p.placement, note: p.pin.note, scenarios: p.scenarios.map((s) => s.name) }));
  writeJson(out, { date: new Date().toISOString(), machine, method, placements: placementInfo, config, pinned: pinned.server.length > 0, stealPct, rows, checks });
  console.log(`\nresults: ${out}`);
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
