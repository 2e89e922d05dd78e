// The JSON-lines file sink: one CloudTrail event per line, hash-chained across files (file-chain.ts), rotated by size
// and by age: the current file is renamed `<path>.<UTC time>` and a new one started, the chain carried on. A restart
// continues the chain from the last line of the current file, or of the newest rotated one.
// --audit-file PATH[?maxBytes=N&maxAgeSeconds=S&required=false] (docs/audit.md).
import { closeSync, fstatSync, ftruncateSync, openSync, readdirSync, readSync, renameSync, statSync, write } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { chainLine, GENESIS_HASH, lineHash } from './file-chain.js';
import type { SinkTransport } from './sink-queue.js';

export interface FileSinkOptions {
  path: string;
  /** Rotate once the file reaches this size (default 100 MiB). */
  maxBytes?: number | undefined;
  /** Rotate once the file is this old (default: never by age). */
  maxAgeSeconds?: number | undefined;
  clock?: () => number;
}

const TAIL_BYTES = 256 * 1024;

/** The last complete line of a file (the newest record is at most an event's size from the end). */
function lastLine(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n').filter((l) => l.length > 0);
    return lines[lines.length - 1];
  } finally {
    closeSync(fd);
  }
}

/** Rotated siblings of `path`, oldest first (their suffix is a sortable UTC time). */
export function rotatedFiles(path: string): string[] {
  const dir = dirname(path);
  const prefix = basename(path) + '.';
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix) && /^\d{8}T\d{6}(\d{3})?Z(-\d+)?$/.test(n.slice(prefix.length)));
  } catch {
    return [];
  }
  return names.sort().map((n) => join(dir, n));
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');

export class FileSink implements SinkTransport {
  readonly name: string;
  private fd: number;
  private size: number;
  private openedAt: number;
  private prev: string;
  private writing: Promise<number> | undefined;
  private readonly maxBytes: number;
  private readonly maxAgeMs: number | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: FileSinkOptions) {
    this.name = `file:${opts.path}`;
    this.maxBytes = opts.maxBytes ?? 100 * 1024 * 1024;
    this.maxAgeMs = opts.maxAgeSeconds === undefined ? undefined : opts.maxAgeSeconds * 1000;
    this.now = opts.clock ?? Date.now;
    const last = lastLine(opts.path) ?? rotatedFiles(opts.path).reverse().map(lastLine).find((l) => l !== undefined);
    this.prev = (last && lineHash(last)) ?? GENESIS_HASH;
    this.fd = openSync(opts.path, 'a', 0o600);
    const st = fstatSync(this.fd);
    this.size = st.size;
    this.openedAt = st.size > 0 ? st.birthtimeMs || st.mtimeMs : this.now();
  }

  async deliver(lines: readonly string[]): Promise<void> {
    if (this.size >= this.maxBytes || (this.maxAgeMs !== undefined && this.size > 0 && this.now() - this.openedAt >= this.maxAgeMs)) this.rotate();
    let text = '';
    let prev = this.prev;
    for (const l of lines) {
      const c = chainLine(l, prev);
      text += c.line + '\n';
      prev = c.hash;
    }
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    try {
      // Written on libuv's thread pool, not the event loop: when the kernel throttles writers of dirty pages (a busy
      // disk, the database syncing its WAL), a synchronous write would stall every request this process serves.
      while (off < buf.length) off += await (this.writing = writeAsync(this.fd, buf, off, buf.length - off));
    } catch (err) {
      ftruncateSync(this.fd, this.size); // no half line (disk full): the whole batch is retried
      throw err;
    }
    this.size += buf.length;
    this.prev = prev;
  }

  private rotate(): void {
    closeSync(this.fd);
    let target = `${this.opts.path}.${stamp(this.now())}`;
    for (let n = 1; exists(target); n++) target = `${this.opts.path}.${stamp(this.now())}-${n}`;
    renameSync(this.opts.path, target);
    this.fd = openSync(this.opts.path, 'a', 0o600);
    this.size = 0;
    this.openedAt = this.now();
  }

  async close(): Promise<void> {
    await this.writing?.catch(() => undefined); // never close (and free for reuse) a descriptor a write still uses
    closeSync(this.fd);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function writeAsync(fd: number, buf: Buffer, offset: number, length: number): Promise<number> {
  return new Promise((resolve, reject) => write(fd, buf, offset, length, null, (err, n) => (err ? reject(err) : resolve(n))));
}
