// `keyward audit query` against a running server's data directory: filters by event name and source, key, principal,
// errors and time; CloudTrail JSON valid against the schema; a table for people; usage errors exit 2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { auditCli } from '../support/audit-tamper.js';
import { schemaErrors } from '../support/audit-schema.js';
import { iamClient } from '../support/identity.js';
import { failure } from '../support/lifecycle-helpers.js';
import { TEST_ACCOUNT, useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let kms: KMSClient;
let keyId = '';
let before = '';

useTestServer({}, async (s, k) => {
  server = s;
  kms = k;
  keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  before = new Date(Date.now() - 1000).toISOString();
  for (let i = 0; i < 3; i++) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('q') }));
  assert.equal((await failure(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(64, 7) }))))?.name, 'InvalidCiphertextException');
  const iam = iamClient(server);
  await iam.send(new CreateUserCommand({ UserName: 'queried' }));
  iam.destroy();
});

const query = (...args: string[]) => {
  const r = auditCli('query', '--data-dir', server.dataDir, ...args);
  return { ...r, events: () => (JSON.parse(r.stdout) as { Events: Record<string, unknown>[] }).Events };
};

test('filters: event name, source, key, principal, errors, time; newest first; CloudTrail JSON', () => {
  const enc = query('--event-name', 'Encrypt', '--json');
  assert.equal(enc.status, 0, enc.stderr);
  const events = enc.events();
  assert.equal(events.length, 3);
  for (const e of events) assert.deepEqual(schemaErrors(e), []);
  assert.ok((events[0]!.additionalEventData as { auditSeq: number }).auditSeq > (events[2]!.additionalEventData as { auditSeq: number }).auditSeq, 'newest first');
  assert.equal(query('--key', keyId, '--json').events().length, 4, 'CreateKey and three Encrypts');
  const failed = query('--error', '--json').events();
  assert.deepEqual(failed.map((e) => e.errorCode), ['InvalidCiphertextException']);
  assert.equal(query('--error', 'NotFoundException', '--json').events().length, 0);
  const users = query('--event-name', 'CreateUser', '--event-source', 'iam.amazonaws.com', '--json').events();
  assert.deepEqual(users.map((e) => [e.eventSource, (e.requestParameters as { userName: string }).userName]), [['iam.amazonaws.com', 'queried']]);
  assert.equal(query('--event-name', 'CreateUser', '--event-source', 'kms', '--json').events().length, 0);
  const admin = `arn:aws:iam::${TEST_ACCOUNT}:user/keyward-admin`;
  assert.ok(query('--principal', admin, '--json').events().length >= 6);
  assert.equal(query('--end-time', before, '--event-name', 'Encrypt', '--json').events().length, 0);
  assert.equal(query('--start-time', before, '--event-name', 'Encrypt', '--max', '2', '--json').events().length, 2);
});

test('a table for people; usage errors exit 2', () => {
  const t = query('--event-name', 'Encrypt');
  assert.equal(t.status, 0);
  const lines = t.stdout.trim().split('\n');
  assert.match(lines[0]!, /^TIME\s+EVENT\s+SOURCE\s+PRINCIPAL\s+KEY\s+OUTCOME$/);
  assert.equal(lines.length, 4);
  assert.match(lines[1]!, /Encrypt\s+kms\.amazonaws\.com\s+arn:aws:iam::\d+:user\/keyward-admin\s+[0-9a-f-]{36}\s+ok$/);
  assert.equal(query('--event-name', 'Nothing').stdout.trim(), 'no events');
  for (const bad of [['--start-time', 'yesterday'], ['--max', '0'], ['--event-source', 's3']]) {
    const r = query(...bad);
    assert.equal(r.status, 2, bad.join(' '));
    assert.match(r.stderr, /^keyward: /);
  }
});
