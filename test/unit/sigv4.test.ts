// Tests for SigV4 verification against the real client captures in clients-and-wire.md §1.4, negatives and a smithy round trip.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import {
  CONTENT_SHA256_MISMATCH_MESSAGE,
  SIGNATURE_MISMATCH_MESSAGE,
  SigV4Verifier,
  UNRECOGNIZED_CLIENT_MESSAGE,
  deriveSigningKey,
  type SigV4Input,
} from '../../src/auth/sigv4.js';
import {
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  collectHeaders,
  formatAmzDate,
  parseAmzDate,
} from '../../src/auth/sigv4-parse.js';
import { KmsError, type ErrorCode } from '../../src/protocol/errors.js';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const MINUTE = 60_000;

interface Capture {
  name: string;
  rawHeaders: string[];
  body: string;
}

/** Verbatim from clients-and-wire.md §1.4 (header values as node's parser yields them: surrounding whitespace removed). */
const CAPTURES: Capture[] = [
  {
    name: "Debian boto3 1.26.27 Encrypt",
    rawHeaders: [
      'Accept-Encoding', 'identity',
      'X-Amz-Target', 'TrentService.Encrypt',
      'Content-Type', 'application/x-amz-json-1.1',
      'User-Agent', 'Boto3/1.26.27 Python/3.11.2 Linux/6.18.44-fc-v657 awscrt/1.0.0.dev0 Botocore/1.29.27',
      'host', '127.0.0.1:18443',
      'X-Amz-Date', '20261128T161228Z',
      'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=21f33f08db23a9d132d0bf082471d60fd547e398c9ae6d6b907451534f450cf8',
      'amz-sdk-invocation-id', 'cc86f6bd-fb50-4527-8efa-7e3eb19ca0b7',
      'amz-sdk-request', 'attempt=1',
      'Content-Length', '90',
    ],
    body: '{"KeyId": "alias/test", "Plaintext": "aGVsbG8=", "EncryptionContext": {"purpose": "demo"}}',
  },
  {
    name: "Debian boto3 1.26.27 GenerateDataKey with session token (eu-west-2)",
    rawHeaders: [
      'Accept-Encoding', 'identity',
      'X-Amz-Target', 'TrentService.GenerateDataKey',
      'Content-Type', 'application/x-amz-json-1.1',
      'User-Agent', 'Boto3/1.26.27 Python/3.11.2 Linux/6.18.44-fc-v657 awscrt/1.0.0.dev0 Botocore/1.29.27',
      'host', '127.0.0.1:18443',
      'X-Amz-Security-Token', 'FakeSessionToken123',
      'X-Amz-Date', '20261128T161228Z',
      'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/eu-west-2/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=3e82742f24493e9feb94f882d1de15e175e327ba0f5680c289c1709a9d6829de',
      'amz-sdk-invocation-id', '6010493e-d2b0-462e-b5f1-22d766a603b4',
      'amz-sdk-request', 'attempt=1',
      'Content-Length', '45',
    ],
    body: '{"KeyId": "alias/test", "KeySpec": "AES_256"}',
  },
  {
    name: "pip boto3 1.43.11 Encrypt",
    rawHeaders: [
      'Host', '127.0.0.1:18443',
      'Accept-Encoding', 'identity',
      'X-Amz-Target', 'TrentService.Encrypt',
      'Content-Type', 'application/x-amz-json-1.1',
      'User-Agent', 'Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/e,N,Z,b,D cfg/retry-mode#legacy Botocore/1.43.11',
      'X-Amz-Date', '20261128T161000Z',
      'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=f4421b54297e25e843b752061191bc91693267aabe5a3afbd65c5a47b44d1338',
      'amz-sdk-invocation-id', 'ce530a81-be79-4b0c-9094-c144b19cd7d8',
      'amz-sdk-request', 'attempt=1',
      'Content-Length', '90',
    ],
    body: '{"KeyId": "alias/test", "Plaintext": "aGVsbG8=", "EncryptionContext": {"purpose": "demo"}}',
  },
  {
    name: "Debian awscli 2.9.19 Decrypt",
    rawHeaders: [
      'Host', '127.0.0.1:18443',
      'Accept-Encoding', 'identity',
      'X-Amz-Target', 'TrentService.Decrypt',
      'Content-Type', 'application/x-amz-json-1.1',
      'User-Agent', 'aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v657 source/x86_64.debian.12 prompt/off command/kms.decrypt',
      'X-Amz-Date', '20261128T161020Z',
      'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=6f19c110e7951495bea63a0b872638981a5110ff80de6dad2f8a0f3557caae8d',
      'Content-Length', '30',
    ],
    body: '{"CiphertextBlob": "aGVsbG8="}',
  },
  {
    name: "pip awscli 1.45.11 ListKeys",
    rawHeaders: [
      'Host', '127.0.0.1:18443',
      'Accept-Encoding', 'identity',
      'X-Amz-Target', 'TrentService.ListKeys',
      'Content-Type', 'application/x-amz-json-1.1',
      'User-Agent', 'aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/Z,N,g,b,C,D cfg/retry-mode#legacy botocore/1.43.11',
      'X-Amz-Date', '20261128T161023Z',
      'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=fb58772618e47b57a919b902e83fe0e837ab1ad74eacafb82b96e7e470bbc411',
      'amz-sdk-invocation-id', '24a9036e-1bdc-44da-a153-bc28d1403cea',
      'amz-sdk-request', 'attempt=1',
      'Content-Length', '2',
    ],
    body: '{}',
  },
  {
    name: "@aws-sdk/client-kms 3.1164.0 Encrypt",
    rawHeaders: [
      'content-type', 'application/x-amz-json-1.1',
      'x-amz-target', 'TrentService.Encrypt',
      'content-length', '84',
      'x-amz-user-agent', 'aws-sdk-js/3.1163.0',
      'user-agent', 'aws-sdk-js/3.1163.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/kms#3.1163.0 m/N,E,e',
      'host', '127.0.0.1:18443',
      'amz-sdk-invocation-id', '4d7dceeb-0ddc-40e2-9dc0-f55463caecb2',
      'amz-sdk-request', 'attempt=1; max=1',
      'x-amz-date', '20261128T161043Z',
      'x-amz-content-sha256', '453494ad369384868f900c498fefcb0a08800046342426289f49967b9d0954b4',
      'authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=be4ce0f8b42708153ed55999481d89b62244b2947eee80125ab0284a94bae329',
      'Connection', 'keep-alive',
    ],
    body: '{"KeyId":"alias/test","Plaintext":"aGVsbG8=","EncryptionContext":{"purpose":"demo"}}',
  },
  {
    name: "@aws-crypto/client-node 5.0.2 GenerateDataKey",
    rawHeaders: [
      'content-type', 'application/x-amz-json-1.1',
      'x-amz-target', 'TrentService.GenerateDataKey',
      'content-length', '240',
      'x-amz-user-agent', 'aws-sdk-js/3.1163.0',
      'user-agent', 'aws-sdk-js/3.1163.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/kms#3.1163.0 m/N,E,e',
      'host', '127.0.0.1:18443',
      'amz-sdk-invocation-id', '912d948b-e2b3-4304-bbee-c7d41b65796d',
      'amz-sdk-request', 'attempt=1; max=1',
      'x-amz-date', '20261128T161100Z',
      'x-amz-content-sha256', 'a40b3184aaa54637feca77ef9843cd6018338b1899bad7467d7acbd3dc623380',
      'authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=029e95d0d09cd5597c05dfb2606ccff57a969227eb745447ccb80f537f203f84',
      'Connection', 'keep-alive',
    ],
    body: '{"KeyId":"arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555","EncryptionContext":{"purpose":"demo","aws-crypto-public-key":"Az0sixJBd3I/6y7K20NIsm1JO7C6hyb/3VMcS7wByzVjAyJqcKGV1PXZ/KF66WEEHw=="},"NumberOfBytes":32}',
  },
  {
    name: "aws-sdk JS v2 2.1693.0 Encrypt",
    rawHeaders: [
      'User-Agent', 'aws-sdk-nodejs/2.1693.0 linux/v20.20.2 promise',
      'Content-Type', 'application/x-amz-json-1.1',
      'X-Amz-Target', 'TrentService.Encrypt',
      'X-Amz-Content-Sha256', '453494ad369384868f900c498fefcb0a08800046342426289f49967b9d0954b4',
      'Content-Length', '84',
      'Host', '127.0.0.1:18443',
      'X-Amz-Date', '20261128T161646Z',
      'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=28388d12c4bee63dbab9747e528c66b8cdff1a1f90684cf45bc68ac5a5f69aa6',
      'Connection', 'close',
    ],
    body: '{"KeyId":"alias/test","Plaintext":"aGVsbG8=","EncryptionContext":{"purpose":"demo"}}',
  },
  {
    name: "Ruby aws-sdk-kms 1.24.0 Encrypt",
    rawHeaders: [
      'Accept-Encoding', '',
      'User-Agent', 'aws-sdk-ruby3/3.168.1 ruby/3.1.2 x86_64-linux-gnu aws-sdk-kms/1.24.0',
      'Content-Type', 'application/x-amz-json-1.1',
      'X-Amz-Target', 'TrentService.Encrypt',
      'Host', '127.0.0.1:18443',
      'X-Amz-Date', '20261128T161216Z',
      'X-Amz-Content-Sha256', '453494ad369384868f900c498fefcb0a08800046342426289f49967b9d0954b4',
      'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=0223b2aa7c15f272414ebb2cc36b8ca56a7a6cc33162201c6bb112282b816da5',
      'Content-Length', '84',
      'Accept', '*/*',
    ],
    body: '{"KeyId":"alias/test","Plaintext":"aGVsbG8=","EncryptionContext":{"purpose":"demo"}}',
  },
  {
    name: "Go aws-sdk-go 1.44.133 Encrypt",
    rawHeaders: [
      'Host', '127.0.0.1:18443',
      'User-Agent', 'aws-sdk-go/1.44.133 (go1.19.8; linux; amd64)',
      'Content-Length', '84',
      'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/us-east-1/kms/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-target, Signature=abc9505d75f952cc49caa9fa6bc89d042f3d99b5496b440c8ddd648fae523501',
      'Content-Type', 'application/x-amz-json-1.1',
      'X-Amz-Date', '20261128T161637Z',
      'X-Amz-Target', 'TrentService.Encrypt',
      'Accept-Encoding', 'gzip',
    ],
    body: '{"EncryptionContext":{"purpose":"demo"},"KeyId":"alias/test","Plaintext":"aGVsbG8="}',
  },
];

function capture(name: string): Capture {
  const c = CAPTURES.find((x) => x.name.startsWith(name));
  assert.ok(c, `no capture named ${name}`);
  return c;
}

function header(raw: readonly string[], name: string): string {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === name) return raw[i + 1] as string;
  throw new Error(`no header ${name}`);
}

/** Returns a copy of rawHeaders with header `name` (any case) set to `value`, or removed when value is undefined. */
function withHeader(raw: readonly string[], name: string, value: string | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === name) {
      if (value !== undefined) out.push(raw[i] as string, value);
    } else out.push(raw[i] as string, raw[i + 1] as string);
  }
  return out;
}

function input(c: Capture, overrides: Partial<SigV4Input> = {}): SigV4Input {
  return { method: 'POST', path: '/', rawHeaders: [...c.rawHeaders], body: Buffer.from(c.body), ...overrides };
}

function amzTime(c: Capture): number {
  return parseAmzDate(header(c.rawHeaders, 'x-amz-date'));
}

function verifierAt(nowMs: number, secret = SECRET): SigV4Verifier {
  return new SigV4Verifier({
    lookup: (id) => (id === ACCESS_KEY ? { secretAccessKey: secret } : undefined),
    now: () => nowMs,
  });
}

/** Asserts a KmsError with the code (and exact message when given) that never leaks the secret. */
function assertKmsError(fn: () => unknown, code: ErrorCode, message?: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof KmsError, `expected KmsError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (typeof message === 'string') assert.equal(err.clientMessage, message);
    else if (message) assert.match(err.clientMessage ?? '', message);
    assert.ok(!err.message.includes(SECRET) && !(err.clientMessage ?? '').includes(SECRET), 'secret leaked');
    return true;
  });
}

// §1.4 says the ListKeys env-var check used another secret. The ListKeys capture listed there (pip awscli 1.45.11) does
// verify with the example secret, so it runs; the guard skips it (instead of failing) should it ever be replaced by one that does not.
const OTHER_SECRET_CAPTURES = new Set(['pip awscli 1.45.11 ListKeys']);

for (const c of CAPTURES) {
  const verifies = (() => {
    try {
      verifierAt(amzTime(c)).verify(input(c));
      return true;
    } catch {
      return false;
    }
  })();
  const skip = OTHER_SECRET_CAPTURES.has(c.name) && !verifies ? 'signed with a secret other than the example secret' : false;
  test(`capture verifies: ${c.name}`, { skip }, () => {
    const result = verifierAt(amzTime(c)).verify(input(c));
    assert.equal(result.accessKeyId, ACCESS_KEY);
    assert.equal(result.amzDate, header(c.rawHeaders, 'x-amz-date'));
    assert.equal(result.region, c.name.includes('eu-west-2') ? 'eu-west-2' : 'us-east-1');
  });
}

test('session token is returned and is covered by the signature', () => {
  const c = capture('Debian boto3 1.26.27 GenerateDataKey');
  const result = verifierAt(amzTime(c)).verify(input(c));
  assert.deepEqual(result, {
    accessKeyId: ACCESS_KEY,
    region: 'eu-west-2',
    service: 'kms',
    sessionToken: 'FakeSessionToken123',
    amzDate: '20261128T161228Z',
  });
  const tampered = withHeader(c.rawHeaders, 'x-amz-security-token', 'OtherToken');
  assertKmsError(() => verifierAt(amzTime(c)).verify(input(c, { rawHeaders: tampered })), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
});

test('requests without a session token return no sessionToken', () => {
  const c = capture('Go aws-sdk-go');
  assert.equal('sessionToken' in verifierAt(amzTime(c)).verify(input(c)), false);
});

test('tampered body is rejected', () => {
  const c = capture('Debian boto3 1.26.27 Encrypt');
  const body = Buffer.from(c.body.replace('alias/test', 'alias/tesT'));
  assertKmsError(() => verifierAt(amzTime(c)).verify(input(c, { body })), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
});

test('tampered signed header is rejected; an unsigned header may change', () => {
  const c = capture('pip boto3');
  const v = verifierAt(amzTime(c));
  const target = withHeader(c.rawHeaders, 'x-amz-target', 'TrentService.Decrypt');
  assertKmsError(() => v.verify(input(c, { rawHeaders: target })), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
  const host = withHeader(c.rawHeaders, 'host', '127.0.0.1:18444');
  assertKmsError(() => v.verify(input(c, { rawHeaders: host })), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
  const ua = withHeader(c.rawHeaders, 'user-agent', 'something else');
  assert.equal(v.verify(input(c, { rawHeaders: ua })).accessKeyId, ACCESS_KEY);
});

test('wrong secret is rejected', () => {
  const c = capture('Ruby');
  const v = verifierAt(amzTime(c), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ');
  assertKmsError(() => v.verify(input(c)), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
});

test('unknown access key is rejected', () => {
  const c = capture('Debian awscli');
  const v = new SigV4Verifier({ lookup: () => undefined, now: () => amzTime(c) });
  assertKmsError(() => v.verify(input(c)), 'UnrecognizedClientException', UNRECOGNIZED_CLIENT_MESSAGE);
});

test('expired request (+6 min) gets AWS text', () => {
  const c = capture('@aws-sdk/client-kms'); // x-amz-date 20261128T161043Z
  assertKmsError(
    () => verifierAt(amzTime(c) + 6 * MINUTE).verify(input(c)),
    'InvalidSignatureException',
    'Signature expired: 20261128T161043Z is now earlier than 20261128T161143Z (20261128T161643Z - 5 min.)',
  );
});

test('future request (-6 min) gets AWS text', () => {
  const c = capture('@aws-sdk/client-kms');
  assertKmsError(
    () => verifierAt(amzTime(c) - 6 * MINUTE).verify(input(c)),
    'InvalidSignatureException',
    'Signature not yet current: 20261128T161043Z is still later than 20261128T160943Z (20261128T160443Z + 5 min.)',
  );
});

test('exactly 5 minutes of skew either way is accepted', () => {
  const c = capture('@aws-sdk/client-kms');
  assert.equal(verifierAt(amzTime(c) + 5 * MINUTE).verify(input(c)).accessKeyId, ACCESS_KEY);
  assert.equal(verifierAt(amzTime(c) - 5 * MINUTE).verify(input(c)).accessKeyId, ACCESS_KEY);
});

test('x-amz-content-sha256 must match the body; UNSIGNED-PAYLOAD is refused', () => {
  const c = capture('@aws-crypto/client-node');
  const v = verifierAt(amzTime(c));
  const body = Buffer.from(c.body.replace('"NumberOfBytes":32', '"NumberOfBytes":64'));
  assertKmsError(() => v.verify(input(c, { body })), 'InvalidSignatureException', CONTENT_SHA256_MISMATCH_MESSAGE);
  const unsigned = withHeader(c.rawHeaders, 'x-amz-content-sha256', 'UNSIGNED-PAYLOAD');
  assertKmsError(() => v.verify(input(c, { rawHeaders: unsigned })), 'InvalidSignatureException', /UNSIGNED-PAYLOAD/);
});

test('missing Authorization header', () => {
  const c = capture('Go');
  const raw = withHeader(c.rawHeaders, 'authorization', undefined);
  assertKmsError(
    () => verifierAt(amzTime(c)).verify(input(c, { rawHeaders: raw })),
    'MissingAuthenticationTokenException',
    'Missing Authentication Token',
  );
});

test('malformed Authorization headers', () => {
  const c = capture('Go');
  const v = verifierAt(amzTime(c));
  const auth = header(c.rawHeaders, 'authorization');
  const run = (value: string) => () => v.verify(input(c, { rawHeaders: withHeader(c.rawHeaders, 'authorization', value) }));
  const noSig = auth.slice(0, auth.indexOf(', Signature='));
  assertKmsError(run(noSig), 'IncompleteSignatureException', `Authorization header requires 'Signature' parameter. Authorization=${noSig}`);
  assertKmsError(run('AWS4-HMAC-SHA256'), 'IncompleteSignatureException', /requires 'Credential' parameter\. .*requires 'Signature' parameter\. .*requires 'SignedHeaders' parameter\. /);
  assertKmsError(run(auth.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512')), 'IncompleteSignatureException', /'AWS4-HMAC-SHA512'/);
  assertKmsError(run('Bearer abc'), 'IncompleteSignatureException');
  assertKmsError(run(auth.replace('/us-east-1/', '/')), 'IncompleteSignatureException', /^Credential must have exactly 5 slash-delimited elements/);
  assertKmsError(run(auth.replace('Credential=', 'Credential= ')), 'IncompleteSignatureException', /not a valid key=value pair \(missing equal-sign\)/);
  assertKmsError(run(auth.replace('aws4_request', 'aws5_request')), 'InvalidSignatureException', "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
  assertKmsError(run(auth.replace(/Signature=(\w+)/, 'Signature=ABC')), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
  assertKmsError(run(auth.replace(/Signature=(\w+)/, (_m, s: string) => `Signature=${s.toUpperCase()}`)), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
});

test('Authorization separator variations real signers produce are accepted', () => {
  const c = capture('Go');
  const v = verifierAt(amzTime(c));
  const auth = header(c.rawHeaders, 'authorization');
  for (const value of [auth.replaceAll(', ', ','), auth.replaceAll(', ', ' ,  '), `  ${auth}  `, auth.replace(' ', '   ')]) {
    const raw = withHeader(c.rawHeaders, 'authorization', value);
    assert.equal(v.verify(input(c, { rawHeaders: raw })).accessKeyId, ACCESS_KEY, value);
  }
});

test('credential scoped to another service is rejected', () => {
  const c = capture('aws-sdk JS v2');
  const raw = withHeader(c.rawHeaders, 'authorization', header(c.rawHeaders, 'authorization').replace('/kms/', '/sts/'));
  assertKmsError(
    () => verifierAt(amzTime(c)).verify(input(c, { rawHeaders: raw })),
    'InvalidSignatureException',
    "Credential should be scoped to correct service: 'kms'. ",
  );
});

test('scope date must equal the X-Amz-Date day', () => {
  const c = capture('Ruby');
  const raw = withHeader(c.rawHeaders, 'authorization', header(c.rawHeaders, 'authorization').replace('/20261128/', '/20261127/'));
  assertKmsError(
    () => verifierAt(amzTime(c)).verify(input(c, { rawHeaders: raw })),
    'InvalidSignatureException',
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261127' != '20261128', from '20261128T161216Z'.",
  );
});

test('missing or malformed request date', () => {
  const c = capture('Ruby');
  const v = verifierAt(amzTime(c));
  const none = withHeader(c.rawHeaders, 'x-amz-date', undefined);
  assertKmsError(() => v.verify(input(c, { rawHeaders: none })), 'IncompleteSignatureException', /^Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\. Authorization=/);
  const bad = withHeader(c.rawHeaders, 'x-amz-date', '2026-11-28T16:12:16Z');
  assertKmsError(() => v.verify(input(c, { rawHeaders: bad })), 'IncompleteSignatureException', /ISO-8601 'basic format'/);
});

test('host must be a signed header', () => {
  const c = capture('Ruby');
  const auth = header(c.rawHeaders, 'authorization').replace('content-type;host;', 'content-type;');
  assertKmsError(
    () => verifierAt(amzTime(c)).verify(input(c, { rawHeaders: withHeader(c.rawHeaders, 'authorization', auth) })),
    'InvalidSignatureException',
    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  );
});

test('Date header is used when X-Amz-Date is absent (independently computed signature)', () => {
  const date = 'Sat, 28 Nov 2026 16:12:28 GMT';
  const body = '{}';
  const scope = '20261128/us-west-1/kms/aws4_request';
  const creq = `POST\n/\n\ndate:${date}\nhost:localhost:8080\n\ndate;host\n${createHash('sha256').update(body).digest('hex')}`;
  const sts = `AWS4-HMAC-SHA256\n20261128T161228Z\n${scope}\n${createHash('sha256').update(creq).digest('hex')}`;
  let key: Buffer = Buffer.from('AWS4' + SECRET);
  for (const part of ['20261128', 'us-west-1', 'kms', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(sts).digest('hex');
  const rawHeaders = [
    'Host', 'localhost:8080',
    'Date', date,
    'Authorization', `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${scope}, SignedHeaders=date;host, Signature=${signature}`,
  ];
  const v = verifierAt(Date.parse(date) + 30_000);
  const result = v.verify({ method: 'POST', path: '/', rawHeaders, body: Buffer.from(body) });
  assert.deepEqual(result, { accessKeyId: ACCESS_KEY, region: 'us-west-1', service: 'kms', amzDate: '20261128T161228Z' });
});

test('cached signing key gives the same result as a fresh derivation', () => {
  const c = capture('Debian boto3 1.26.27 Encrypt');
  const v = verifierAt(amzTime(c));
  assert.equal(v.cachedKeyCount, 0);
  const first = v.verify(input(c));
  assert.equal(v.cachedKeyCount, 1);
  const second = v.verify(input(c)); // cache hit
  assert.deepEqual(second, first);
  assert.equal(v.cachedKeyCount, 1);
  v.verify(input(capture('Debian boto3 1.26.27 GenerateDataKey'))); // other region: second entry
  assert.equal(v.cachedKeyCount, 2);
  assertKmsError(() => v.verify(input(c, { body: Buffer.from('{}') })), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
  // AWS documentation example (its secret has '+' where ours has '/'): signing key for 20150830/us-east-1/iam.
  assert.equal(
    deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam').toString('hex'),
    'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9',
  );
});

test('header canonicalisation: trimming, whitespace runs, repeated headers', () => {
  assert.equal(canonicalHeaderValue('already canonical'), 'already canonical');
  assert.equal(canonicalHeaderValue('  a   b\t c  '), 'a b c');
  assert.equal(canonicalHeaderValue(''), '');
  const h = collectHeaders(['X-Multi', ' one ', 'Host', 'h:1', 'x-multi', 'two  three']);
  assert.equal(h.get('x-multi'), 'one,two three');
  assert.equal(h.get('host'), 'h:1');
});

test('canonical URI and query string (non-S3 rules)', () => {
  assert.equal(canonicalUri('/'), '/');
  assert.equal(canonicalUri(''), '/');
  assert.equal(canonicalUri('/a/./b/../c/'), '/a/c/');
  assert.equal(canonicalUri('/a%20b'), '/a%2520b');
  assert.equal(canonicalQuery(''), '');
  assert.equal(canonicalQuery('Param2=value2&Param1=value1'), 'Param1=value1&Param2=value2');
  assert.equal(canonicalQuery('b=2&a=x%20y&a=w&c'), 'a=w&a=x%20y&b=2&c=');
  assert.equal(canonicalQuery('k=a*b!'), 'k=a%2Ab%21');
});

test('amz date parsing and formatting', () => {
  assert.equal(formatAmzDate(parseAmzDate('20240820T230143Z')), '20240820T230143Z');
  assert.ok(Number.isNaN(parseAmzDate('20240230T000000Z')));
  assert.ok(Number.isNaN(parseAmzDate('2024-08-20T23:01')));
});

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(d: SourceData): string | Uint8Array {
  if (typeof d === 'string') return d;
  return d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** Minimal @aws-crypto/sha256-js stand-in (that package is not installed here) backed by node:crypto. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

test('round trip: @smithy/signature-v4 signs, the verifier accepts (real clock, query string, session token)', async () => {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const signer = new SignatureV4({
    service: 'kms',
    region: 'ap-southeast-2',
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: 'tok+/=' },
    sha256: NodeSha256,
  });
  const body = '{"KeyId":"alias/x"}';
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 8080,
    path: '/',
    query: { b: '2', a: 'x y' },
    headers: { host: 'localhost:8080', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt' },
    body,
  });
  const rawHeaders = Object.entries(signed.headers).flat();
  const verifier = new SigV4Verifier({ lookup: (id) => (id === ACCESS_KEY ? { secretAccessKey: SECRET } : undefined) });
  const req = { method: 'POST', path: '/?b=2&a=x%20y', rawHeaders, body: Buffer.from(body) };
  const result = verifier.verify(req);
  assert.equal(result.region, 'ap-southeast-2');
  assert.equal(result.sessionToken, 'tok+/=');
  assertKmsError(() => verifier.verify({ ...req, path: '/?b=3&a=x%20y' }), 'InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
});
