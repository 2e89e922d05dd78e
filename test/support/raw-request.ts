// Raw HTTP requests to a Keyward server over node:http, optionally SigV4-signed with @smithy/signature-v4, for
// tests that must see the exact status, headers and body (auth errors, oversized bodies, healthz).
import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined if it is not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface RawRequestOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Give up (reject) after this many milliseconds; default 10 s. */
  timeoutMs?: number;
}

/** Sends one request and resolves with the complete response; errors after the response started are ignored. */
export function rawRequest(url: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
  const u = new URL(url);
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = request({
      host: u.hostname, port: Number(u.port), method: opts.method ?? 'POST', path: opts.path ?? '/',
      headers: { ...(opts.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) },
      agent: false,
    }, (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => {});
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no response within ${opts.timeoutMs ?? 10_000} ms`));
    }, opts.timeoutMs ?? 10_000);
    req.on('error', (err) => {
      if (!responded) {
        clearTimeout(timer);
        reject(err);
      }
    });
    if (body) req.end(body);
    else req.end();
  });
}

export interface SignedRequestOptions {
  target?: string;
  body?: string | Buffer;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  signingDate?: Date;
  /** Extra headers, signed with the rest. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The request path (default '/'). */
  path?: string;
  contentType?: string;
}

/** Builds the signed headers for a KMS JSON request (what the JS SDK would send, minus the SDK extras). */
export async function signKmsRequest(url: string, opts: SignedRequestOptions): Promise<Record<string, string>> {
  const u = new URL(url);
  const body = opts.body ?? '{}';
  const headers: Record<string, string> = {
    host: u.host,
    'content-type': opts.contentType ?? 'application/x-amz-json-1.1',
    ...(opts.target !== undefined ? { 'x-amz-target': opts.target } : {}),
    ...(opts.headers ?? {}),
  };
  const signer = new SignatureV4({
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    region: opts.region ?? 'us-east-1',
    service: 'kms',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    { method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: opts.path ?? '/', query: {}, headers, body },
    opts.signingDate ? { signingDate: opts.signingDate } : {},
  );
  return signed.headers as Record<string, string>;
}

/** Signs and sends a KMS JSON request. */
export async function signedKmsRequest(url: string, opts: SignedRequestOptions): Promise<RawResponse> {
  const headers = await signKmsRequest(url, opts);
  return rawRequest(url, { headers, body: opts.body ?? '{}', timeoutMs: opts.timeoutMs ?? 10_000, ...(opts.path ? { path: opts.path } : {}) });
}
