// Output files that appear only when complete: bytes go to a temporary file next to the target (same directory, so the
// rename is atomic), which is renamed over the target after success and removed after any failure.
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';

export interface AtomicFile {
  stream: WriteStream;
  /** Waits for the written bytes, fsyncs them and renames the temporary file to the target. */
  commit(): Promise<void>;
  /** Removes the temporary file (after commit it does nothing). */
  abort(): Promise<void>;
}

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.keyward-${randomBytes(6).toString('hex')}.tmp`);
}

export async function openAtomic(target: string): Promise<AtomicFile> {
  const temp = tempPathFor(target);
  // 0600 and O_EXCL: a decryption's plaintext is never readable by others, nor written through a planted link.
  const stream = createWriteStream(temp, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 });
  await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  let done = false;
  return {
    stream,
    async commit() {
      if (!stream.writableEnded) stream.end();
      await finished(stream);
      const handle = await open(temp, 'r');
      try {
        await handle.sync(); // fsync on any descriptor of the file flushes its data before the rename publishes it
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      done = true;
    },
    async abort() {
      if (done) return;
      done = true;
      stream.destroy();
      await finished(stream).catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}
