// The HTTP adapter: routes POST / to the AWS JSON dispatcher (through the seal gate), serves GET /healthz, the unseal
// routes (Vault's shapes: POST /_keyward/unseal, GET /_keyward/seal-status), the dev test clock and the web console
// (/console/, src/console), caps bodies before buffering them, and never lets a request crash the process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isConsolePath, type ConsoleRoute } from '../console/console-route.js';
import { errorBody, KmsError } from '../protocol/errors.js';
import type { AwsRequest, AwsResponse } from './dispatcher.js';
import type { Logger } from './log.js';

/** Larger than any valid request (a 32 KB policy plus JSON overhead), small enough to refuse cheaply. */
export const MAX_BODY_BYTES = 256 * 1024;
/**
 * Operations whose requests may be larger, and their cap: a scan report carries up to 10,000 inventory lines of
 * about 130 bytes (ReportScanResults, `keyward scan --report-to`). Still capped before buffering.
 */
const LARGER_BODIES: ReadonlyMap<string, number> = new Map([['KeywardService.ReportScanResults', 2 * 1024 * 1024]]);
const JSON_TYPE = 'application/x-amz-json-1.1';

/** Who answers POST /: the dispatcher of an unsealed node, or the sealed answer (src/server/seal-gate.ts). */
export interface RequestHandler {
  handle(req: AwsRequest): Promise<AwsResponse>;
  refuse(req: Omit<AwsRequest, 'body' | 'rawHeaders' | 'path'>, err: KmsError): Promise<AwsResponse>;
}

export interface AdminRoutes {
  /** GET /healthz: 200 when serving, 503 while sealed. */
  health(): { status: number; body: Record<string, unknown> };
  /** GET /_keyward/seal-status. */
  sealStatus(): Record<string, unknown>;
  /** POST /_keyward/unseal. */
  unseal(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** GET and POST /_keyward/rekey. */
  rekeyStatus(): { status: number; body: Record<string, unknown> };
  rekey(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /**
   * POST /_keyward/clock, when the test clock is on: the request as received, so the route can check the caller's
   * SigV4 signature (an administrator's) before it moves time.
   */
  advanceClock?: (req: { rawHeaders: string[]; path: string; body: Buffer; sourceAddress: string }) => Promise<Record<string, unknown>>;
}

export function createHttpServer(dispatcher: RequestHandler, admin: AdminRoutes, log: Logger, consoleRoute?: ConsoleRoute): Server {
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 65_000 }, (req, res) => {
    const done = consoleRoute && isConsolePath(req.url ?? '/') ? Promise.resolve(consoleRoute(req, res)) : route(req, res, dispatcher, admin);
    done.catch((err) => {
      log.error('request handling failed', { error: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) sendError(res, new KmsError('KMSInternalException', 'The request could not be completed due to an internal error.'), '-');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return server;
}

async function route(req: IncomingMessage, res: ServerResponse, dispatcher: RequestHandler, admin: AdminRoutes): Promise<void> {
  const path = req.url ?? '/';
  if (req.method === 'GET' && path === '/healthz') {
    const h = admin.health();
    return sendJson(res, h.status, h.body);
  }
  if (req.method === 'GET' && path === '/_keyward/seal-status') return sendJson(res, 200, admin.sealStatus());
  if (req.method === 'GET' && path === '/_keyward/rekey') {
    const answer = admin.rekeyStatus();
    return sendJson(res, answer.status, answer.body);
  }
  if (req.method === 'POST' && (path === '/_keyward/unseal' || path === '/_keyward/rekey')) {
    const body = await adminBody(req, res);
    if (body === undefined) return;
    if (body instanceof Error) return sendJson(res, 400, { error: 'the body is not valid JSON' });
    const answer = path === '/_keyward/unseal' ? await admin.unseal(body) : await admin.rekey(body);
    return sendJson(res, answer.status, answer.body);
  }
  if (req.method === 'POST' && path === '/_keyward/clock' && admin.advanceClock) {
    const body = await cappedBody(req, res);
    if (body === undefined) return;
    try {
      return sendJson(res, 200, await admin.advanceClock({ rawHeaders: req.rawHeaders, path, body, sourceAddress: req.socket.remoteAddress ?? '-' }));
    } catch (err) {
      return sendError(res, err instanceof KmsError ? err : new KmsError('ValidationException', String(err)), '-');
    }
  }
  if (req.method !== 'POST' || (path !== '/' && !path.startsWith('/?'))) {
    const err = new KmsError('UnknownOperationException', `No operation at ${req.method} ${path.slice(0, 64)}`);
    return send(res, await dispatcher.refuse(meta(req), err));
  }
  const cap = LARGER_BODIES.get(header(req, 'x-amz-target') ?? '') ?? MAX_BODY_BYTES;
  const body = await readBody(req, cap);
  if (body === 'too-large') {
    if (!(await discardRest(req))) return;
    const err = new KmsError('RequestEntityTooLargeException', `Request body exceeds ${cap} bytes.`);
    return send(res, await dispatcher.refuse(meta(req), err));
  }
  // One literal rather than a spread of meta(): no intermediate object per request.
  const out = await dispatcher.handle({
    target: header(req, 'x-amz-target'), contentType: header(req, 'content-type'), rawHeaders: req.rawHeaders, path, body,
    sourceAddress: req.socket.remoteAddress ?? '-',
  });
  body.fill(0); // the body may carry plaintext (base64); do not leave it for the garbage collector
  send(res, out);
}

/** An admin route's body; undefined when it was too large (answered here). */
async function cappedBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
  const body = await readBody(req);
  if (body !== 'too-large') return body;
  if (await discardRest(req)) sendError(res, new KmsError('RequestEntityTooLargeException', 'Request body too large.'), '-');
  return undefined;
}

/** An admin route's JSON body; undefined when it was too large (answered here), an Error when it is not JSON. */
async function adminBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const body = await cappedBody(req, res);
  if (body === undefined) return undefined;
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch (err) {
    return err as Error;
  } finally {
    body.fill(0); // an unseal key travels in it
  }
}

function meta(req: IncomingMessage) {
  return { target: header(req, 'x-amz-target'), contentType: header(req, 'content-type'), rawHeaders: req.rawHeaders, sourceAddress: req.socket.remoteAddress ?? '-' };
}

function send(res: ServerResponse, out: AwsResponse): void {
  // A flat [name, value, ...] array: Node stores it without walking an object's keys.
  res.writeHead(out.status, ['Content-Type', out.contentType, 'x-amzn-RequestId', out.requestId, 'Content-Length', String(Buffer.byteLength(out.body))]);
  res.end(out.body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Reads the body up to `cap` bytes without buffering more; 'too-large' when it is larger. */
function readBody(req: IncomingMessage, cap = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  if (Number(req.headers['content-length'] ?? 0) > cap) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= cap) return void chunks.push(chunk);
      req.off('data', onData);
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** Past this many discarded bytes of an oversized body, the connection is cut instead of drained. */
const MAX_DISCARD_BYTES = 16 * 1024 * 1024;

/**
 * Before a 413, reads and drops the rest of the body, so the client has finished sending when the answer comes (an
 * early answer races the client's writes: it may see EPIPE or a reset instead of the 413). A body that is, or turns
 * out, larger than MAX_DISCARD_BYTES is cut off by closing the socket; then false.
 */
function discardRest(req: IncomingMessage): Promise<boolean> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_DISCARD_BYTES) {
    req.socket.destroy();
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    let dropped = 0;
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped <= MAX_DISCARD_BYTES) return;
      req.socket.destroy();
      resolve(false);
    });
    req.once('end', () => resolve(true));
    req.once('close', () => resolve(req.complete));
    req.resume();
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, err: KmsError, requestId: string): void {
  const text = errorBody(err);
  res.writeHead(err.status, { 'Content-Type': JSON_TYPE, 'x-amzn-RequestId': requestId, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
