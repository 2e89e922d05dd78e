// `keyward scan PATH...`: every file under the paths through the detectors, the key ids confirmed with the server,
// the inventory built; the findings per file are kept for --rewrap.
import { scanBufferBytes, scanFile } from './file-scan.js';
import { forEachConcurrent } from './pool.js';
import { inventoryOf, type Finding, type ScanSummary, type Unresolved } from './inventory.js';
import type { KeyResolver } from './key-resolver.js';
import type { Progress } from './progress.js';
import { resolveMatches } from './resolve-matches.js';
import { canonical, walk } from './walker.js';

export interface FileScan { summary: ScanSummary; byFile: Map<string, Finding[]> }

/** Files scanned at once: enough to overlap open/read latency of small files, each with its own window buffer. */
const WIDTH = 4;

export async function scanFiles(paths: readonly string[], resolver: KeyResolver, progress: Progress): Promise<FileScan> {
  const { files, skipped } = await walk(paths);
  const found: Finding[] = [];
  const unresolved: Unresolved[] = [];
  const byFile = new Map<string, Finding[]>();
  const buffers = Array.from({ length: WIDTH }, () => Buffer.allocUnsafe(scanBufferBytes()));
  const errors = skipped.map((s) => ({ Location: s.path, Reason: s.reason }));
  const total = files.reduce((n, f) => n + f.size, 0);
  progress.start(total, 'bytes');
  await forEachConcurrent(files, WIDTH, async (file, w) => {
    let matches;
    try {
      matches = await scanFile(file.path, file.size, { buffer: buffers[w]!, onBytes: (n) => progress.advance(n) });
    } catch (err) {
      // Unreadable (permissions, vanished since the walk): reported, and the scan goes on.
      errors.push({ Location: file.path, Reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      return;
    }
    // A server that cannot confirm keys fails the whole scan: an inventory with silent holes would mislead pre-flight.
    const mine = await resolveMatches(file.path, matches, resolver, found, unresolved);
    if (mine.length > 0) byFile.set(file.path, mine);
  });
  progress.stop();
  const scope = `files:${(await Promise.all(paths.map(canonical))).join(',')}`;
  found.sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : a.offset - b.offset));
  return {
    summary: { Scope: scope, Scanned: { Files: files.length, Bytes: total }, Inventory: inventoryOf(found), Unresolved: unresolved, Skipped: errors },
    byFile,
  };
}
