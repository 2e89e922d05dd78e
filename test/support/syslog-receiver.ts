// A real syslog receiver for tests: TCP with RFC 6587 octet counting (or LF framing), collecting RFC 5424 messages;
// pause() stops reading from every connection (a receiver that hangs), resume() reads again.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SyslogMessage {
  pri: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: string;
  msg: string;
}

const RFC5424 = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[.*?\]) \uFEFF?([\s\S]*)$/;

export function parseRfc5424(text: string): SyslogMessage {
  const m = RFC5424.exec(text);
  if (!m) throw new Error(`not an RFC 5424 message: ${text.slice(0, 80)}`);
  return { pri: Number(m[1]), version: Number(m[2]), timestamp: m[3]!, hostname: m[4]!, appName: m[5]!, procId: m[6]!, msgId: m[7]!, structuredData: m[8]!, msg: m[9]! };
}

export class SyslogReceiver {
  readonly messages: SyslogMessage[] = [];
  private readonly sockets = new Set<Socket>();
  private paused = false;
  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(): Promise<SyslogReceiver> {
    let receiver: SyslogReceiver | undefined;
    const server = createServer((socket) => receiver!.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new SyslogReceiver(server, (server.address() as AddressInfo).port);
    return receiver;
  }

  get url(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.paused) socket.pause();
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const space = buf.indexOf(0x20);
        if (space < 0) return;
        const len = Number(buf.subarray(0, space).toString('ascii'));
        if (!Number.isInteger(len) || len <= 0) throw new Error('bad octet count');
        if (buf.length < space + 1 + len) return;
        this.messages.push(parseRfc5424(buf.subarray(space + 1, space + 1 + len).toString('utf8')));
        buf = buf.subarray(space + 1 + len);
      }
    });
  }

  pause(): void {
    this.paused = true;
    for (const s of this.sockets) s.pause();
  }

  resume(): void {
    this.paused = false;
    for (const s of this.sockets) s.resume();
  }

  /** The events received, parsed from the messages' JSON. */
  events(): Record<string, unknown>[] {
    return this.messages.map((m) => JSON.parse(m.msg) as Record<string, unknown>);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
