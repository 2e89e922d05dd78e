// A byte search of whole files for needles, in chunks (a database file may be larger than memory), with an overlap of
// the longest needle so a match across a chunk border is found. Each chunk is zeroed after the search: it may hold
// what the search is for.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { ResidueNeedle } from '../core/destruction/destruction-store.js';

const CHUNK = 1 << 20;

/** The needles found in `file`, each once, with the byte offset of its first occurrence. */
export function searchFile(file: string, needles: readonly ResidueNeedle[]): { label: string; offset: number }[] {
  if (!existsSync(file) || needles.length === 0) return [];
  const overlap = Math.max(...needles.map((n) => n.bytes.length)) - 1;
  const buf = Buffer.alloc(CHUNK + overlap);
  const found = new Map<string, number>();
  const fd = openSync(file, 'r');
  try {
    let carried = 0;
    for (let base = 0; ;) {
      const n = readSync(fd, buf, carried, CHUNK, base + carried);
      const filled = carried + n;
      const view = buf.subarray(0, filled);
      for (const needle of needles) {
        if (needle.bytes.length === 0 || found.has(needle.label)) continue;
        const at = view.indexOf(needle.bytes);
        if (at >= 0) found.set(needle.label, base + at);
      }
      if (n === 0) break;
      carried = Math.min(overlap, filled);
      buf.copy(buf, 0, filled - carried, filled);
      base += filled - carried;
    }
  } finally {
    closeSync(fd);
    buf.fill(0);
  }
  return [...found].map(([label, offset]) => ({ label, offset }));
}
