// SigV4 covers the request target: a request sent to `POST /?query` verifies when the query was signed, and fails with
// InvalidSignatureException when it was not (the signature must not be checked against a path other than the one sent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { rawRequest } from '../support/raw-request.js';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
useTestServer({}, (s) => {
  server = s;
});

async function listKeys(signedQuery: Record<string, string>, sentPath: string) {
  const u = new URL(server.url);
  const body = '{}';
  const signer = new SignatureV4({
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: 'us-east-1', service: 'kms', sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', query: signedQuery, body,
    headers: { host: u.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
  });
  return rawRequest(server.url, { path: sentPath, headers: signed.headers as Record<string, string>, body });
}

test('a signed query string verifies', async () => {
  const r = await listKeys({ probe: 'a b' }, '/?probe=a%20b');
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.json?.Keys));
});

test('a query string that was not signed fails the signature check', async () => {
  const r = await listKeys({}, '/?probe=1');
  assert.equal(r.status, 400);
  assert.equal(r.json?.__type, 'InvalidSignatureException');
});
