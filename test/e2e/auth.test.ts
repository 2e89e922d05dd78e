// Requests that fail before any key is touched (unknown access key, bad or stale signatures, no signature, unknown operation, bad JSON, oversized bodies) get AWS's error shapes on the wire, and the server stays healthy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { rawRequest, signKmsRequest, signedKmsRequest, type RawResponse } from '../support/raw-request.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const AMZ_DATE = /\d{8}T\d{6}Z/.source;
const MINUTE = 60_000;

let server: TestServer;
let creds: { accessKeyId: string; secretAccessKey: string };
const requestIds = new Set<string>();

before(async () => {
  server = await startTestServer();
  creds = server.credentials;
});

after(async () => {
  await server?.stop(true);
});

const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Every KMS protocol answer: AWS JSON content type and a fresh request id. */
function assertKmsHeaders(res: RawResponse): void {
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.1');
  const id = res.headers['x-amzn-requestid'];
  assert.equal(typeof id, 'string', 'x-amzn-RequestId is sent');
  assert.ok((id as string).length > 0);
  assert.ok(!requestIds.has(id as string), 'request ids are unique');
  requestIds.add(id as string);
}

function assertError(res: RawResponse, type: string, message?: string | RegExp): void {
  assertKmsHeaders(res);
  assert.ok(res.json, `JSON error body: ${res.text}`);
  assert.equal(res.json.__type, type, res.text);
  if (typeof message === 'string') assert.equal(res.json.message, message);
  else if (message) assert.match(String(res.json.message), message);
}

test('a validly signed request succeeds, with the AWS JSON headers', async () => {
  const res = await signedKmsRequest(server.url, { ...creds, target: 'TrentService.ListKeys', body: '{}' });
  assert.equal(res.status, 200, res.text);
  assertKmsHeaders(res);
  assert.ok(Array.isArray(res.json?.Keys));
  assert.equal(res.json?.Truncated, false);
  assert.ok(typeof res.headers.date === 'string', 'a Date header for SDK clock-skew correction');
});

test('unknown access key → 400 UnrecognizedClientException', async () => {
  const res = await signedKmsRequest(server.url, {
    accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'whatever', target: 'TrentService.ListKeys',
  });
  assert.equal(res.status, 400);
  assertKmsHeaders(res);
  assert.deepEqual(res.json, {
    __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.',
  });
});

test('wrong secret → 400 InvalidSignatureException with AWS text', async () => {
  const res = await signedKmsRequest(server.url, {
    accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey + 'x', target: 'TrentService.ListKeys',
  });
  assert.equal(res.status, 400);
  assertError(res, 'InvalidSignatureException', SIGNATURE_MISMATCH);
});

test('a body changed after signing → InvalidSignatureException', async () => {
  const headers = await signKmsRequest(server.url, { ...creds, target: 'TrentService.GenerateRandom', body: '{"NumberOfBytes":16}' });
  const res = await rawRequest(server.url, { headers, body: '{"NumberOfBytes":17}' });
  assert.equal(res.status, 400);
  assertError(res, 'InvalidSignatureException');
});

test('x-amz-content-sha256 that does not match the body → InvalidSignatureException', async () => {
  const signedBody = '{"NumberOfBytes":16}';
  const hash = createHash('sha256').update(signedBody).digest('hex');
  const headers = await signKmsRequest(server.url, {
    ...creds, target: 'TrentService.GenerateRandom', body: signedBody, headers: { 'x-amz-content-sha256': hash },
  });
  const res = await rawRequest(server.url, { headers, body: '{"NumberOfBytes":17}' });
  assert.equal(res.status, 400);
  assertError(res, 'InvalidSignatureException');
});

test('a signed X-Amz-Target cannot be swapped for another operation', async () => {
  const headers = await signKmsRequest(server.url, { ...creds, target: 'TrentService.GenerateRandom', body: '{"NumberOfBytes":16}' });
  const res = await rawRequest(server.url, { headers: { ...headers, 'x-amz-target': 'TrentService.ListKeys' }, body: '{"NumberOfBytes":16}' });
  assert.equal(res.status, 400);
  assertError(res, 'InvalidSignatureException', SIGNATURE_MISMATCH);
});

test('a credential scoped to another service → InvalidSignatureException', async () => {
  const headers = await signKmsRequest(server.url, { ...creds, target: 'TrentService.ListKeys' });
  const res = await rawRequest(server.url, { headers: { ...headers, authorization: headers.authorization!.replace('/kms/aws4_request', '/s3/aws4_request') }, body: '{}' });
  assert.equal(res.status, 400);
  assertError(res, 'InvalidSignatureException', /^Credential should be scoped to correct service: 'kms'\./);
});

test('an Authorization header without Signature → IncompleteSignatureException', async () => {
  const headers = await signKmsRequest(server.url, { ...creds, target: 'TrentService.ListKeys' });
  const res = await rawRequest(server.url, { headers: { ...headers, authorization: headers.authorization!.replace(/, Signature=[0-9a-f]+/, '') }, body: '{}' });
  assert.equal(res.status, 400);
  assertError(res, 'IncompleteSignatureException', /^Authorization header requires 'Signature' parameter\./);
});

test('a session token the server never issued → UnrecognizedClientException', async () => {
  const res = await signedKmsRequest(server.url, {
    ...creds, target: 'TrentService.ListKeys', headers: { 'x-amz-security-token': 'FakeSessionToken123' },
  });
  assert.equal(res.status, 400, res.text);
  assertError(res, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
});

test('signed 10 minutes ago → InvalidSignatureException "Signature expired"', async () => {
  const when = new Date(Date.now() - 10 * MINUTE);
  const res = await signedKmsRequest(server.url, { ...creds, target: 'TrentService.ListKeys', signingDate: when });
  assert.equal(res.status, 400);
  assertError(res, 'InvalidSignatureException',
    new RegExp(`^Signature expired: ${amzDate(when)} is now earlier than ${AMZ_DATE} \\(${AMZ_DATE} - 5 min\\.\\)$`));
});

test('signed 10 minutes in the future → InvalidSignatureException "Signature not yet current"', async () => {
  const when = new Date(Date.now() + 10 * MINUTE);
  const res = await signedKmsRequest(server.url, { ...creds, target: 'TrentService.ListKeys', signingDate: when });
  assert.equal(res.status, 400);
  assertError(res, 'InvalidSignatureException',
    new RegExp(`^Signature not yet current: ${amzDate(when)} is still later than ${AMZ_DATE} \\(${AMZ_DATE} \\+ 5 min\\.\\)$`));
});

test('signed 2 minutes ago (inside the 5-minute window) is accepted', async () => {
  const res = await signedKmsRequest(server.url, { ...creds, target: 'TrentService.ListKeys', signingDate: new Date(Date.now() - 2 * MINUTE) });
  assert.equal(res.status, 200, res.text);
});

test('no Authorization header → MissingAuthenticationTokenException', async () => {
  const res = await rawRequest(server.url, {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}',
  });
  assert.ok(res.status >= 400 && res.status < 500, `client error status, got ${res.status}`);
  assertError(res, 'MissingAuthenticationTokenException');
});

test('unknown operation (validly signed) → 400 UnknownOperationException', async () => {
  const res = await signedKmsRequest(server.url, { ...creds, target: 'TrentService.Nope' });
  assert.equal(res.status, 400);
  assertError(res, 'UnknownOperationException');
});

test('X-Amz-Target without the TrentService. prefix → UnknownOperationException', async () => {
  const res = await signedKmsRequest(server.url, { ...creds, target: 'ListKeys' });
  assert.equal(res.status, 400, res.text);
  assertError(res, 'UnknownOperationException');
});

test('malformed JSON body (validly signed) → 400 SerializationException', async () => {
  const res = await signedKmsRequest(server.url, { ...creds, target: 'TrentService.GenerateRandom', body: '{"NumberOfBytes": 16' });
  assert.equal(res.status, 400);
  assertError(res, 'SerializationException');
});

test('a 1 MiB body → 413 RequestEntityTooLargeException, promptly', async () => {
  const body = JSON.stringify({ NumberOfBytes: 16, Padding: 'x'.repeat(1024 * 1024) });
  const headers = await signKmsRequest(server.url, { ...creds, target: 'TrentService.GenerateRandom', body });
  const started = Date.now();
  const res = await rawRequest(server.url, { headers, body, timeoutMs: 5000 });
  assert.ok(Date.now() - started < 5000);
  assert.equal(res.status, 413);
  assertError(res, 'RequestEntityTooLargeException');
});

test('a 1 MiB chunked body (no Content-Length) → 413 without hanging', async () => {
  const u = new URL(server.url);
  const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    let responded = false;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no response within 5 s'));
    }, 5000);
    const req = request({
      host: u.hostname, port: Number(u.port), method: 'POST', path: '/', agent: false,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.GenerateRandom', 'transfer-encoding': 'chunked' },
    }, (r) => {
      responded = true;
      let text = '';
      r.on('data', (c) => (text += c));
      r.on('error', () => {});
      r.on('end', () => {
        clearTimeout(timer);
        resolve({ status: r.statusCode ?? 0, body: text });
      });
    });
    req.on('error', (err) => {
      if (!responded) {
        clearTimeout(timer);
        reject(err);
      }
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < 16) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  assert.equal(res.status, 413);
  assert.equal(JSON.parse(res.body).__type, 'RequestEntityTooLargeException');
});

test('GET /healthz → 200 JSON with status ok', async () => {
  const res = await rawRequest(server.url, { method: 'GET', path: '/healthz' });
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /json/);
  assert.equal(res.json?.status, 'ok');
});

test('after all that, the server still answers, and the JS SDK with a wrong secret sees InvalidSignatureException', async () => {
  const good = new KMSClient({ endpoint: server.url, region: server.region, credentials: creds, maxAttempts: 1 });
  const bad = new KMSClient({
    endpoint: server.url, region: server.region, maxAttempts: 1,
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: 'definitely-not-the-secret' },
  });
  try {
    const ok = await good.send(new ListKeysCommand({}));
    assert.equal(ok.$metadata.httpStatusCode, 200);
    assert.ok(ok.$metadata.requestId, 'the SDK surfaces x-amzn-RequestId');
    let err: (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
    try {
      await bad.send(new ListKeysCommand({}));
    } catch (e) {
      err = e as typeof err;
    }
    assert.ok(err, 'wrong secret must fail');
    assert.equal(err.name, 'InvalidSignatureException');
    assert.equal(err.message, SIGNATURE_MISMATCH);
    assert.equal(err.$metadata?.httpStatusCode, 400);
  } finally {
    good.destroy();
    bad.destroy();
  }
});

test('an X-Amz-Target left out of SignedHeaders is refused (a captured request cannot change operation)', async () => {
  const headers = await signKmsRequest(server.url, { ...creds, body: '{"NumberOfBytes":8}' }); // target not signed
  const res = await rawRequest(server.url, { headers: { ...headers, 'x-amz-target': 'TrentService.GenerateRandom' }, body: '{"NumberOfBytes":8}' });
  assert.equal(res.status, 400, res.text);
  assertError(res, 'InvalidSignatureException', /X-Amz-Target' must be a 'SignedHeader'/);
});
