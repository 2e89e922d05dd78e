// Reads plaintext in runs of whole frames and seals each run as it arrives, so memory stays constant whatever the size.
// (A worker-thread pool for AES-GCM was measured slower on the 2-core reference machine — thread hand-offs and
// per-run transfers cost more than they saved beside the signature hashing — so frames are sealed inline.)
import type { ByteReader } from './byte-reader.js';
import { sealFrames, type FrameKey } from './frames.js';

/** Plaintext per run of frames: large enough to amortise per-chunk stream overhead, small enough for constant memory. */
export const RUN_BYTES = 1024 * 1024;

/** Frames per run for a frame length (at least one frame). */
export function framesPerRun(frameLength: number): number {
  return Math.max(1, Math.floor(RUN_BYTES / frameLength));
}

/** Reads plaintext runs from `reader` and yields their sealed frames in order; the run before end of input is final. */
export async function* runFrames(reader: ByteReader, k: FrameKey): AsyncGenerator<Buffer> {
  const runBytes = framesPerRun(k.frameLength) * k.frameLength;
  let seq = 1;
  for (;;) {
    // One byte beyond the run tells whether this run is the last: the final frame must be marked as such.
    const final = !(await reader.fill(runBytes + 1));
    const plaintext = reader.takeBuffered(final ? reader.available : runBytes);
    yield sealFrames(k, seq, plaintext, final);
    if (final) return;
    seq += plaintext.length / k.frameLength;
  }
}
