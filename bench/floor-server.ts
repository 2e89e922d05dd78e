// The "floor" reference: the least work any conforming KMS server must do per Encrypt or Sign request, on node:http and
// node:crypto, with none of Keyward's structure (no store, no key lookup, no validation, no policy, no error shapes).
// Per request: read the body; verify SigV4 (body hash, canonical request from the signed headers, cached signing
// key, one HMAC, constant-time compare, clock skew); JSON.parse; the operation (AES-256-GCM with the encryption
// context as AAD, or a signature: RSA on a worker-thread pool, EC and Ed25519 inline, like Keyward); one hash-chained
// audit line per request, made durable by group commit (one write + fdatasync per batch) before the response.
// It is a measuring stick, not a server: its rate bounds what any implementation of these rules can reach here, so
// `npm run bench` prints it next to Keyward and the bare handler (docs/benchmarks.md, "the floor").
// Usage: node dist/bench/floor-server.js HOST PORT AUDIT_FILE; env BENCH_FLOOR_SECRET = the secret access key.
// BENCH_FLOOR_WITHOUT=sigv4,audit,fsync drops parts, to see what each costs (the benchmark never sets it).
import { createHash, createHmac, createCipheriv, createSecretKey, randomBytes, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { fdatasyncSync, openSync, writeSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { signAlg } from './sign-algs.js';

const [host = '127.0.0.1', portArg = '0', auditPath = '/dev/null'] = process.argv.slice(2);
const secret = process.env.BENCH_FLOOR_SECRET ?? '';
const without = new Set((process.env.BENCH_FLOOR_WITHOUT ?? '').split(','));
const aesKey = randomBytes(32);
const audit = openSync(auditPath, 'a');
const aesKeyObject = createSecretKey(aesKey);
// IVs cut from a pool filled 256 at a time, as Keyward does (randomBytes per call costs about as much as the cipher).
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function gcmIv(): Buffer {
  if (ivOffset + 12 > ivPool.length) [ivPool, ivOffset] = [randomBytes(12 * 256), 0];
  ivOffset += 12;
  return ivPool.subarray(ivOffset - 12, ivOffset);
}
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

// SigV4 with the signing key cached per credential scope.
const signingKeys = new Map<string, Buffer>();
function signingKey(date: string, region: string, service: string): Buffer {
  const scope = `${date}/${region}/${service}`;
  let k = signingKeys.get(scope);
  if (!k) {
    k = [date, region, service, 'aws4_request'].reduce<Buffer>((key, part) => createHmac('sha256', key).update(part).digest(), Buffer.from(`AWS4${secret}`));
    signingKeys.set(scope, k);
  }
  return k;
}

function sigv4Valid(req: IncomingMessage, body: Buffer): boolean {
  const m = /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
  const amzDate = req.headers['x-amz-date'];
  if (!m || typeof amzDate !== 'string') return false;
  const at = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (!(Math.abs(Date.now() - at) <= 300_000)) return false;
  const [, date, region, service, signed, signature] = m as unknown as string[];
  let canonical = 'POST\n/\n\n';
  for (const name of signed!.split(';')) canonical += `${name}:${String(req.headers[name] ?? '').trim()}\n`;
  canonical += `\n${signed}\n${sha256(body)}`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${date}/${region}/${service}/aws4_request\n${sha256(canonical)}`;
  const expected = createHmac('sha256', signingKey(date!, region!, service!)).update(toSign).digest();
  return timingSafeEqual(expected, Buffer.from(signature!, 'hex'));
}

// Signing keys per key spec (the fake fixture's key ids end in the spec); RSA signs on a pool, one worker per core.
const signers = new Map<string, { key: KeyObject; digest: string | null; options: object }>();
function signer(keySpec: string, algorithm: string) {
  const id = `${keySpec}/${algorithm}`;
  let s = signers.get(id);
  if (!s) {
    const alg = signAlg(keySpec, algorithm);
    s = { key: alg.generate().privateKey, digest: alg.digest, options: alg.options };
    signers.set(id, s);
  }
  return s;
}
const POOL_SOURCE = `const { parentPort } = require('node:worker_threads'); const { sign } = require('node:crypto');
parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, signature: sign(m.digest, m.message, { key: m.key, ...m.options }) }));`;
const pending = new Map<number, (signature: Uint8Array) => void>();
const pool = Array.from({ length: availableParallelism() }, () => {
  const w = new Worker(POOL_SOURCE, { eval: true });
  w.on('message', (m: { id: number; signature: Uint8Array }) => {
    pending.get(m.id)?.(m.signature);
    pending.delete(m.id);
  });
  w.unref();
  return w;
});
let nextTask = 0;
function signOnPool(s: { key: KeyObject; digest: string | null; options: object }, message: Buffer): Promise<Uint8Array> {
  const id = nextTask++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    pool[id % pool.length]!.postMessage({ id, key: s.key, digest: s.digest, options: s.options, message });
  });
}

// Group-committed, hash-chained audit: responses wait for the fdatasync of the batch that holds their line.
let chain = '0'.repeat(64);
let batch: Array<{ line: string; release: () => void }> = [];
function audited(line: string, release: () => void): void {
  if (without.has('audit')) return release();
  batch.push({ line, release });
  if (batch.length === 1) setImmediate(flush);
}
function flush(): void {
  const entries = batch;
  batch = [];
  let text = '';
  for (const e of entries) {
    chain = sha256(chain + e.line);
    text += `${e.line}\t${chain}\n`;
  }
  writeSync(audit, text);
  if (!without.has('fsync')) fdatasyncSync(audit);
  for (const e of entries) e.release();
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, ['Content-Type', 'application/x-amz-json-1.1', 'Content-Length', String(Buffer.byteLength(body))]);
  res.end(body);
}

async function handle(req: IncomingMessage, body: Buffer): Promise<[number, string, string]> {
  if (!without.has('sigv4') && !sigv4Valid(req, body)) return [403, '{"__type":"InvalidSignatureException"}', 'denied'];
  const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const keyId = String(input.KeyId);
  if (req.headers['x-amz-target'] === 'TrentService.Encrypt') {
    const context = (input.EncryptionContext ?? {}) as Record<string, string>;
    const aad = JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]]));
    const iv = gcmIv();
    const cipher = createCipheriv('aes-256-gcm', aesKeyObject, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([cipher.update(Buffer.from(String(input.Plaintext), 'base64')), cipher.final()]);
    const blob = Buffer.concat([Buffer.from(keyId), iv, ct, cipher.getAuthTag()]).toString('base64');
    return [200, JSON.stringify({ CiphertextBlob: blob, KeyId: keyId, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }), 'Encrypt'];
  }
  const keySpec = keyId.slice(keyId.lastIndexOf('/') + 1);
  const s = signer(keySpec, String(input.SigningAlgorithm));
  const message = Buffer.from(String(input.Message), 'base64');
  const signature = keySpec.startsWith('RSA_') ? await signOnPool(s, message) : sign(s.digest, message, { key: s.key, ...s.options });
  return [200, JSON.stringify({ KeyId: keyId, Signature: Buffer.from(signature).toString('base64'), SigningAlgorithm: input.SigningAlgorithm }), 'Sign'];
}

const server = createServer((req, res) => {
  if (req.method === 'GET') return reply(res, 200, '{"status":"ok"}');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    handle(req, Buffer.concat(chunks)).then(
      ([status, text, operation]) => audited(JSON.stringify({ time: Date.now(), source: req.socket.remoteAddress, operation, status }), () => reply(res, status, text)),
      () => reply(res, 400, '{"__type":"ValidationException"}'),
    );
  });
});

server.listen(Number(portArg), host);
const shutdown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
