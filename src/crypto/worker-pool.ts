// A small worker_threads pool for CPU-heavy crypto (RSA private-key operations, ML-DSA, key-pair generation),
// so the event loop keeps serving symmetric traffic. One worker per available core, each at the lowest scheduling
// priority (crypto-worker.ts), so the event loop preempts them however much RSA work arrives: measured on 2 cores,
// Encrypt p99 under RSA_4096 signing stayed within 0.7–1.6x of unloaded (4.3x at normal priority), while RSA signing
// kept both cores (a pool of one worker instead lost ~10% of RSA throughput). Each task goes to the worker with the
// fewest tasks in flight. Workers are unref'd while idle so they never keep a process alive.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { TASKS, type TaskName, type Tasks } from './tasks.js';

type Result<K extends TaskName> = ReturnType<Tasks[K]>;
interface Pending { resolve(v: unknown): void; reject(e: Error): void }
interface Slot { worker: Worker; inFlight: number }

export class CryptoPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number = availableParallelism()) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  get inFlight(): number {
    return this.pending.size;
  }

  run<K extends TaskName>(name: K, args: Parameters<Tasks[K]>[0]): Promise<Result<K>> {
    if (this.closed) return Promise.reject(new Error('crypto pool is closed'));
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    if (slot.inFlight++ === 0) slot.worker.ref();
    return new Promise<Result<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      slot.worker.postMessage({ id, name, args });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const p of this.pending.values()) p.reject(new Error('crypto pool closed'));
    this.pending.clear();
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./crypto-worker.js', import.meta.url));
    const slot: Slot = { worker, inFlight: 0 };
    worker.unref();
    worker.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (--slot.inFlight === 0) worker.unref();
      if (!p) return;
      if (m.ok) p.resolve(toBuffers(m.result));
      else p.reject(new Error(`crypto worker task failed: ${m.error}`));
    });
    worker.on('error', (err) => this.replace(slot, err));
    return slot;
  }

  /** A worker that died fails its tasks (their ids are unknown per worker, so fail all) and is replaced. */
  private replace(slot: Slot, err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    if (this.closed) return;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = this.spawn();
  }
}

/** Structured clone turns Buffers into plain Uint8Arrays; give callers Buffers back (one level deep). */
function toBuffers(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = x instanceof Uint8Array ? Buffer.from(x.buffer, x.byteOffset, x.byteLength) : x;
    return out;
  }
  return v;
}

let shared: CryptoPool | undefined;

/** Starts the process-wide pool (server start-up). */
export function startCryptoPool(size?: number): CryptoPool {
  shared ??= new CryptoPool(size);
  return shared;
}

/** Tasks handed to the shared pool and not yet answered (the metrics' worker-pool queue). */
export const cryptoPoolInFlight = (): number => shared?.inFlight ?? 0;

export async function stopCryptoPool(): Promise<void> {
  const p = shared;
  shared = undefined;
  await p?.close();
}

/** Runs a heavy task on the pool, or inline (synchronously, for tools and tests) when no pool was started. */
export async function offload<K extends TaskName>(name: K, args: Parameters<Tasks[K]>[0]): Promise<Result<K>> {
  if (shared) return shared.run(name, args);
  return (TASKS[name] as (a: unknown) => Result<K>)(args);
}
