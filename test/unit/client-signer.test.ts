// The extension client's SigV4 signer reproduces real clients' signatures: the boto3 captures in
// ../shared/reference/clients-and-wire.md §1.4 (same signed header set: content-type;host;x-amz-date[;x-amz-security-token];x-amz-target).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signRequest } from '../../src/client/sigv4-signer.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = Date.UTC(2026, 10, 28, 16, 12, 28);

const VECTORS = [
  {
    name: 'Debian boto3 1.26.27 Encrypt', region: 'us-east-1', target: 'TrentService.Encrypt', sessionToken: undefined,
    body: '{"KeyId": "alias/test", "Plaintext": "aGVsbG8=", "EncryptionContext": {"purpose": "demo"}}',
    signedHeaders: 'content-type;host;x-amz-date;x-amz-target', signature: '21f33f08db23a9d132d0bf082471d60fd547e398c9ae6d6b907451534f450cf8',
  },
  {
    name: 'Debian boto3 1.26.27 GenerateDataKey with a session token', region: 'eu-west-2', target: 'TrentService.GenerateDataKey',
    sessionToken: 'FakeSessionToken123', body: '{"KeyId": "alias/test", "KeySpec": "AES_256"}',
    signedHeaders: 'content-type;host;x-amz-date;x-amz-security-token;x-amz-target', signature: '3e82742f24493e9feb94f882d1de15e175e327ba0f5680c289c1709a9d6829de',
  },
];

for (const v of VECTORS) {
  test(`signRequest reproduces ${v.name}`, () => {
    const headers = signRequest({
      host: '127.0.0.1:18443', path: '/', body: v.body, region: v.region, service: 'kms', now,
      credentials: { ...credentials, sessionToken: v.sessionToken },
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': v.target },
    });
    assert.equal(headers['x-amz-date'], '20261128T161228Z');
    assert.equal(headers.authorization,
      `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/${v.region}/kms/aws4_request, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`);
  });
}

test('a different body or secret changes the signature', () => {
  const base = { host: 'h:1', path: '/', region: 'us-east-1', service: 'kms', now, headers: { 'x-amz-target': 'KeywardService.ListKeyVersions' } };
  const a = signRequest({ ...base, body: '{}', credentials }).authorization;
  assert.notEqual(signRequest({ ...base, body: '{ }', credentials }).authorization, a);
  assert.notEqual(signRequest({ ...base, body: '{}', credentials: { ...credentials, secretAccessKey: 'x' } }).authorization, a);
});
