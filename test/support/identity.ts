// Shared helpers for the IAM and STS end-to-end tests: @aws-sdk/client-iam and client-sts clients for a test server
// (any credentials, temporary ones included), Query-protocol error assertions, and the audit records of the server.
import assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { failure, withReadonlyDb, type SdkError } from './lifecycle-helpers.js';
import { TEST_ACCOUNT, type TestServer } from './server.js';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

type Endpoint = Pick<TestServer, 'url' | 'region' | 'credentials'>;

/** One attempt per call, so errors surface as the server sent them. */
export const iamClient = (s: Endpoint, credentials: Creds = s.credentials) =>
  new IAMClient({ endpoint: s.url, region: s.region, credentials, maxAttempts: 1 });
export const stsClient = (s: Endpoint, credentials: Creds = s.credentials) =>
  new STSClient({ endpoint: s.url, region: s.region, credentials, maxAttempts: 1 });
export const kmsFor = (s: Endpoint, credentials: Creds) =>
  new KMSClient({ endpoint: s.url, region: s.region, credentials, maxAttempts: 1 });

/** Temporary credentials as STS returns them, as SDK credentials. */
export function sessionCreds(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds {
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken, 'STS returned credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

export const ARN = (tail: string) => `arn:aws:iam::${TEST_ACCOUNT}:${tail}`;

/**
 * Awaits a Query-protocol call that must fail with error code `code` (the XML <Code>), HTTP `status`, and if given the
 * exact message or a pattern.
 */
export async function queryRejects(p: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<SdkError> {
  const err = await failure(p);
  assert.ok(err, `expected ${code}, but the call succeeded`);
  const got = (err as SdkError & { Code?: string }).Code ?? err.name;
  assert.equal(got, code, `expected ${code}, got ${got}: ${err.message}`);
  assert.equal(err.$metadata?.httpStatusCode, status, `${code} should be HTTP ${status}`);
  if (typeof message === 'string') assert.equal(err.message, message);
  else if (message) assert.match(err.message, message);
  return err;
}

export interface AuditRow {
  seq: number;
  request_id: string;
  operation: string;
  principal: string;
  access_key_id: string | null;
  outcome: string;
  error_code: string | null;
  details: string | null;
}

/** The SQLite audit records of a running server (read-only), oldest first, optionally from `afterSeq` on. */
export function auditRows(server: Pick<TestServer, 'dataDir'>, afterSeq = 0): AuditRow[] {
  return withReadonlyDb(server.dataDir, (db) => db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq').all(afterSeq) as AuditRow[]);
}

/**
 * Every secret a test saw must be absent from the server's output and from every audit record: the secret access
 * keys, session tokens, and temporary secrets it was handed.
 */
export function assertNoSecrets(server: TestServer, secrets: Iterable<string>): void {
  const audit = JSON.stringify(auditRows(server));
  const output = server.output();
  let n = 0;
  for (const s of secrets) {
    assert.ok(s.length >= 16, 'a real secret');
    assert.ok(!output.includes(s), `a secret appeared in the server output: ${s.slice(0, 6)}…`);
    assert.ok(!audit.includes(s), `a secret appeared in an audit record: ${s.slice(0, 6)}…`);
    n++;
  }
  assert.ok(n > 0, 'the test collected secrets to look for');
}
