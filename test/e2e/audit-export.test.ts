// Audit export end to end: the real server with a file sink and a required syslog TCP sink (a real receiver) and
// metrics on; KMS, IAM, STS and system actions arrive as CloudTrail events valid against the repo's schema, in the
// hash-chained file and in syslog, with no secret anywhere; `audit verify` still passes. Then the receiver hangs:
// requests fail within 1.5 s with DependencyTimeoutException, /healthz and /metrics say which sink, and after it
// resumes requests succeed and every acknowledged request is in the database log and reached the receiver.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, ScheduleKeyDeletionCommand, UpdateKeyDescriptionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { verifyChainedLines } from '../../src/audit/export/file-chain.js';
import { auditCli } from '../support/audit-tamper.js';
import { schemaErrors } from '../support/audit-schema.js';
import { auditRows, iamClient, stsClient } from '../support/identity.js';
import { advanceClock, DAY, failure, pool } from '../support/lifecycle-helpers.js';
import { kmsClient, startTestServer, TEST_SECRET_ACCESS_KEY, type TestServer } from '../support/server.js';
import { SyslogReceiver } from '../support/syslog-receiver.js';

const dir = mkdtempSync(join(tmpdir(), 'keyward-audit-export-'));
const file = join(dir, 'audit.jsonl');
let receiver: SyslogReceiver;
let server: TestServer;
let kms: KMSClient;
let metricsUrl: string;
const secrets = new Set<string>([TEST_SECRET_ACCESS_KEY]);

before(async () => {
  receiver = await SyslogReceiver.start();
  server = await startTestServer({
    args: ['--test-clock', '--audit-file', file, '--audit-syslog', receiver.url, '--metrics-listen', '127.0.0.1:0'],
  });
  kms = kmsClient(server);
  metricsUrl = /"url":"(http:\/\/[^"]+\/metrics)"/.exec(server.output())![1]!;
});

after(async () => {
  kms.destroy();
  await server.stop(true);
  await receiver.stop();
  rmSync(dir, { recursive: true, force: true });
});

const fileLines = () => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const fileEvents = () => fileLines().map((l) => JSON.parse(l) as Record<string, unknown>);

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function metrics(): Promise<Map<string, { name: string; type: string; metrics: { labels?: Record<string, string>; value?: string }[] }>> {
  const text = await (await fetch(metricsUrl)).text();
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f as never]));
}

describe('events of every kind, in the file and in syslog', () => {
  test('KMS, IAM, STS and a system action arrive as schema-valid CloudTrail events; nothing secret in them', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({ Description: 'export test' }))).KeyMetadata!.KeyId!;
    const plaintext = 'plaintext-never-logged-4711';
    const contextValue = 'context-value-never-logged-0815';
    const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(plaintext), EncryptionContext: { app: contextValue } }))).CiphertextBlob!;
    await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: contextValue } }));
    assert.equal((await failure(kms.send(new DecryptCommand({ CiphertextBlob: blob }))))?.name, 'InvalidCiphertextException');
    const grant = await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: `arn:aws:iam::111122223333:root`, Operations: ['Decrypt'] }));
    secrets.add(grant.GrantToken!);
    const iam = iamClient(server);
    await iam.send(new CreateUserCommand({ UserName: 'exported' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'exported' }))).AccessKey!;
    secrets.add(key.SecretAccessKey!);
    await stsClient(server).send(new GetCallerIdentityCommand({}));
    const doomed = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
    await advanceClock(server.url, 8 * DAY); // the scheduler deletes it: a system event
    iam.destroy();

    const records = auditRows(server);
    await until('every record in the file and in syslog', () => fileLines().length >= records.length && receiver.messages.length >= records.length);
    const events = fileEvents();
    for (const e of [...events, ...receiver.events()]) assert.deepEqual(schemaErrors(e), [], JSON.stringify(e).slice(0, 300));
    assert.deepEqual(events.map((e) => e.requestID), records.map((r) => r.request_id), 'the file holds the log, in order');
    assert.deepEqual(receiver.events().map((e) => e.eventID), events.map((e) => e.eventID), 'syslog got the same events');
    const named = (source: string, name: string) => events.filter((e) => e.eventSource === source && e.eventName === name);
    assert.equal(named('kms.amazonaws.com', 'Encrypt').length, 1);
    assert.equal(named('iam.amazonaws.com', 'CreateUser').length, 1);
    assert.equal(named('sts.amazonaws.com', 'GetCallerIdentity').length, 1);
    const [deleted] = named('kms.amazonaws.com', 'DeleteKey');
    assert.equal(deleted?.eventType, 'AwsServiceEvent');
    const [enc] = named('kms.amazonaws.com', 'Encrypt');
    assert.deepEqual(Object.keys((enc!.requestParameters as { encryptionContext: object }).encryptionContext), ['app']);
    assert.match(String((enc!.requestParameters as { encryptionContext: { app: string } }).encryptionContext.app), /^hmac-sha256:[0-9a-f]{64}$/);
    assert.match(String(enc!.userAgent), /aws-sdk-js/);
    const [bad] = events.filter((e) => e.errorCode === 'InvalidCiphertextException');
    assert.ok(bad && typeof bad.errorMessage === 'string');
    // Nothing secret anywhere: the file, syslog, the database's records, the server's output.
    const everywhere = [readFileSync(file, 'utf8'), receiver.messages.map((m) => m.msg).join('\n'), JSON.stringify(auditRows(server)), server.output()];
    for (const s of [...secrets, plaintext, contextValue, Buffer.from(plaintext).toString('base64'), Buffer.from(blob).toString('base64')]) {
      for (const text of everywhere) assert.ok(!text.includes(s), `${s.slice(0, 8)}… leaked`);
    }
    assert.equal(verifyChainedLines(fileLines()).badLine, undefined, 'the file chain verifies');
  });

  test('audit verify still passes on the data directory', () => {
    const r = auditCli('verify', '--data-dir', server.dataDir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  test('/metrics parses and shows requests, latency, keys, sinks, audit append and scheduler families', async () => {
    const m = await metrics();
    for (const family of ['keyward_requests_total', 'keyward_request_duration_seconds', 'keyward_throttled_requests_total', 'keyward_authorization_denials_total',
      'keyward_keys', 'keyward_scheduler_jobs_total', 'keyward_audit_append_seconds', 'keyward_audit_sink_healthy', 'keyward_crypto_pool_in_flight',
      'keyward_process_cpu_user_seconds_total']) {
      assert.ok(m.has(family), family);
    }
    const encrypts = m.get('keyward_requests_total')!.metrics.find((s) => s.labels?.operation === 'Encrypt' && s.labels.outcome === 'success');
    assert.equal(encrypts?.value, '1');
    assert.ok(m.get('keyward_requests_total')!.metrics.some((s) => s.labels?.operation === 'iam:CreateUser'));
    const keys = m.get('keyward_keys')!.metrics;
    assert.ok(keys.some((s) => s.labels?.state === 'Enabled' && s.labels.spec === 'SYMMETRIC_DEFAULT' && Number(s.value) >= 1));
    const sinks = m.get('keyward_audit_sink_healthy')!.metrics.map((s) => [s.labels?.sink, s.value]);
    assert.deepEqual(sinks.sort(), [[`file:${file}`, '1'], [`syslog:${receiver.url}`, '1']]);
    assert.equal(m.get('keyward_sealed')?.metrics[0]?.value, '0', 'the dev node unsealed itself');
    assert.ok(!JSON.stringify([...m.values()]).includes('key/'), 'no label names a key');
  });
});

describe('a required sink that hangs', () => {
  test('requests fail within 1.5 s, health and metrics name the sink, recovery loses nothing acknowledged', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const acknowledged: string[] = [];
    const description = 'd'.repeat(8000); // ~8 KB per event: the receiver's socket buffers fill after a few hundred
    const call = async () => {
      const start = Date.now();
      try {
        const out = await kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: description }));
        acknowledged.push(out.$metadata.requestId!);
        return { ms: Date.now() - start, error: undefined };
      } catch (err) {
        return { ms: Date.now() - start, error: (err as Error).name };
      }
    };
    receiver.pause();
    const outcomes: { ms: number; error: string | undefined }[] = [];
    const end = Date.now() + 30_000;
    while (!outcomes.some((o) => o.error) && Date.now() < end) outcomes.push(...(await pool([...Array(16).keys()], 8, call)));
    const failed = outcomes.filter((o) => o.error);
    assert.ok(failed.length > 0, `no request failed while the receiver hung (${outcomes.length} sent)`);
    assert.deepEqual([...new Set(failed.map((o) => o.error))], ['DependencyTimeoutException']);
    assert.ok(Math.max(...outcomes.map((o) => o.ms)) < 1500, `slowest answer ${Math.max(...outcomes.map((o) => o.ms))} ms`);
    const refused = await call();
    assert.equal(refused.error, 'DependencyTimeoutException');
    assert.ok(refused.ms < 500, 'refused at once while the sink is failing');
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 503);
    const body = (await health.json()) as { status: string; auditSinks: { name: string; healthy: boolean }[] };
    assert.equal(body.status, 'degraded');
    assert.deepEqual(body.auditSinks.filter((s) => !s.healthy).map((s) => s.name), [`syslog:${receiver.url}`]);
    const unhealthy = (await metrics()).get('keyward_audit_sink_healthy')!.metrics.find((s) => s.labels?.sink === `syslog:${receiver.url}`);
    assert.equal(unhealthy?.value, '0');

    receiver.resume();
    let back: { ms: number; error: string | undefined } | undefined;
    const until2 = Date.now() + 15_000;
    while (Date.now() < until2 && (back = await call()).error) await new Promise((r) => setTimeout(r, 100));
    assert.equal(back?.error, undefined, 'requests succeed after the receiver resumed');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const logged = new Set(auditRows(server).map((r) => r.request_id));
    for (const id of acknowledged) assert.ok(logged.has(id), `acknowledged ${id} is in the database log`);
    await until('the receiver to catch up', () => {
      const got = new Set(receiver.events().map((e) => e.requestID));
      return acknowledged.every((id) => got.has(id));
    }, 15_000);
  });
});
