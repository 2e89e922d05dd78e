// Shared helpers for the lifecycle end-to-end tests: an SDK client for a test server, AWS-error assertions, the dev
// test clock, and read-only access to the SQLite data directory.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateKeyCommand, type CreateKeyCommandInput, type KMSClient } from '@aws-sdk/client-kms';
import { signedKmsRequest } from './raw-request.js';
import { TEST_ACCESS_KEY_ID, TEST_ACCOUNT, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestServer } from './server.js';

const TEST_CREDENTIALS = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };

export const DAY = 86_400;
export const ARN_PREFIX = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/`;
export const ALIAS_ARN_PREFIX = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:`;
export const HEX64 = /^[0-9a-f]{64}$/;

export { kmsClient } from './server.js';

export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** CreateKey with `input`; the new key's id and ARN. */
export async function newKeyIds(kms: KMSClient, input: CreateKeyCommandInput = {}): Promise<{ keyId: string; arn: string }> {
  const md = (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
  return { keyId: md.KeyId!, arn: md.Arn! };
}

/** Runs `p`; returns the error it failed with, or undefined if it succeeded. */
export async function failure(p: Promise<unknown>): Promise<SdkError | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e as SdkError;
  }
}

/** Awaits a call that must fail with the AWS error `name` (HTTP 400) and, if given, exactly `message`. */
export async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp, what = ''): Promise<SdkError> {
  const err = await failure(p);
  const label = what ? `${what}: ` : '';
  assert.ok(err, `${label}expected ${name}, but the call succeeded`);
  assert.equal(err.name, name, `${label}expected ${name}, got ${err.name}: ${err.message}`);
  assert.equal(err.$metadata?.httpStatusCode, 400, `${label}${name} should be HTTP 400`);
  if (typeof message === 'string') assert.equal(err.message, message, `${label}message`);
  else if (message) assert.match(err.message, message, `${label}message`);
  return err;
}

/** An AWS error sent without a message: the JS SDK then reports 'UnknownError' (or nothing). */
export function assertNoMessage(err: SdkError): void {
  assert.ok(err.message === 'UnknownError' || err.message === '', `expected no message, got '${err.message}'`);
}

export interface ClockAnswer {
  now: number;
  jobsRun: number;
}

/**
 * POST /_keyward/clock {advanceSeconds}, signed (SigV4, service kms) as the test administrator unless other
 * credentials are given; answers after every due job ran.
 */
export async function advanceClock(url: string, advanceSeconds: number, credentials = TEST_CREDENTIALS): Promise<ClockAnswer> {
  const res = await signedKmsRequest(url, {
    ...credentials, path: '/_keyward/clock', contentType: 'application/json', body: JSON.stringify({ advanceSeconds }),
  });
  assert.equal(res.status, 200, `clock advance answered ${res.status}: ${res.text}`);
  return JSON.parse(res.text) as ClockAnswer;
}

/** The server clock now, in epoch milliseconds (advancing by 0 runs due jobs too). */
export async function serverNowMs(url: string): Promise<number> {
  return (await advanceClock(url, 0)).now * 1000;
}

export const dbPath = (dataDir: string) => join(dataDir, 'keyward.db');

/** Opens the live database read-only (the server keeps running), runs `fn`, and closes it again. */
export function withReadonlyDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbPath(dataDir), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The contents of keyward.db, -wal and -shm (those that exist). */
export function databaseFiles(dataDir: string): { name: string; bytes: Buffer }[] {
  return ['keyward.db', 'keyward.db-wal', 'keyward.db-shm']
    .map((name) => join(dataDir, name))
    .filter((p) => existsSync(p))
    .map((p) => ({ name: p, bytes: readFileSync(p) }));
}

/** Runs `fn` on `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Strips the SDK's $metadata from a response, leaving the members the server sent. */
export function members<T extends object>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = out as T & { $metadata?: unknown };
  return rest as Omit<T, '$metadata'>;
}
