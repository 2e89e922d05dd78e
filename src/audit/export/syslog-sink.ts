// The syslog sink: RFC 5424 messages over UDP (one datagram each, RFC 5426), TCP (RFC 6587), TLS (RFC 5425) or a
// unix stream socket. Stream transports connect lazily and reconnect after an error; a message counts as accepted
// when the socket flushed it to the kernel (write callback). Node has no unix datagram sockets, so `unix://` is a
// stream socket (syslog-ng `unix-stream`, rsyslog imuxsock with a stream listener), LF-framed by default.
// --audit-syslog udp://host:514 | tcp://host:514 | tls://host:6514?ca=FILE | unix:///path [&framing=lf|octet-counting]
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { frame, syslogMessage, type Framing } from './syslog-format.js';
import type { SinkTransport } from './sink-queue.js';

/** What `--audit-syslog` names, parsed (sink-options.ts). */
export interface SyslogTarget {
  protocol: 'udp' | 'tcp' | 'tls' | 'unix';
  host?: string | undefined;
  port?: number | undefined;
  path?: string | undefined;
  framing: Framing;
  /** TLS: PEM file of the CAs to trust (default: Node's bundled CAs). */
  caFile?: string | undefined;
  /** TLS: the server name to verify (default: host). */
  serverName?: string | undefined;
}

const UDP_MAX = 65_507;

class UdpTransport implements SinkTransport {
  private readonly socket: UdpSocket;
  constructor(readonly name: string, private readonly target: SyslogTarget) {
    this.socket = createSocket(target.host?.includes(':') ? 'udp6' : 'udp4');
    this.socket.unref();
  }

  async deliver(lines: readonly string[]): Promise<void> {
    for (const l of lines) {
      const msg = Buffer.from(syslogMessage(l), 'utf8').subarray(0, UDP_MAX);
      await new Promise<void>((resolve, reject) => this.socket.send(msg, this.target.port!, this.target.host!, (err) => (err ? reject(err) : resolve())));
    }
  }

  async close(): Promise<void> {
    this.socket.close();
  }
}

class StreamTransport implements SinkTransport {
  private socket: Socket | undefined;
  private ready: Promise<Socket> | undefined;

  constructor(readonly name: string, private readonly target: SyslogTarget) {}

  async deliver(lines: readonly string[]): Promise<void> {
    const socket = await (this.ready ??= this.open());
    const text = lines.map((l) => frame(syslogMessage(l), this.target.framing)).join('');
    await new Promise<void>((resolve, reject) => socket.write(text, (err) => (err ? reject(err) : resolve())));
  }

  private open(): Promise<Socket> {
    const t = this.target;
    return new Promise<Socket>((resolve, reject) => {
      const socket = t.protocol === 'unix' ? netConnect({ path: t.path! })
        : t.protocol === 'tls'
          ? tlsConnect({ host: t.host, port: t.port, servername: t.serverName ?? t.host, ca: t.caFile ? readFileSync(t.caFile) : undefined })
          : netConnect({ host: t.host!, port: t.port! });
      const connectedEvent = t.protocol === 'tls' ? 'secureConnect' : 'connect';
      socket.once(connectedEvent, () => {
        socket.setKeepAlive(true, 30_000);
        this.socket = socket;
        resolve(socket);
      });
      socket.on('error', (err) => {
        this.drop(socket);
        reject(err);
      });
      socket.on('close', () => this.drop(socket));
      socket.on('data', () => undefined); // receivers may talk (RELP-less): read and ignore
      socket.unref();
    });
  }

  /** Forgets a broken connection; the next delivery (the sink queue retries) connects again. */
  private drop(socket: Socket): void {
    if (this.socket === socket || this.socket === undefined) {
      this.socket = undefined;
      this.ready = undefined;
    }
    socket.destroy();
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
    this.ready = undefined;
  }
}

export function syslogTransport(target: SyslogTarget, url: string): SinkTransport {
  const name = `syslog:${url.split('?')[0]}`;
  return target.protocol === 'udp' ? new UdpTransport(name, target) : new StreamTransport(name, target);
}
