// The typed JavaScript client of Keyward's extension API (package export `keyward/client`): AWS JSON 1.1 over HTTP(S)
// to `X-Amz-Target: KeywardService.<Operation>`, SigV4-signed for service `kms` like an AWS SDK, timestamps answered as
// epoch seconds turned into Dates, errors thrown as KeywardServiceException with AWS's `__type` as name. The operation
// methods and types are generated from the service model (keyward-operations.ts, `npm run generate:models`).
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { KeywardOperations, OUTPUT_SHAPES, type OutputSpec } from './keyward-operations.js';
import { signRequest, type Credentials } from './sigv4-signer.js';

export type { Credentials } from './sigv4-signer.js';

export interface KeywardClientConfig {
  /** The Keyward server, e.g. http://127.0.0.1:8080. */
  endpoint: string;
  region: string;
  /** Fixed credentials, or a function that returns them (called per request, as the AWS SDKs' providers). */
  credentials: Credentials | (() => Promise<Credentials>);
  /** Attempts per call, retrying throttling, server faults and connection failures with back-off (default 3). */
  maxAttempts?: number;
  /** Per attempt (default 30 s). */
  requestTimeoutMs?: number;
}

/** An error answer from the service: `name` is the AWS error code (`__type`), `message` its text. */
export class KeywardServiceException extends Error {
  /** ApprovalRequiredException: the approval request the refused call opened or is waiting on. */
  declare readonly ApprovalRequestId?: string;
  constructor(
    name: string, message: string,
    readonly $fault: 'client' | 'server',
    readonly $metadata: { httpStatusCode: number; requestId?: string | undefined; attempts: number },
  ) {
    super(message);
    this.name = name;
  }
}

const RETRYABLE = new Set(['ThrottlingException', 'KMSInternalException', 'KeyUnavailableException', 'DependencyTimeoutException', 'ServiceUnavailableException']);

interface Answer { status: number; requestId: string | undefined; body: string }

export class KeywardClient extends KeywardOperations {
  private readonly url: URL;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly config: KeywardClientConfig) {
    super();
    this.url = new URL(config.endpoint);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new TypeError('endpoint must be an http:// or https:// URL');
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  /** Closes the client's idle connections. */
  destroy(): void {
    this.agent.destroy();
  }

  protected async call(operation: string, input: object): Promise<unknown> {
    const body = JSON.stringify(input, (_k, v: unknown) => (v instanceof Date ? v.getTime() / 1000 : v));
    const attempts = Math.max(1, this.config.maxAttempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      let answer: Answer;
      try {
        answer = await this.send(operation, body);
      } catch (err) {
        if (attempt < attempts) {
          await backOff(attempt);
          continue;
        }
        throw err;
      }
      if (answer.status === 200) return fromWire(JSON.parse(answer.body) as unknown, OUTPUT_SHAPES[operation]);
      const error = serviceError(answer, attempt);
      if (attempt >= attempts || !RETRYABLE.has(error.name)) throw error;
      await backOff(attempt);
    }
  }

  private async send(operation: string, body: string): Promise<Answer> {
    const c = this.config.credentials;
    const credentials = typeof c === 'function' ? await c() : c;
    const path = this.url.pathname || '/';
    const headers = signRequest({
      host: this.url.host, path, body, region: this.config.region, service: 'kms', credentials,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `KeywardService.${operation}` },
    });
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Answer>((resolve, reject) => {
      const req = send(this.url, { method: 'POST', path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, requestId: res.headers['x-amzn-requestid'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(this.config.requestTimeoutMs ?? 30_000, () => req.destroy(new Error(`no answer from ${this.url.origin} within the request timeout`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

function serviceError(a: Answer, attempts: number): KeywardServiceException {
  let parsed: { __type?: string; message?: string; Message?: string } = {};
  try {
    parsed = JSON.parse(a.body) as typeof parsed;
  } catch {
    parsed = {};
  }
  const type = (parsed.__type ?? `HTTP${a.status}`).split('#').pop()!;
  const err = new KeywardServiceException(type, parsed.message ?? parsed.Message ?? '', a.status >= 500 ? 'server' : 'client',
    { httpStatusCode: a.status, requestId: a.requestId, attempts });
  // Modeled error members besides the message (ApprovalRequestId) become properties, as the AWS SDKs do it.
  for (const [k, v] of Object.entries(parsed)) {
    if (k !== '__type' && k !== 'message' && k !== 'Message' && !(k in err)) Object.defineProperty(err, k, { value: v, enumerable: true });
  }
  return err;
}

const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 100 * 2 ** attempt));

/** Converts an answer's members per the generated output spec: timestamps to Date, blobs to Buffer. */
function fromWire(value: unknown, spec: OutputSpec | undefined): unknown {
  if (spec === undefined || value === null || value === undefined) return value;
  if (spec === 'date') return new Date((value as number) * 1000);
  if (spec === 'blob') return Buffer.from(value as string, 'base64');
  if (Array.isArray(spec)) return (value as unknown[]).map((v) => fromWire(v, spec[0]));
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [member, inner] of Object.entries(spec)) {
    if (member === '*') for (const k of Object.keys(out)) out[k] = fromWire(out[k], inner);
    else if (member in out) out[member] = fromWire(out[member], inner);
  }
  return out;
}
