// The files under the paths given to `keyward scan`: directories recursively, symbolic links followed but each
// directory and file visited once (by device and inode), so link loops end and linked copies are not counted twice;
// files are reported by their real path.
import { opendir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface WalkedFile { path: string; size: number }
export interface WalkResult { files: WalkedFile[]; skipped: { path: string; reason: string }[] }

/** Temporary files of Keyward's atomic writes (src/cli/atomic-output.ts): never data. */
const TEMP_FILE = /\.keyward-[0-9a-f]{12}\.tmp$/;

export async function walk(paths: readonly string[]): Promise<WalkResult> {
  const seen = new Set<string>();
  const result: WalkResult = { files: [], skipped: [] };
  for (const p of paths) await visit(resolve(p), seen, result);
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

async function visit(path: string, seen: Set<string>, out: WalkResult): Promise<void> {
  let info;
  try {
    info = await stat(path); // follows links; a dangling one fails here
  } catch (err) {
    out.skipped.push({ path, reason: (err as NodeJS.ErrnoException).code ?? 'unreadable' });
    return;
  }
  const id = `${info.dev}:${info.ino}`;
  if (seen.has(id)) return; // a link loop, or a second name of something already scanned
  seen.add(id);
  if (info.isFile()) {
    // The real path, not a link's: a rewrap renames over it, which must replace the file, not the link.
    if (!TEMP_FILE.test(path)) out.files.push({ path: await canonical(path), size: info.size });
    return;
  }
  if (!info.isDirectory()) return; // sockets, FIFOs, devices: reading them could block or never end
  const dir = await opendir(path).catch((err: NodeJS.ErrnoException) => {
    out.skipped.push({ path, reason: err.code ?? 'unreadable' });
    return null;
  });
  if (!dir) return;
  const names: string[] = [];
  for await (const e of dir) names.push(e.name);
  for (const name of names.sort()) await visit(join(path, name), seen, out);
}

/** The absolute, link-free form of a path, for scopes and the state file. */
export const canonical = (p: string) => realpath(p).catch(() => resolve(p));
