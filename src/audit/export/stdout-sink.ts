// The stdout sink: one CloudTrail event per line on standard output (containers collect it). Accepted when the stream
// took the write; a blocked pipe holds it, and a required stdout sink then fails closed like any other.
import type { Writable } from 'node:stream';
import type { SinkTransport } from './sink-queue.js';

export class StdoutSink implements SinkTransport {
  readonly name = 'stdout';
  constructor(private readonly stream: Writable = process.stdout) {}

  deliver(lines: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.write(lines.join('\n') + '\n', (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {}
}
