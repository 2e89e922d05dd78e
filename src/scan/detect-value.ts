// The detectors in the order one value goes through them: a whole-value form first (an ESDK message, or one raw blob:
// raw ciphertext has no length field, so only a value's own extent can delimit it), else base64 runs anywhere inside.
import { MAX_BLOB_BYTES, readBlobHeader } from './blob-header.js';
import { findBase64Blobs } from './base64-runs.js';
import { esdkMatches } from './esdk-message.js';
import type { Match } from './match.js';

/**
 * Whole-value matches of a value of `size` bytes whose first bytes are `head` (all of it when size ≤ MAX_BLOB_BYTES);
 * null when the value is neither an ESDK message nor one blob, and its content should be searched for base64.
 */
export async function wholeValueMatches(head: Buffer, size: number): Promise<Match[] | null> {
  if (size <= MAX_BLOB_BYTES && head.length === size) {
    const blob = readBlobHeader(head, 0, size);
    if (blob) return [{ format: 'keyward-blob', offset: 0, length: size, ...blob, bytes: size }];
  }
  const esdk = await esdkMatches(head, size);
  return esdk.length > 0 ? esdk : null;
}

/** Every match in a value held in memory (a column value). */
export async function valueMatches(value: Buffer): Promise<Match[]> {
  const whole = await wholeValueMatches(value, value.length);
  if (whole) return whole;
  const out: Match[] = [];
  findBase64Blobs(value, 0, value.length, value.length, (m) => out.push(m));
  return out;
}
