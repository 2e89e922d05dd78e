// Where frames are encrypted and decrypted: inline, or on a pool of worker threads so AES-GCM runs beside the main
// thread's reading, writing and signature hashing. Runs of frames are dispatched in order and collected in order.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ByteReader } from './byte-reader.js';
import { EsdkError } from './errors.js';
import { openFrames, sealFrames, type FrameKey, type FrameRef } from './frames.js';

/** Plaintext per run of frames handed to the engine at once: large enough to amortise a worker round trip. */
export const RUN_BYTES = 1024 * 1024;

export interface FrameEngine {
  /** Runs that may be in flight at once (the pipeline depth). */
  readonly depth: number;
  seal(k: FrameKey, firstSeq: number, plaintext: Buffer, final: boolean): Promise<Buffer>;
  open(k: FrameKey, run: Buffer, frames: readonly FrameRef[]): Promise<Buffer>;
  close(): Promise<void>;
}

export const INLINE_ENGINE: FrameEngine = {
  depth: 1,
  seal: async (k, firstSeq, plaintext, final) => sealFrames(k, firstSeq, plaintext, final),
  open: async (k, run, frames) => openFrames(k, run, frames),
  close: async () => undefined,
};

/** Frames per run for a frame length (at least one frame). */
export function framesPerRun(frameLength: number): number {
  return Math.max(1, Math.floor(RUN_BYTES / frameLength));
}

/** Reads plaintext runs from `reader` and yields the sealed frames in order, keeping up to `depth` runs in flight. */
export async function* runFrames(reader: ByteReader, k: FrameKey, engine: FrameEngine = INLINE_ENGINE): AsyncGenerator<Buffer> {
  const runBytes = framesPerRun(k.frameLength) * k.frameLength;
  const pending: Promise<Buffer>[] = [];
  let seq = 1;
  for (;;) {
    // One byte beyond the run tells whether this run is the last: the final frame must be marked as such.
    const final = !(await reader.fill(runBytes + 1));
    const plaintext = reader.takeBuffered(final ? reader.available : runBytes);
    pending.push(engine.seal(k, seq, plaintext, final));
    seq += plaintext.length / k.frameLength;
    if (final) break;
    if (pending.length >= engine.depth) yield await pending.shift()!;
  }
  for (const p of pending) yield await p;
}

type Job = { id: number; op: 'seal'; k: FrameKey; firstSeq: number; plaintext: Uint8Array; final: boolean }
  | { id: number; op: 'open'; k: FrameKey; run: Uint8Array; frames: readonly FrameRef[] };
type Reply = { id: number; ok: true; out: Uint8Array } | { id: number; ok: false; message: string; esdk: boolean };

/** A fixed pool of worker threads running sealFrames/openFrames (src/encryption-sdk/frame-worker.ts). */
export class WorkerFrameEngine implements FrameEngine {
  readonly depth: number;
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  private next = 0;
  private turn = 0;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(new URL('./frame-worker.js', import.meta.url));
      w.on('message', (r: Reply) => this.settle(r));
      w.on('error', (err) => this.failAll(err));
      return w;
    });
    this.depth = size * 2;
  }

  seal(k: FrameKey, firstSeq: number, plaintext: Buffer, final: boolean): Promise<Buffer> {
    const copy = transferable(plaintext);
    return this.post({ id: this.next++, op: 'seal', k, firstSeq, plaintext: copy, final }, [copy.buffer as ArrayBuffer]);
  }

  open(k: FrameKey, run: Buffer, frames: readonly FrameRef[]): Promise<Buffer> {
    const copy = transferable(run);
    return this.post({ id: this.next++, op: 'open', k, run: copy, frames }, [copy.buffer as ArrayBuffer]);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private post(job: Job, transfer: ArrayBuffer[]): Promise<Buffer> {
    const worker = this.workers[this.turn++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      worker.postMessage(job, transfer);
    });
  }

  private settle(r: Reply): void {
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    if (r.ok) w.resolve(Buffer.from(r.out.buffer, r.out.byteOffset, r.out.byteLength));
    else w.reject(r.esdk ? new EsdkError(r.message) : new Error(r.message));
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

/** A copy in its own ArrayBuffer (Buffers from streams share pooled memory, which must not be transferred). */
function transferable(b: Buffer): Uint8Array {
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return copy;
}
