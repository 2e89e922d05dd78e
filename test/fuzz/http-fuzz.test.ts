// Raw HTTP against the real server: random methods, paths, header sets and bodies; malformed request lines, header
// floods, chunked and slow bodies, oversized bodies, garbage bytes. Never a 5xx, never a crash; a slow client does not
// hold others up; an oversized body gets AWS's JSON error with 413, not a reset connection.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import { rawRequest, signedKmsRequest } from '../support/raw-request.js';
import { useTestServer, type TestServer } from '../support/server.js';

const RUNS = Number(process.env.KEYWARD_FUZZ_RUNS ?? 25) * 4;
let server: TestServer;
useTestServer({}, (s) => {
  server = s;
});

/** Writes raw bytes on a fresh connection; resolves with what came back before the server closed or 5 s passed. */
function rawBytes(chunks: (string | Buffer)[], gapMs = 0): Promise<string> {
  const u = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    let got = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, 5000);
    socket.on('data', (d) => {
      got += d;
      if (/\r\n\r\n/.test(got) && /content-length: (\d+)/i.test(got)) {
        const len = Number(/content-length: (\d+)/i.exec(got)![1]);
        if (Buffer.byteLength(got.split('\r\n\r\n').slice(1).join('\r\n\r\n')) >= len) done();
      }
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

const alive = async () => assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the server is still up');
const statusOf = (reply: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);

test('random methods, paths, headers and bodies: never a 5xx', async () => {
  const header = fc.tuple(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), fc.string({ maxLength: 40 }).map((v) => v.replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, '')));
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
    fc.constantFrom('/', '/?', '/healthz', '/_keyward/clock', '/x/../', '/%00', '/?Action=ListUsers', '//'),
    fc.array(header, { maxLength: 8 }),
    fc.oneof(fc.constant(undefined), fc.uint8Array({ maxLength: 2048 }).map((u) => Buffer.from(u)), fc.jsonValue().map((v) => JSON.stringify(v))),
    fc.constantFrom(undefined, 'TrentService.Encrypt', 'TrentService.Nope', 'KeywardService.X', '', 'TrentService.'),
    fc.constantFrom(undefined, 'application/x-amz-json-1.1', 'application/x-www-form-urlencoded', 'text/plain', ''),
    async (method, path, headers, body, target, contentType) => {
      const h: Record<string, string> = Object.fromEntries(headers.filter(([k]) => !/^(content-length|transfer-encoding|host|connection)$/i.test(k)));
      if (target !== undefined) h['x-amz-target'] = target;
      if (contentType !== undefined) h['content-type'] = contentType;
      const res = await rawRequest(server.url, { method, path, headers: h, ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}) });
      assert.ok(res.status > 0 && res.status < 500, `${method} ${path} → ${res.status} ${res.text.slice(0, 200)}`);
    },
  ), { numRuns: RUNS });
  await alive();
});

test('malformed request lines, header floods and garbage bytes: a 4xx or a closed connection, never a crash', async () => {
  const replies = await Promise.all([
    rawBytes(['GARBAGE\r\n\r\n']),
    rawBytes([Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])]),
    rawBytes(['POST / HTTP/1.1\r\nHost: x\r\n' + 'X-Flood: a\r\n'.repeat(5000) + '\r\n']),
    rawBytes(['POST / HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'a'.repeat(70_000) + '\r\n\r\n']),
    rawBytes(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello']),
    rawBytes(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n']),
    rawBytes(['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n']),
  ]);
  for (const r of replies) {
    const status = statusOf(r);
    assert.ok(status === 0 || (status >= 400 && status < 500), r.slice(0, 120));
  }
  await alive();
});

test('a chunked body is read like any other: a signed request in chunks answers normally', async () => {
  const body = '{}';
  const res = await signedKmsRequest(server.url, { target: 'TrentService.ListKeys', body, ...server.credentials });
  assert.equal(res.status, 200);
  const reply = await rawBytes(['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Type: application/x-amz-json-1.1\r\n\r\n', '2\r\n{}\r\n', '0\r\n\r\n']);
  assert.equal(statusOf(reply), 400, 'unsigned: an authentication error, from the full body');
  assert.match(reply, /MissingAuthenticationTokenException|IncompleteSignatureException/);
});

test('a slow body holds only its own request; an oversized body gets 413 with AWS JSON', async () => {
  const slow = rawBytes(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: application/x-amz-json-1.1\r\n\r\n', ...Array(20).fill('{')], 100);
  const start = Date.now();
  await alive();
  assert.ok(Date.now() - start < 1000, 'others are served meanwhile');
  const big = await rawRequest(server.url, { headers: { 'x-amz-target': 'TrentService.Encrypt', 'content-type': 'application/x-amz-json-1.1' }, body: Buffer.alloc(300 * 1024, 0x20) });
  assert.equal(big.status, 413);
  assert.equal(big.json?.__type, 'RequestEntityTooLargeException');
  const stalled = await slow;
  assert.ok(statusOf(stalled) === 0 || statusOf(stalled) < 500);
  await alive();
});
