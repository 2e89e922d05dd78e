// The new content of one value (a file's bytes or a column value) with every match re-encrypted to its key's newest
// version: a whole blob or ESDK message replaced, base64 runs spliced in place in the style they were written.
import { encodeLike } from '../base64-runs.js';
import type { Finding } from '../inventory.js';
import type { Rewrapper } from './rewrapper.js';

export interface Splice { offset: number; length: number; original: Buffer; replacement: Buffer }

/** The keys an ESDK message must be re-encrypted to: every Keyward key it names. */
export const esdkKeys = (findings: readonly Finding[]) => [...new Set(findings.filter((f) => f.format === 'esdk-message').map((f) => f.arn))];

/** Splices for the base64 and raw-blob findings, given a reader of the value's bytes. */
export async function splicesFor(findings: readonly Finding[], read: (offset: number, length: number) => Promise<Buffer>, rewrapper: Rewrapper): Promise<Splice[]> {
  const out: Splice[] = [];
  for (const f of [...findings].sort((a, b) => a.offset - b.offset)) {
    const original = await read(f.offset, f.length);
    if (f.format === 'keyward-blob') {
      out.push({ offset: f.offset, length: f.length, original, replacement: await rewrapper.reEncrypt(original, f.arn) });
    } else if (f.format === 'keyward-blob-base64') {
      const text = original.toString('latin1').replace(/=+$/, '');
      const fresh = await rewrapper.reEncrypt(Buffer.from(text, 'base64'), f.arn);
      out.push({ offset: f.offset, length: f.length, original, replacement: Buffer.from(encodeLike(fresh, f.base64!), 'latin1') });
    }
  }
  return out;
}

/** Applies sorted, non-overlapping splices to a value in memory. */
export function applySplices(value: Buffer, splices: readonly Splice[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const s of splices) {
    parts.push(value.subarray(at, s.offset), s.replacement);
    at = s.offset + s.length;
  }
  parts.push(value.subarray(at));
  return Buffer.concat(parts);
}

/** The value re-encrypted, in memory (column values are at most a few megabytes). */
export async function rewrapValue(value: Buffer, findings: readonly Finding[], rewrapper: Rewrapper): Promise<Buffer> {
  const keys = esdkKeys(findings);
  if (keys.length > 0) {
    const parts: Buffer[] = [];
    for await (const b of rewrapper.esdk([value], keys)) parts.push(b);
    return Buffer.concat(parts);
  }
  const read = async (offset: number, length: number) => value.subarray(offset, offset + length);
  return applySplices(value, await splicesFor(findings, read, rewrapper));
}
