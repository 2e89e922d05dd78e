// LookupEvents and HashAuditValue (KeywardService) against a real server: CloudTrail's filters and paging, the event
// JSON valid against the schema, a context value found by its HMAC without the log holding it, and authorization
// (a user without keyward:LookupEvents is refused).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { schemaErrors } from '../support/audit-schema.js';
import { awsEnv, runCli } from '../support/cli.js';
import { auditRows, iamClient } from '../support/identity.js';
import { failure } from '../support/lifecycle-helpers.js';
import { signedKmsRequest } from '../support/raw-request.js';
import { useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let kms: KMSClient;
let keyId = '';
const SECRET_CONTEXT = 'tenant-7f3a-context-value';

useTestServer({}, async (s, k) => {
  server = s;
  kms = k;
  keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  for (let i = 0; i < 5; i++) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { tenant: i === 2 ? SECRET_CONTEXT : `t${i}` } }));
  assert.equal((await failure(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(80, 3) }))))?.name, 'InvalidCiphertextException');
});

async function call(op: string, body: object, creds = server.credentials) {
  const res = await signedKmsRequest(server.url, { target: `KeywardService.${op}`, body: JSON.stringify(body), ...creds });
  return res;
}

test('filters, newest first, paging with NextToken, CloudTrail JSON', async () => {
  const enc = await call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }] });
  assert.equal(enc.status, 200, enc.text);
  const events = enc.json!.Events as { EventName: string; EventSource: string; ReadOnly: string; EventTime: number; CloudTrailEvent: string; Resources: { ResourceName: string }[]; Username: string }[];
  assert.equal(events.length, 5);
  assert.deepEqual([...new Set(events.map((e) => [e.EventName, e.EventSource, e.ReadOnly, e.Username].join(' ')))], ['Encrypt kms.amazonaws.com true keyward-admin']);
  for (const e of events) assert.deepEqual(schemaErrors(JSON.parse(e.CloudTrailEvent)), []);
  assert.ok(events[0]!.EventTime >= events[4]!.EventTime);
  assert.match(events[0]!.Resources[0]!.ResourceName, new RegExp(`key/${keyId}$`));
  const page1 = await call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: keyId }], MaxResults: 4 });
  assert.equal((page1.json!.Events as unknown[]).length, 4);
  const page2 = await call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: keyId }], MaxResults: 4, NextToken: page1.json!.NextToken });
  const ids = [...(page1.json!.Events as { EventId: string }[]), ...(page2.json!.Events as { EventId: string }[])].map((e) => e.EventId);
  assert.equal(ids.length, 6, 'CreateKey and five Encrypts, across two pages');
  assert.equal(new Set(ids).size, 6);
  const failed = await call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'ErrorCode', AttributeValue: 'InvalidCiphertextException' }] });
  assert.equal((failed.json!.Events as unknown[]).length, 1);
  const one = await call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: ids[0]! }] });
  assert.deepEqual((one.json!.Events as { EventId: string }[]).map((e) => e.EventId), [ids[0]]);
  const writes = await call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }, { AttributeKey: 'EventSource', AttributeValue: 'kms.amazonaws.com' }] });
  assert.ok((writes.json!.Events as { EventName: string }[]).every((e) => e.EventName !== 'Encrypt'));
  assert.ok((writes.json!.Events as { EventName: string }[]).some((e) => e.EventName === 'CreateKey'));
  const future = await call('LookupEvents', { StartTime: Math.floor(Date.now() / 1000) + 3600 });
  assert.deepEqual(future.json!.Events, []);
  const bad = await call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'maybe' }] });
  assert.equal(bad.json!.__type, 'ValidationException');
  const badToken = await call('LookupEvents', { NextToken: 'nope' });
  assert.equal(badToken.json!.__type, 'InvalidMarkerException');
});

test('HashAuditValue finds a context value that the log never holds', async () => {
  const hash = await call('HashAuditValue', { Value: SECRET_CONTEXT });
  assert.equal(hash.status, 200, hash.text);
  assert.match(String(hash.json!.Hash), /^hmac-sha256:[0-9a-f]{64}$/);
  const found = await call('LookupEvents', { LookupAttributes: [{ AttributeKey: 'HashedValue', AttributeValue: hash.json!.Hash }] });
  // The Encrypt that used the value, and the HashAuditValue call itself (which records the value hashed, too).
  assert.deepEqual((found.json!.Events as { EventName: string }[]).map((e) => e.EventName), ['HashAuditValue', 'Encrypt']);
  assert.ok(!JSON.stringify(auditRows(server)).includes(SECRET_CONTEXT), 'the value itself is nowhere in the log');
});

test('keyward audit hash VALUE prints the HMAC and the events that hold the value', async () => {
  const env = { ...awsEnv(server), KEYWARD_ENDPOINT: server.url };
  const json = await runCli(['audit', 'hash', SECRET_CONTEXT, '--json'], { env });
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout.toString()) as { Hash: string; Events: { eventName: string; requestParameters: unknown }[] };
  assert.match(out.Hash, /^hmac-sha256:[0-9a-f]{64}$/);
  assert.ok(out.Events.some((e) => e.eventName === 'Encrypt'), 'the Encrypt that carried the value');
  assert.ok(!json.stdout.toString().includes(SECRET_CONTEXT), 'the events hold the HMAC, not the value');
  const piped = await runCli(['audit', 'hash', '-', '--hash-only'], { env, stdin: Buffer.from(SECRET_CONTEXT) });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout.toString().trim(), out.Hash, 'stdin gives the same HMAC');
  const table = await runCli(['audit', 'hash', 'never-used-value'], { env });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout.toString(), /^hmac-sha256:[0-9a-f]{64}\n(no events|TIME)/);
  const unreachable = await runCli(['audit', 'hash', 'x', '--endpoint', 'http://127.0.0.1:9'], { env });
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /cannot reach Keyward/);
  const usage = await runCli(['audit', 'hash', 'x', '--max', '0'], { env });
  assert.equal(usage.code, 2);
});

test('a user without keyward:LookupEvents is refused', async () => {
  const iam = iamClient(server);
  await iam.send(new CreateUserCommand({ UserName: 'nosy' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nosy' }))).AccessKey!;
  iam.destroy();
  const res = await call('LookupEvents', {}, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  assert.equal(res.json!.__type, 'AccessDeniedException');
  assert.match(String(res.json!.message), /keyward:LookupEvents/);
});
