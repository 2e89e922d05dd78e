// An open-loop load generator: sends the pre-signed requests of a wrk requests file at a constant arrival rate, whatever
// the server's latency, and times each request from the moment it was due (not from when a connection was free), so
// queueing shows in the latency instead of slowing the load (no coordinated omission; wrk2's method, which Debian
// does not package). Persistent HTTP/1.1 connections, one request in flight per connection; a request that falls due
// while every connection is busy waits in a queue, and that wait counts.
// It spins on its CPU (its CPU column reads ~100%); that is the price of sub-millisecond send times.
// Usage: node dist/bench/open-loop.js HOST PORT REQUESTS_FILE RATE WARMUP_S SECONDS CONNECTIONS
// Prints: OPEN_RESULT {"requests","duration_us","rps","p50_ms","p90_ms","p99_ms","max_ms","errors":{...},"rate"}
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

const [host = '127.0.0.1', portArg, file, rateArg, warmArg = '1', secsArg = '5', connArg = '64'] = process.argv.slice(2);
const port = Number(portArg);
const rate = Number(rateArg);
const warmupMs = Number(warmArg) * 1000;
const measureMs = Number(secsArg) * 1000;
if (!file || !(rate > 0) || !(port > 0)) throw new Error('usage: open-loop.js HOST PORT REQUESTS_FILE RATE WARMUP_S SECONDS CONNECTIONS');

// The requests file: one request per line, body TAB name TAB value ... (bench/presign.ts writeRequestsFile).
const requests = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
  const [body, ...pairs] = line.split('\t');
  let head = 'POST / HTTP/1.1\r\n';
  for (let i = 0; i + 1 < pairs.length; i += 2) head += `${pairs[i]}: ${pairs[i + 1]}\r\n`;
  return Buffer.from(head + '\r\n' + body);
});

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
const start = now() + 50;
const measureFrom = start + warmupMs;
const end = measureFrom + measureMs;
const latencies = new Float64Array(Math.ceil((rate * measureMs) / 1000) + 16);
let measured = 0;
const errors = { connect: 0, read: 0, write: 0, status: 0, timeout: 0 };

interface Conn { socket: Socket; due: number; buf: Buffer | null; busy: boolean }
const queue: number[] = []; // due times of requests waiting for a connection
let next = 0; // index of the next request to fall due
let sent = 0;

function complete(c: Conn, ok: boolean): void {
  const t = now();
  if (c.due >= measureFrom && c.due < end) {
    if (ok) latencies[measured++] = t - c.due;
    else errors.status++;
  }
  c.busy = false;
  dispatch(c);
}

function dispatch(c: Conn): void {
  const due = queue.shift();
  if (due === undefined) return void idle.push(c);
  c.busy = true;
  c.due = due;
  c.socket.write(requests[sent++ % requests.length]!);
}

/** Parses responses on a connection: status line, Content-Length, body; one at a time. */
function onData(c: Conn, chunk: Buffer): void {
  let buf: Buffer = c.buf ? Buffer.concat([c.buf, chunk]) : chunk;
  c.buf = buf;
  for (;;) {
    const he: number = buf.indexOf('\r\n\r\n');
    if (he < 0) return;
    const head = buf.toString('latin1', 0, he);
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const total: number = he + 4 + (m ? Number(m[1]) : 0);
    if (buf.length < total) return;
    const status = Number(head.slice(9, 12));
    c.buf = buf.length === total ? null : buf.subarray(total);
    complete(c, status >= 200 && status < 300);
    if (!c.buf) return;
    buf = c.buf;
  }
}

const idle: Conn[] = [];
const conns: Conn[] = [];
for (let i = 0; i < Number(connArg); i++) {
  const c: Conn = { socket: connect({ host, port, noDelay: true }), due: 0, buf: null, busy: false };
  c.socket.on('data', (d: Buffer) => onData(c, d));
  c.socket.on('error', () => (c.busy ? errors.read++ : errors.connect++));
  c.socket.on('close', () => {
    const i = idle.indexOf(c);
    if (i >= 0) idle.splice(i, 1);
  });
  c.socket.once('connect', () => idle.push(c));
  conns.push(c);
}

// A spin on setImmediate (the generator has a CPU of its own): everything that fell due is queued and handed to idle
// connections at once, and I/O is polled between spins, so sends are not rounded to a timer's 1 ms granularity.
const interval = 1000 / rate;
let done = false;
function spin(): void {
  const t = now();
  while (start + next * interval <= t && start + next * interval < end) queue.push(start + next++ * interval);
  while (queue.length && idle.length) dispatch(idle.pop()!);
  if (t >= end + 2000 || (t >= end && queue.length === 0 && conns.every((c) => !c.busy))) return finish();
  setImmediate(spin);
}
setImmediate(spin);

function finish(): void {
  if (done) return;
  done = true;
  const lost = queue.filter((d) => d >= measureFrom && d < end).length + conns.filter((c) => c.busy && c.due >= measureFrom && c.due < end).length;
  errors.timeout += lost; // still waiting 2 s after the end: counted as timeouts
  const sorted = latencies.subarray(0, measured).sort();
  const pct = (p: number) => (measured ? sorted[Math.min(measured - 1, Math.floor((p / 100) * measured))]! : NaN);
  const result = {
    requests: measured, duration_us: measureMs * 1000, rps: measured / (measureMs / 1000), rate,
    p50_ms: pct(50), p90_ms: pct(90), p99_ms: pct(99), max_ms: measured ? sorted[measured - 1]! : NaN, errors,
  };
  process.stdout.write(`OPEN_RESULT ${JSON.stringify(result)}\n`);
  for (const c of conns) c.socket.destroy();
}
