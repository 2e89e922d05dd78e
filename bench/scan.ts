// `npm run bench:scan`: the discovery scan's throughput over a 1 GiB noise file (random bytes with the blob magic and
// its base64 "AQ" planted every KiB, so the candidate path is exercised, not just indexOf): the detectors in-process
// (scanFile, as the CLI runs them) and `keyward scan FILE --json` end to end against a test server. Prints MB/s.
// Target (issue 13 item 3): ≥ 200 MB/s on plain files.
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanFile } from '../src/scan/file-scan.js';
import { startTestServer } from '../test/support/server.js';
import { awsEnv } from '../test/support/cli.js';
import { cleanupAll, installCleanupHandlers, makeTempDir } from './procs.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repoRoot, 'dist/src/cli/main.js');
const MiB = 1024 * 1024;
const fileBytes = Number(process.env.BENCH_FILE_MB ?? 1024) * MiB;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const mbps = (bytes: number, seconds: number) => (bytes / 1e6 / seconds).toFixed(0);

function writeNoise(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.allocUnsafe(16 * MiB);
  for (let written = 0; written < fileBytes; written += chunk.length) {
    randomFillSync(chunk);
    for (let i = 0; i + 4 < chunk.length; i += 1024) {
      chunk.write('AQ', i, 'latin1'); // base64 magic of a blob, followed by random bytes
      chunk[i + 512] = 0x01; // raw magic: format 1, key id kind 0
      chunk[i + 513] = 0x00;
    }
    writeSync(fd, chunk, 0, Math.min(chunk.length, fileBytes - written));
  }
  closeSync(fd);
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const dir = makeTempDir('keyward-bench-scan-');
  const file = join(dir, 'noise.bin');
  writeNoise(file);
  const inProcess: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const matches = await scanFile(file, fileBytes);
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    if (matches.length !== 0) throw new Error(`noise produced ${matches.length} matches`);
    inProcess.push(s);
  }
  const server = await startTestServer();
  const endToEnd: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [cli, 'scan', file, '--json'], { env: { ...process.env, ...awsEnv(server) }, encoding: 'utf8' });
      const s = Number(process.hrtime.bigint() - start) / 1e9;
      if (r.status !== 0) throw new Error(`keyward scan exited ${r.status}: ${r.stderr}`);
      const out = JSON.parse(r.stdout) as { Inventory: unknown[]; Unresolved: unknown[] };
      if (out.Inventory.length !== 0 || out.Unresolved.length !== 0) throw new Error('noise produced findings');
      endToEnd.push(s);
    }
  } finally {
    await server.stop(true);
  }
  const best = (xs: number[]) => Math.min(...xs);
  console.log(`scan of ${fileBytes / MiB} MiB of noise (best of ${runs}):`);
  console.log(`  detectors in-process (scanFile): ${mbps(fileBytes, best(inProcess))} MB/s  [${inProcess.map((s) => mbps(fileBytes, s)).join(', ')}]`);
  console.log(`  keyward scan FILE --json (CLI, end to end): ${mbps(fileBytes, best(endToEnd))} MB/s  [${endToEnd.map((s) => mbps(fileBytes, s)).join(', ')}]`);
  console.log(`  target: >= 200 MB/s -> ${fileBytes / 1e6 / best(endToEnd) >= 200 ? 'met' : 'NOT met'}`);
  await cleanupAll();
}

main().catch(async (err) => {
  console.error(err);
  await cleanupAll();
  process.exit(1);
});
