// The raw node:crypto signing rate for one KMS key spec and algorithm: the denominator of the Sign checks.
// Usage: node dist/bench/raw-sign.js KEY_SPEC ALGORITHM METHOD WARMUP_S SECONDS
//   METHOD async:   the main thread keeps CONCURRENCY async crypto.sign(..., callback) calls in flight, so libuv's
//                   thread pool (UV_THREADPOOL_SIZE, default 4) spreads them over the cores;
//   METHOD threads: one worker thread per available core, each signing in a synchronous loop.
// Either way the private key is a cached KeyObject and the messages are 256 distinct 32-byte values. One signature
// is verified before measuring. Prints one line: RAW_RESULT {"rps":..,"requests":..,"duration_us":..,"method":".."}.
import { createPrivateKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { signAlg, type SignAlg } from './sign-algs.js';

interface Job { keySpec: string; algorithm: string; pkcs8: Buffer; warmupMs: number; measureMs: number; startAt: number }

const MESSAGES = Array.from({ length: 256 }, () => randomBytes(32));

/** Synchronous loop until the deadline; counts signatures completed inside the measurement window. */
function syncLoop(alg: SignAlg, key: KeyObject, job: Job): number {
  const from = job.startAt + job.warmupMs;
  const until = from + job.measureMs;
  let n = 0;
  for (let i = 0; ; i++) {
    const now = Date.now();
    if (now >= until) return n;
    sign(alg.digest, MESSAGES[i & 255]!, { key, ...alg.options });
    if (now >= from && Date.now() <= until) n++;
  }
}

function asyncLoop(alg: SignAlg, key: KeyObject, job: Job, concurrency: number): Promise<number> {
  const from = job.startAt + job.warmupMs;
  const until = from + job.measureMs;
  return new Promise((resolve, reject) => {
    let n = 0;
    let inFlight = 0;
    let i = 0;
    const issue = () => {
      inFlight++;
      sign(alg.digest, MESSAGES[i++ & 255]!, { key, ...alg.options }, (err) => {
        inFlight--;
        if (err) return reject(err);
        const now = Date.now();
        if (now >= from && now <= until) n++;
        if (now < until) issue();
        else if (inFlight === 0) resolve(n);
      });
    };
    for (let k = 0; k < concurrency; k++) issue();
  });
}

async function main(): Promise<void> {
  const [keySpec, algorithm, method = 'async', warmupS = '1', secondsS = '5'] = process.argv.slice(2);
  if (!keySpec || !algorithm) throw new Error('usage: raw-sign.js KEY_SPEC ALGORITHM async|threads WARMUP_S SECONDS');
  const alg = signAlg(keySpec, algorithm);
  const { privateKey, publicKey } = alg.generate();
  const probe = sign(alg.digest, MESSAGES[0]!, { key: privateKey, ...alg.options });
  if (!verify(alg.digest, MESSAGES[0]!, { key: publicKey, ...alg.options }, probe)) throw new Error(`raw ${keySpec} ${algorithm}: own signature does not verify`);

  const job: Job = {
    keySpec, algorithm, pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }),
    warmupMs: Number(warmupS) * 1000, measureMs: Number(secondsS) * 1000, startAt: Date.now() + 200,
  };
  let count: number;
  let label: string;
  if (method === 'threads') {
    const n = availableParallelism();
    const counts = await Promise.all(Array.from({ length: n }, () => new Promise<number>((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: job });
      w.once('message', (c: number) => resolve(c));
      w.once('error', reject);
    })));
    count = counts.reduce((a, b) => a + b, 0);
    label = `${n} worker threads, sync loop`;
  } else {
    const concurrency = Math.max(4, 2 * Number(process.env.UV_THREADPOOL_SIZE ?? 4));
    await new Promise((r) => setTimeout(r, Math.max(0, job.startAt - Date.now())));
    count = await asyncLoop(alg, privateKey, job, concurrency);
    label = `async callback, ${concurrency} in flight`;
  }
  const durationUs = job.measureMs * 1000;
  process.stdout.write(`RAW_RESULT ${JSON.stringify({ rps: count / (job.measureMs / 1000), requests: count, duration_us: durationUs, method: label })}\n`);
}

if (isMainThread) {
  main().catch((err: Error) => {
    console.error(`raw-sign: ${err.message}`);
    process.exit(1);
  });
} else {
  const job = workerData as Job;
  const alg = signAlg(job.keySpec, job.algorithm);
  const key = createPrivateKey({ key: Buffer.from(job.pkcs8), format: 'der', type: 'pkcs8' });
  parentPort!.postMessage(syncLoop(alg, key, job));
}
