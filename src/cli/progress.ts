// Progress bars for long work (cli-progress), on stderr and only when stderr is a terminal: never with --json or
// --quiet, never into a pipe or a file, so scripts and redirected output stay byte-for-byte clean (docs/cli.md).
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** `bytes` more of the work are done. */
  add(bytes: number): void;
  /** Names what is being worked on now (the file of a --recursive run). */
  label(text: string): void;
  stop(): void;
}

const NONE: Progress = { add() {}, label() {}, stop() {} };

/** Whether a command shows progress: a terminal on stderr, and neither --json nor --quiet. */
export const showsProgress = (o: { json?: unknown; quiet?: unknown }, stream: NodeJS.WriteStream = process.stderr) =>
  !o.json && !o.quiet && stream.isTTY === true;

/** What a bar counts: bytes (shown as KB/MB/GB with a rate) or things (rows, locations). */
export type ProgressUnit = 'bytes' | 'rows' | 'locations';

/** A bar over `totalBytes` (a byte counter and rate when the total is unknown, as for stdin). */
export function progressBar(
  o: { json?: unknown; quiet?: unknown }, totalBytes: number | undefined, unit: ProgressUnit = 'bytes', stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!showsProgress(o, stream)) return NONE;
  const bytes = unit === 'bytes' ? humanBytes : (n: number) => `${Math.round(n)} ${unit}`;
  const known = totalBytes !== undefined && totalBytes > 0;
  const bar = new SingleBar({
    stream, hideCursor: true, fps: 8, barsize: 28, clearOnComplete: false, stopOnComplete: false,
    format: known ? '{label} [{bar}] {percentage}% {done} of {size} {rate}' : '{label} {done} {rate}',
  }, Presets.shades_classic);
  const started = Date.now();
  let done = 0;
  let name = '';
  const payload = () => ({ label: name, done: bytes(done), size: bytes(totalBytes ?? 0), rate: `${bytes(done / Math.max((Date.now() - started) / 1000, 1e-3))}/s` });
  bar.start(known ? totalBytes : 1, 0, payload());
  return {
    add(n) {
      done += n;
      bar.update(known ? done : 0, payload());
    },
    label(text) {
      name = text;
      bar.update(known ? done : 0, payload());
    },
    stop() {
      bar.update(known ? totalBytes : 0, payload());
      bar.stop();
    },
  };
}

/** The chunks of `source`, counted into `progress` as they pass. */
export async function* counted(source: AsyncIterable<Buffer>, progress: Progress): AsyncIterable<Buffer> {
  for await (const chunk of source) {
    progress.add(chunk.length);
    yield chunk;
  }
}

function humanBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}
