// Scans one file in constant memory: the head decides whether the file is one blob or an ESDK message; otherwise the
// file is read in fixed chunks into one reused buffer, and a sliding window keeps each chunk's last RUN_OVERLAP bytes
// so that a base64 run across a chunk boundary is seen whole.
import { open } from 'node:fs/promises';
import { RUN_OVERLAP, findBase64Blobs } from './base64-runs.js';
import { wholeValueMatches } from './detect-value.js';
import type { Match } from './match.js';

/** Bytes read per call: large enough that the per-read overhead vanishes, small enough to stay in cache-friendly RAM. */
const CHUNK = 4 * 1024 * 1024;
/** The head read first: enough for a blob and for any ESDK header a KMS keyring writes (≤ 256 EDKs). */
const HEAD = 1024 * 1024;

export interface FileScanOptions {
  /** Called with the bytes consumed so far (for the progress bar). */
  onBytes?: (n: number) => void;
  /** A reusable buffer of at least scanBufferBytes() (one per concurrent scan). */
  buffer?: Buffer;
}

export const scanBufferBytes = () => CHUNK + RUN_OVERLAP + 1;

export async function scanFile(path: string, size: number, opts: FileScanOptions = {}): Promise<Match[]> {
  const fh = await open(path, 'r');
  try {
    const buf = opts.buffer ?? Buffer.allocUnsafe(scanBufferBytes());
    const head = buf.subarray(0, Math.min(size, HEAD));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const whole = await wholeValueMatches(head.subarray(0, bytesRead), size);
    if (whole) {
      opts.onBytes?.(size);
      return whole;
    }
    return await base64Scan(fh, buf, opts.onBytes);
  } finally {
    await fh.close();
  }
}

async function base64Scan(fh: import('node:fs/promises').FileHandle, buf: Buffer, onBytes?: (n: number) => void): Promise<Match[]> {
  const out: Match[] = [];
  let base = 0; // file offset of buf[0]
  let filled = 0; // valid bytes in buf
  let scanFrom = 0; // index in buf where the search goes on
  let position = 0; // next file offset to read
  for (;;) {
    const { bytesRead } = await fh.read(buf, filled, CHUNK, position);
    position += bytesRead;
    filled += bytesRead;
    onBytes?.(bytesRead);
    const final = bytesRead === 0;
    const limit = final ? filled : filled - RUN_OVERLAP;
    if (limit > scanFrom) {
      scanFrom = findBase64Blobs(buf.subarray(0, filled), scanFrom, limit, filled, (m) => out.push({ ...m, offset: base + m.offset }));
    }
    if (final) return out;
    // Keep one byte before the next search start (the run-start check looks back one character) and everything after.
    const keep = Math.max(0, Math.min(scanFrom, filled) - 1);
    buf.copyWithin(0, keep, filled);
    base += keep;
    filled -= keep;
    scanFrom -= keep;
  }
}
