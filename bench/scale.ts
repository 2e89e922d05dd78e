// `npm run bench:scale`: PRODUCT.md's scale target — "One million keys in one SQLite file: DescribeKey and Encrypt stay
// within 2x of their 1,000-key latency; memory stays bounded."
// 1. A fresh server (pinned like `npm run bench`) gets 1,000 keys through CreateKey; DescribeKey and Encrypt are
//    measured open loop (bench/open-loop.ts) at a fixed rate over those keys (all in Keyward's key cache).
// 2. The server stops and the data directory is filled to BENCH_SCALE_KEYS keys (default 1,000,000) offline, in one
//    transaction, with records built exactly as CreateKey builds a SYMMETRIC_DEFAULT key (fresh material from the
//    CSPRNG, sealed under the data directory's barrier with the key id and version as AAD).
// 3. The server restarts on that directory; the same measurements run over BENCH_SCALE_SAMPLE keys drawn from all of
//    them, replayed round-robin: more than the key cache holds (10,000), so nearly every request loads its key from
//    SQLite — the worst case, not the typical one.
// It prints both latencies, their ratios (target <= 2x), the server's RSS after each phase and the start-up time.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { purpose, unsealBarrier } from '../src/core/secrets/barrier.js';
import type { KeyRecord } from '../src/core/model.js';
import { defaultKeyPolicy } from '../src/core/access/key-policy.js';
import { KeyFileRoot } from '../src/seal/dev-key-file.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { installCleanupHandlers, makeTempDir, cleanupAll } from './procs.js';
import { presign, sendOnce, writeRequestsFile } from './presign.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, freePort, launch, type RunningTarget } from './targets.js';
import { runOpenLoop, totalErrors, type WrkResult } from './wrk.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const TOTAL = num('BENCH_SCALE_KEYS', 1_000_000);
const SMALL = 1_000;
const SAMPLE = num('BENCH_SCALE_SAMPLE', 20_000);
const RATE = num('BENCH_SCALE_RATE', 2_000);
const SECONDS = num('BENCH_SCALE_SECONDS', 10);
const WARMUP = num('BENCH_SCALE_WARMUP', 3);
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };
const pin = process.env.BENCH_SCALE_PIN === 'none' ? { server: [], load: [] } : { server: ['taskset', '-c', '0'], load: ['taskset', '-c', '1'] };

async function startServer(dataDir: string): Promise<RunningTarget & { startMs: number }> {
  const port = await freePort();
  const t0 = Date.now();
  const cmd = [...pin.server, process.execPath, join(repoRoot, 'dist/src/cli/main.js'), 'server', '--dev', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir];
  const env = { ...process.env, KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: ACCESS_KEY_ID, KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY };
  const t = await launch('keyward', cmd, port, { env, path: '/healthz', ready: (s) => s === 200, timeoutMs: 120_000, dir: makeTempDir() });
  return { ...t, startMs: Date.now() - t0 };
}

function rssMiB(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/** DescribeKey and Encrypt, open loop at RATE, over `keyIds` round-robin. */
async function measure(t: RunningTarget, keyIds: string[], dir: string, label: string): Promise<Record<string, WrkResult>> {
  const out: Record<string, WrkResult> = {};
  const ops: Record<string, (k: string) => Record<string, unknown>> = {
    DescribeKey: (k) => ({ KeyId: k }),
    Encrypt: (k) => ({ KeyId: k, Plaintext: randomBytes(32).toString('base64'), EncryptionContext: { app: 'keyward-scale' } }),
  };
  for (const [operation, body] of Object.entries(ops)) {
    const reqs = await presign({ host: t.host, port: t.port, operation, body: (i) => body(keyIds[i % keyIds.length]!), count: keyIds.length, credentials });
    const check = await sendOnce(t.host, t.port, reqs[reqs.length - 1]!);
    if (check.status !== 200) throw new Error(`${label} ${operation} preflight: HTTP ${check.status} ${check.body.slice(0, 200)}`);
    const file = join(dir, `${label}-${operation}.tsv`);
    writeRequestsFile(file, reqs);
    process.stderr.write(`bench:scale: ${label} ${operation} at ${RATE} req/s over ${keyIds.length} keys (${WARMUP} s + ${SECONDS} s)\n`);
    const r = await runOpenLoop({ host: t.host, port: t.port, requestsFile: file, rate: RATE, warmupSeconds: WARMUP, seconds: SECONDS, connections: 64, pin: pin.load },
      join(repoRoot, 'dist/bench/open-loop.js'));
    if (totalErrors(r) > 0) throw new Error(`${label} ${operation}: ${totalErrors(r)} errors ${JSON.stringify(r.errors)}`);
    out[operation] = r;
  }
  return out;
}

/** Adds keys to a stopped server's data directory, as CreateKey would (SYMMETRIC_DEFAULT), in one transaction. */
async function seed(dataDir: string, count: number): Promise<{ ids: string[]; seconds: number }> {
  const t0 = Date.now();
  const store = new SqliteStore(join(dataDir, 'keyward.db'));
  try {
    const barrier = await unsealBarrier(store, KeyFileRoot.open(join(dataDir, 'root.key'), false));
    const ids: string[] = [];
    const now = Date.now();
    const policy = defaultKeyPolicy(ACCOUNT);
    const pending: Array<Promise<void>> = [];
    // createKey runs synchronously inside (better-sqlite3); the outer transaction makes the million inserts one commit.
    store.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const keyId = randomUUID();
        const record: KeyRecord = {
          keyId, accountId: ACCOUNT, region: REGION, createdAt: now, description: `scale ${i}`, keySpec: 'SYMMETRIC_DEFAULT',
          keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', keyManager: 'CUSTOMER', state: 'Enabled', multiRegion: false, policy, currentVersion: 1, revision: 1,
        };
        const material = randomBytes(32);
        const sealedMaterial = barrier.seal(purpose.keyMaterial(keyId, 1), material);
        material.fill(0);
        pending.push(store.createKey(record, { keyId, version: 1, materialId: randomBytes(32).toString('hex'), createdAt: now, sealedMaterial }, []));
        ids.push(keyId);
      }
      // The change feed's rows tell running processes to drop cached keys; none runs now, and a server would otherwise
      // spend its first minutes pruning a million of them (bounded per poll: src/store/sqlite/change-feed.ts).
      store.db.prepare('DELETE FROM key_changes').run();
    })();
    await Promise.all(pending);
    return { ids, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await store.close();
  }
}

function sampleOf<T>(xs: T[], n: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.floor(Math.random() * xs.length)]!);
  return out;
}

async function main(): Promise<number> {
  installCleanupHandlers();
  const dataDir = makeTempDir('keyward-scale-');
  const dir = makeTempDir();
  let server = await startServer(dataDir);
  const kms = new KMSClient({ endpoint: server.endpoint, region: REGION, credentials, maxAttempts: 1 });
  const small: string[] = [];
  for (let i = 0; i < SMALL; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, SMALL - i) }, () => kms.send(new CreateKeyCommand({ Description: 'scale' }))));
    small.push(...batch.map((r) => r.KeyMetadata!.KeyId!));
  }
  kms.destroy();
  const before = await measure(server, small, dir, `${SMALL} keys`);
  const rssSmall = rssMiB(server.pid);
  await server.stop();

  process.stderr.write(`bench:scale: adding ${TOTAL - SMALL} keys offline...\n`);
  const seeded = await seed(dataDir, TOTAL - SMALL);
  const dbMiB = statSync(join(dataDir, 'keyward.db')).size / 2 ** 20;
  server = await startServer(dataDir);
  const rssStart = rssMiB(server.pid);
  const after = await measure(server, sampleOf([...small, ...seeded.ids], SAMPLE), dir, `${TOTAL} keys`);
  const rssLarge = rssMiB(server.pid);
  await server.stop();

  const row = (label: string, r: WrkResult) => `${label.padEnd(28)} ${r.rps.toFixed(0).padStart(8)} ${r.p50_ms.toFixed(2).padStart(8)} ${r.p99_ms.toFixed(2).padStart(8)} ${r.max_ms.toFixed(2).padStart(8)}`;
  console.log(`method: open loop at ${RATE} req/s, ${WARMUP} s + ${SECONDS} s, 64 connections; server ${pin.server.length ? 'pinned to CPU 0, load on CPU 1' : 'unpinned'}; ` +
    `${SMALL} keys made by CreateKey, then ${TOTAL - SMALL} added offline in ${seeded.seconds.toFixed(0)} s (database ${dbMiB.toFixed(0)} MiB); ` +
    `the large phase replays ${SAMPLE} random keys round-robin (key cache: 10,000)`);
  console.log(`${'phase / operation'.padEnd(28)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  let ok = true;
  for (const op of ['DescribeKey', 'Encrypt']) {
    console.log(row(`${SMALL} keys ${op}`, before[op]!));
    console.log(row(`${TOTAL} keys ${op}`, after[op]!));
  }
  for (const op of ['DescribeKey', 'Encrypt']) {
    for (const m of ['p50_ms', 'p99_ms'] as const) {
      const ratio = after[op]![m] / before[op]![m];
      const pass = ratio <= 2;
      ok &&= pass;
      console.log(`${op} ${m.replace('_ms', '')} at ${TOTAL} keys vs ${SMALL}: ${ratio.toFixed(2)}x (target <= 2x) ${pass ? 'PASS' : 'MISSED'}`);
    }
  }
  console.log(`server RSS: ${rssSmall.toFixed(0)} MiB after the ${SMALL}-key phase; ${rssStart.toFixed(0)} MiB at start on ${TOTAL} keys ` +
    `(start-up ${(server.startMs / 1000).toFixed(1)} s); ${rssLarge.toFixed(0)} MiB after the ${TOTAL}-key phase ` +
    `(${(rssLarge - rssSmall >= 0 ? '+' : '')}${(rssLarge - rssSmall).toFixed(0)} MiB for ${TOTAL / SMALL}x the keys; the key cache holds at most 10,000)`);
  return ok ? 0 : 1;
}

main().then(
  async (code) => {
    await cleanupAll();
    process.exit(code);
  },
  async (err) => {
    console.error(`bench:scale: ${(err as Error).stack ?? err}`);
    await cleanupAll();
    process.exit(1);
  },
);
