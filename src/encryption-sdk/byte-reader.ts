// Reads exact byte counts from a chunked async source (a file or stdin stream), holding only what is not yet consumed.
import { EsdkError } from './errors.js';

type Chunk = Buffer | Uint8Array | string;
/** What encrypt and decrypt read: a stream, an async generator, or (in tests) an array of buffers. */
export type ByteSource = AsyncIterable<Chunk> | Iterable<Chunk>;

export class ByteReader {
  private chunks: Buffer[] = [];
  private head = 0; // offset consumed in chunks[0]
  private buffered = 0;
  private done = false;
  private readonly it: AsyncIterator<Chunk> | Iterator<Chunk>;

  constructor(source: ByteSource) {
    this.it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  /** Bytes buffered and not yet consumed. */
  get available(): number {
    return this.buffered;
  }

  /** Buffers at least `n` bytes; false if the source ended first. */
  async fill(n: number): Promise<boolean> {
    while (this.buffered < n && !this.done) {
      const next = await this.it.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      if (chunk.length > 0) {
        this.chunks.push(chunk);
        this.buffered += chunk.length;
      }
    }
    return this.buffered >= n;
  }

  /** Reads exactly `n` bytes or throws `truncated` (a copy only when they span chunks). */
  async take(n: number, truncated = 'The message is truncated'): Promise<Buffer> {
    if (this.buffered < n && !(await this.fill(n))) throw new EsdkError(truncated);
    return this.takeBuffered(n);
  }

  /** Consumes `n` already-buffered bytes. */
  takeBuffered(n: number): Buffer {
    if (n > this.buffered) throw new RangeError('takeBuffered beyond the buffer');
    this.buffered -= n;
    const first = this.chunks[0];
    if (first && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.advance(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    while (written < n) {
      const c = this.chunks[0]!;
      const k = Math.min(n - written, c.length - this.head);
      c.copy(out, written, this.head, this.head + k);
      written += k;
      this.advance(k);
    }
    return out;
  }

  /** Reads `n` buffered bytes at `offset` without consuming them (n small: header fields of the next frame). */
  peek(offset: number, n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let skip = offset + this.head;
    let written = 0;
    for (const c of this.chunks) {
      if (skip >= c.length) {
        skip -= c.length;
        continue;
      }
      const k = Math.min(n - written, c.length - skip);
      c.copy(out, written, skip, skip + k);
      written += k;
      skip = 0;
      if (written === n) break;
    }
    if (written < n) throw new RangeError('peek beyond the buffer');
    return out;
  }

  /** The big-endian uint32 at `offset` into the buffered bytes, without allocating when it lies in one chunk. */
  uint32At(offset: number): number {
    let at = offset + this.head;
    for (const c of this.chunks) {
      if (at + 4 <= c.length) return c.readUInt32BE(at);
      if (at < c.length) break; // straddles two chunks
      at -= c.length;
    }
    return this.peek(offset, 4).readUInt32BE(0);
  }

  /** True once the source has ended and everything was consumed. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  private advance(n: number): void {
    this.head += n;
    while (this.chunks.length > 0 && this.head >= this.chunks[0]!.length) {
      this.head -= this.chunks[0]!.length;
      this.chunks.shift();
    }
  }
}
