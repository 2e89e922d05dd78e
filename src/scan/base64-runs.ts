// Finds base64-encoded Keyward blobs in text, JSON or any bytes: every version-1 blob starts 01 00 or 01 01, so its
// base64 starts "AQ" in both alphabets. Buffer.indexOf finds those two characters natively; only at a hit does JS look
// at characters, to take the run that starts there, decode it and validate the header (blob-header.ts).
import { readBlobHeader, MAX_BLOB_BYTES, MIN_BLOB_BYTES } from './blob-header.js';
import type { Base64Style, Match } from './match.js';

const MAGIC = Buffer.from('AQ', 'latin1');
/** Characters of the longest blob's base64, unpadded. */
export const MAX_RUN_CHARS = Math.ceil((MAX_BLOB_BYTES * 4) / 3);
const MIN_RUN_CHARS = Math.ceil((MIN_BLOB_BYTES * 4) / 3);
/** Bytes a window must keep past its scan limit so that a run starting before the limit is seen whole. */
export const RUN_OVERLAP = MAX_RUN_CHARS + 4;

/** 1: both alphabets (A-Z a-z 0-9), 2: standard only (+ /), 3: URL-safe only (- _). */
const CLASS = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') CLASS[c.charCodeAt(0)] = 1;
CLASS['+'.charCodeAt(0)] = 2;
CLASS['/'.charCodeAt(0)] = 2;
CLASS['-'.charCodeAt(0)] = 3;
CLASS['_'.charCodeAt(0)] = 3;
const PAD = '='.charCodeAt(0);

/**
 * Reports blobs whose base64 run starts in [from, limit) of `b` (runs may extend to `end`). A run must start and end at
 * a non-base64 character (or the buffer's edge): a blob inside a longer base64 string is not at a byte boundary we can
 * know. Returns where the next call should start, which may lie past `limit` when a run straddles it.
 */
export function findBase64Blobs(b: Buffer, from: number, limit: number, end: number, emit: (m: Match) => void): number {
  let resume = limit;
  let p = b.indexOf(MAGIC, from);
  while (p !== -1 && p < limit) {
    const next = p > 0 && CLASS[b[p - 1]!] !== 0 ? p + 1 : takeRun(b, p, end, emit);
    if (next > resume) resume = next;
    p = b.indexOf(MAGIC, next);
  }
  return resume;
}

/** Takes the run at `p`, emits it if it is a blob, and returns the index after it. */
function takeRun(b: Buffer, p: number, end: number, emit: (m: Match) => void): number {
  let e = p;
  let alphabets = 0; // bit 1: standard-only characters seen, bit 2: URL-safe-only
  const stop = Math.min(end, p + MAX_RUN_CHARS + 1);
  for (; e < stop; e++) {
    const c = CLASS[b[e]!]!;
    if (c === 0) break;
    if (c > 1) alphabets |= c - 1;
  }
  if (e === stop && stop !== end) return e; // longer than any blob: not one
  const chars = e - p;
  let pad = 0;
  while (pad < 2 && e + pad < end && b[e + pad] === PAD) pad++;
  const after = e + pad;
  if (alphabets === 3 || chars < MIN_RUN_CHARS || chars % 4 === 1 || (pad > 0 && (chars + pad) % 4 !== 0)) return after;
  if (after < end && (CLASS[b[after]!] !== 0 || b[after] === PAD)) return after; // more base64 follows the padding
  const blob = Buffer.from(b.toString('latin1', p, e), 'base64');
  const header = readBlobHeader(blob, 0, blob.length);
  if (header === null) return after;
  // A run with neither + / nor - _ does not say its alphabet; leaving out padding its length needs is what base64url
  // users do (RFC 4648 section 5 allows it, section 4 does not), so that is taken as URL-safe, anything else as standard.
  const urlSafe = alphabets === 2 || (alphabets === 0 && pad === 0 && chars % 4 !== 0);
  const base64: Base64Style = { urlSafe, padded: pad > 0 };
  emit({ format: 'keyward-blob-base64', offset: p, length: after - p, ...header, bytes: blob.length, base64 });
  return after;
}

/** The base64 text of `blob` in the style of the run it replaces. */
export function encodeLike(blob: Buffer, style: Base64Style): string {
  const text = blob.toString(style.urlSafe ? 'base64url' : 'base64');
  if (style.urlSafe && style.padded) return text + '='.repeat((4 - (text.length % 4)) % 4);
  return style.padded ? text : text.replace(/=+$/, '');
}
