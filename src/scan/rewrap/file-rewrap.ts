// Rewrites one file with its findings re-encrypted, atomically: the new bytes go to a temporary file beside it, which
// replaces the file by rename only when complete (fsynced); the file keeps its permission bits. Base64 runs are spliced
// while the rest is copied through in chunks, and each replaced range is checked against what the scan saw, so a file
// changed since the scan is left alone.
import { createReadStream } from 'node:fs';
import { chmod, open, stat, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Finding } from '../inventory.js';
import type { Rewrapper } from './rewrapper.js';
import { esdkKeys, splicesFor, type Splice } from './value-rewrap.js';

/** A file that appears at its target only on commit (src/cli/atomic-output.ts's openAtomic). */
export interface AtomicTarget { stream: Writable; commit(): Promise<void>; abort(): Promise<void> }
export type OpenAtomic = (target: string) => Promise<AtomicTarget>;

const COPY_CHUNK = 1024 * 1024;

export class ChangedSinceScan extends Error {}

export async function rewrapFile(path: string, findings: readonly Finding[], rewrapper: Rewrapper, openAtomic: OpenAtomic): Promise<void> {
  const { mode } = await stat(path);
  const keys = esdkKeys(findings);
  const fh = await open(path, 'r');
  let target: AtomicTarget | undefined;
  try {
    const splices = keys.length > 0 ? [] : await splicesFor(findings, (o, l) => readExact(fh, o, l), rewrapper);
    target = await openAtomic(path);
    if (keys.length > 0) {
      for await (const b of rewrapper.esdk(createReadStream(path, { highWaterMark: COPY_CHUNK }), keys)) await write(target.stream, b);
    } else {
      await copyWithSplices(fh, splices, target.stream);
    }
    await target.commit();
    await chmod(path, mode & 0o7777);
  } catch (err) {
    await target?.abort();
    throw err;
  } finally {
    await fh.close();
  }
}

async function readExact(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const b = Buffer.alloc(length);
  const { bytesRead } = await fh.read(b, 0, length, offset);
  if (bytesRead !== length) throw new ChangedSinceScan('the file is shorter than when it was scanned');
  return b;
}

async function copyWithSplices(fh: FileHandle, splices: readonly Splice[], out: Writable): Promise<void> {
  const { size } = await fh.stat();
  let at = 0;
  for (const s of [...splices, { offset: size, length: 0, original: Buffer.alloc(0), replacement: Buffer.alloc(0) }]) {
    while (at < s.offset) {
      const n = Math.min(COPY_CHUNK, s.offset - at);
      await write(out, await readExact(fh, at, n));
      at += n;
    }
    if (s.length > 0 && !(await readExact(fh, s.offset, s.length)).equals(s.original)) throw new ChangedSinceScan('the file changed since it was scanned');
    if (s.replacement.length > 0) await write(out, s.replacement);
    at = s.offset + s.length;
  }
}

function write(out: Writable, b: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(b, (err) => (err ? reject(err) : resolve()));
  });
}
