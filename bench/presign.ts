// Builds N distinct, fully SigV4-signed KMS JSON 1.1 requests and writes them to the file that wrk-replay.lua replays.
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

export interface PresignOptions {
  host: string;
  port: number;
  operation: string;
  body: (i: number) => Record<string, unknown>;
  count: number;
  credentials: Credentials;
  region?: string;
}

/** Signs `count` requests now; AWS (and Keyward) accept a signature for 5 minutes, replays included. */
export async function presign(opts: PresignOptions): Promise<SignedRequest[]> {
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: opts.region ?? 'us-east-1',
    service: 'kms',
    sha256: Sha256,
  });
  const out: SignedRequest[] = [];
  for (let i = 0; i < opts.count; i++) {
    const body = JSON.stringify(opts.body(i));
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: opts.host,
      port: opts.port,
      path: '/',
      query: {},
      headers: {
        host: `${opts.host}:${opts.port}`,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `TrentService.${opts.operation}`,
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    out.push({ headers: signed.headers as Record<string, string>, body });
  }
  return out;
}

/** One request per line: the JSON body, then header name/value pairs, all tab-separated (JSON never holds a raw tab). */
export function writeRequestsFile(path: string, reqs: SignedRequest[]): void {
  const lines = reqs.map((r) => [r.body, ...Object.entries(r.headers).flat()].join('\t'));
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Sends one signed request with node:http (outside any measurement) and returns its status and body. */
export function sendOnce(host: string, port: number, req: SignedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host, port, method: 'POST', path: '/', headers: req.headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', reject);
    r.end(req.body);
  });
}
