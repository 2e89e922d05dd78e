// Worker thread of WorkerFrameEngine: seals or opens one run of frames per message, replying with the bytes transferred.
import { parentPort } from 'node:worker_threads';
import { EsdkError } from './errors.js';
import { openFrames, sealFrames, type FrameKey, type FrameRef } from './frames.js';

type Job = { id: number; op: 'seal'; k: FrameKey; firstSeq: number; plaintext: Uint8Array; final: boolean }
  | { id: number; op: 'open'; k: FrameKey; run: Uint8Array; frames: FrameRef[] };

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

parentPort!.on('message', (job: Job) => {
  try {
    const k: FrameKey = { ...job.k, messageId: asBuffer(job.k.messageId) };
    const out = job.op === 'seal' ? sealFrames(k, job.firstSeq, asBuffer(job.plaintext), job.final) : openFrames(k, asBuffer(job.run), job.frames);
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    // Buffers from allocUnsafe may share Node's pool; transfer only a buffer that owns its memory.
    const owned = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? bytes : bytes.slice();
    parentPort!.postMessage({ id: job.id, ok: true, out: owned }, [owned.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: job.id, ok: false, message: (err as Error).message, esdk: err instanceof EsdkError });
  }
});
