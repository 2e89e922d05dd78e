// `npm run bench:files`: `keyward encrypt` / `keyward decrypt` of one large file against `age` and against raw
// AES-256-GCM (node:crypto over 1 MiB buffers, one thread) in the same run; prints throughputs, ratios and peak memory.
// Targets (issue 16 point 3): ≥ 1.0× age for encrypt and decrypt, ≥ 0.8× raw AES-GCM, peak RSS < 100 MB.
import { spawnSync } from 'node:child_process';
import { createCipheriv, randomBytes, randomFillSync } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { kmsClient, startTestServer } from '../test/support/server.js';
import { awsEnv } from '../test/support/cli.js';
import { cleanupAll, installCleanupHandlers, makeTempDir } from './procs.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(repoRoot, 'dist/src/cli/main.js');
const MiB = 1024 * 1024;
const fileBytes = Number(process.env.BENCH_FILE_MB ?? 1024) * MiB;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const frameLength = process.env.BENCH_FRAME_LENGTH;

interface Timed { seconds: number; rssMb: number | null }

/** Runs a command to completion; wall time, and peak RSS through GNU time when it is installed. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const useTime = existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', 'KEYWARD_RSS_KB=%M', cmd, ...args], { env, encoding: 'utf8', maxBuffer: 16 * MiB })
    : spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 16 * MiB });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const kb = /KEYWARD_RSS_KB=(\d+)/.exec(r.stderr ?? '')?.[1];
  return { seconds, rssMb: kb ? Number(kb) / 1024 : null };
}

/** Raw AES-256-GCM: one cipher over the same number of bytes, fed 1 MiB at a time from memory. */
function rawAesGcm(bytes: number): Timed {
  const block = randomBytes(MiB);
  const start = process.hrtime.bigint();
  const c = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12), { authTagLength: 16 });
  for (let done = 0; done < bytes; done += MiB) c.update(block);
  c.final();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, rssMb: null };
}

function writeRandomFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const block = Buffer.allocUnsafe(MiB);
  for (let done = 0; done < bytes; done += MiB) writeSync(fd, randomFillSync(block), 0, Math.min(MiB, bytes - done));
  closeSync(fd);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (s: number) => fileBytes / MiB / s;

async function main(): Promise<void> {
  installCleanupHandlers();
  if (spawnSync('age', ['--version']).status !== 0) throw new Error('age is not installed (apt-get install -y age)');
  const dir = makeTempDir('keyward-bench-files-');
  const server = await startTestServer({ dataDir: join(dir, 'data') });
  try {
    const kms = kmsClient(server);
    const arn = (await kms.send(new CreateKeyCommand({ Description: 'bench files' }))).KeyMetadata!.Arn!;
    kms.destroy();
    const env = { ...process.env, ...awsEnv(server) };
    const plain = join(dir, 'plain.bin');
    writeRandomFile(plain, fileBytes);
    const identity = join(dir, 'age.key');
    spawnSync('age-keygen', ['-o', identity]);
    const recipient = /public key: (age1\S+)/.exec(readFileSync(identity, 'utf8'))![1]!;
    const frame = frameLength ? ['--frame-length', frameLength] : [];
    const samples: Record<string, Timed[]> = { raw: [], ageEnc: [], ageDec: [], kwEnc: [], kwDec: [] };
    for (let i = 0; i < runs; i++) {
      // Interleaved, so load from other processes hits every contender alike.
      samples.raw!.push(rawAesGcm(fileBytes));
      samples.ageEnc!.push(timed('age', ['-r', recipient, '-o', join(dir, 'p.age'), plain]));
      samples.kwEnc!.push(timed(process.execPath, [cli, 'encrypt', '--key', arn, ...frame, '-i', plain, '-o', join(dir, 'p.kw')], env));
      samples.ageDec!.push(timed('age', ['-d', '-i', identity, '-o', join(dir, 'p.age.out'), join(dir, 'p.age')]));
      samples.kwDec!.push(timed(process.execPath, [cli, 'decrypt', '--key', arn, '-i', join(dir, 'p.kw'), '-o', join(dir, 'p.kw.out')], env));
      if (statSync(join(dir, 'p.kw.out')).size !== fileBytes) throw new Error('keyward decrypt produced the wrong size');
      for (const f of ['p.age', 'p.age.out', 'p.kw.out']) rmSync(join(dir, f), { force: true });
    }
    report(samples);
  } finally {
    await server.stop(true);
    await cleanupAll();
  }
}

function report(s: Record<string, Timed[]>): void {
  const t = (k: string) => median(s[k]!.map((x) => x.seconds));
  const rss = (k: string) => Math.max(...s[k]!.map((x) => x.rssMb ?? NaN));
  const rows: Array<[string, number, string]> = [
    ['raw AES-256-GCM (node:crypto, 1 thread, in memory)', mbps(t('raw')), ''],
    ['age encrypt (file to file)', mbps(t('ageEnc')), `${rss('ageEnc').toFixed(0)} MB`],
    ['age decrypt', mbps(t('ageDec')), `${rss('ageDec').toFixed(0)} MB`],
    ['keyward encrypt (0x0578, signed)', mbps(t('kwEnc')), `${rss('kwEnc').toFixed(0)} MB`],
    ['keyward decrypt', mbps(t('kwDec')), `${rss('kwDec').toFixed(0)} MB`],
  ];
  console.log(`file: ${fileBytes / MiB} MiB, runs: ${runs} (median), frame length: ${frameLength ?? 'default 4096'}`);
  for (const [name, v, m] of rows) console.log(`  ${name.padEnd(52)} ${v.toFixed(0).padStart(6)} MiB/s  ${m}`);
  const checks: Array<[string, number, number, string]> = [
    ['encrypt vs age', t('ageEnc') / t('kwEnc'), 1.0, '≥'],
    ['decrypt vs age', t('ageDec') / t('kwDec'), 1.0, '≥'],
    ['encrypt vs raw AES-GCM', t('raw') / t('kwEnc'), 0.8, '≥'],
    ['decrypt vs raw AES-GCM', t('raw') / t('kwDec'), 0.8, '≥'],
    ['encrypt peak RSS (MB)', rss('kwEnc'), 100, '<'],
    ['decrypt peak RSS (MB)', rss('kwDec'), 100, '<'],
  ];
  for (const [name, v, target, op] of checks) {
    const pass = op === '≥' ? v >= target : v < target;
    console.log(`  ${name.padEnd(26)} ${v.toFixed(2).padStart(7)}   target ${op} ${target}   ${Number.isNaN(v) ? 'n/a' : pass ? 'PASS' : 'FAIL'}`);
  }
}

main().catch(async (err) => {
  console.error(err);
  await cleanupAll();
  process.exit(1);
});
