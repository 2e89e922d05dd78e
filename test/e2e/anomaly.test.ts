// Built-in anomaly detection end to end (issue 14 item 6, docs/anomaly.md): a real server on the dev test clock, driven
// by @aws-sdk/client-kms, IAM users and the shipped Keyward client. Each alert type is raised exactly when its rule says
// — and not on the steady traffic of the same shape before it (the clock is advanced minute by minute to build the
// baselines) — and every raised alert is an audit system event, a signed webhook delivery, a Prometheus counter and an
// entry ListAlerts / AcknowledgeAlert round-trip. The new-network case binds the client to a second loopback address
// (127.0.1.2, another /24 than 127.0.0.1): the server sees the real source address, no proxy header is trusted.
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, KMSClient, ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { Alert, KeywardClient } from '../../src/client/index.js';
import { schemaErrors } from '../support/audit-schema.js';
import { keywardClient } from '../support/keyward.js';
import { advanceClock, kmsClient, rejects, serverNowMs } from '../support/lifecycle-helpers.js';
import { startTestServer, TEST_ACCOUNT, type TestServer } from '../support/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'whsec-anomaly-test-0123456789';
const ADMIN = `arn:aws:iam::${TEST_ACCOUNT}:user/keyward-admin`;
const userArn = (name: string) => `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`;
const PLAINTEXT = Buffer.from('anomaly test payload');
// Thresholds small enough for a test, as an operator would set them (docs/anomaly.md).
const ARGS = [
  '--test-clock', '--metrics-listen', '127.0.0.1:0', '--anomaly-rate-factor', '4', '--anomaly-rate-floor', '30',
  '--anomaly-rate-warmup-minutes', '5', '--anomaly-failed-decrypts', '5', '--anomaly-failed-decrypt-seconds', '60',
  '--anomaly-context-learning-minutes', '10',
];

let server: TestServer;
let receiver: WebhookReceiver;
let kms: KMSClient;
let kw: KeywardClient;
let iam: IAMClient;
let metricsUrl = '';
const clients: KMSClient[] = [];
/** Kept for the restart test: who learnt what before it. */
const known: { firstUseKey?: string; alice?: Credentials; nora?: Credentials; noraKey?: string; eve?: Credentials } = {};
type Credentials = { accessKeyId: string; secretAccessKey: string };

before(async () => {
  receiver = await startWebhookReceiver(SECRET);
  server = await startTestServer({ args: [...ARGS, '--webhook-url', receiver.url], env: { KEYWARD_WEBHOOK_SECRET: SECRET } });
  metricsUrl = /"url":"(http:\/\/[^"]+\/metrics)"/.exec(server.output())![1]!;
  kms = kmsClient(server);
  kw = keywardClient(server);
  iam = new IAMClient({ endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
});

after(async () => {
  for (const c of [kms, iam, ...clients]) c?.destroy();
  await server?.stop(true);
  await receiver?.close();
});

/** An IAM user allowed kms:* (no keyward:* action), with a KMS client from 127.0.0.1 or from `localAddress`. */
async function newUser(name: string): Promise<{ arn: string; credentials: { accessKeyId: string; secretAccessKey: string }; kms: KMSClient }> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({
    UserName: name, PolicyName: 'kms', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }),
  }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  return { arn: userArn(name), credentials, kms: client(credentials) };
}

function client(credentials: { accessKeyId: string; secretAccessKey: string }, localAddress?: string): KMSClient {
  const c = new KMSClient({
    endpoint: server.url, region: server.region, credentials, maxAttempts: 1,
    ...(localAddress ? { requestHandler: { httpAgent: new Agent({ localAddress }) } } : {}),
  });
  clients.push(c);
  return c;
}

/** Every alert matching the filter, over all pages. */
async function alerts(filter: { AlertType?: string; KeyId?: string; State?: 'OPEN' | 'ACKNOWLEDGED' } = {}, pageSize = 100): Promise<Alert[]> {
  const out: Alert[] = [];
  let marker: string | undefined;
  do {
    const page = await kw.listAlerts({ ...filter, Limit: pageSize, ...(marker ? { Marker: marker } : {}) } as Parameters<KeywardClient['listAlerts']>[0]);
    out.push(...page.Alerts);
    marker = page.NextMarker;
  } while (marker);
  return out;
}

const ofType = async (type: string, pick: (a: Alert) => boolean = () => true) => (await alerts({ AlertType: type })).filter(pick);

/** Advances the service clock to one second past the next minute boundary: a test's minute starts clean. */
async function toNextMinute(): Promise<void> {
  const now = await serverNowMs(server.url);
  await advanceClock(server.url, 61 - (Math.floor(now / 1000) % 60));
}

async function newKey(c: KMSClient = kms): Promise<string> {
  return (await c.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
}

const encrypt = (c: KMSClient, KeyId: string, EncryptionContext?: Record<string, string>) =>
  c.send(new EncryptCommand({ KeyId, Plaintext: PLAINTEXT, ...(EncryptionContext ? { EncryptionContext } : {}) }));

async function times(n: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i++) await fn();
}

describe('anomaly alerts', () => {
  test('request rate: steady traffic builds a baseline without alerts; a minute far above it alerts per key and per principal, then coalesces', async () => {
    const rita = await newUser('rita');
    const key = await newKey(rita.kms); // her own key: creating it is knowing it (no first-use alert)
    await toNextMinute();
    for (let minute = 0; minute < 7; minute++) {
      await times(10, () => encrypt(rita.kms, key));
      await advanceClock(server.url, 60);
    }
    assert.deepEqual(await ofType('KEY_REQUEST_RATE', (a) => a.KeyId === key), [], 'steady 10 a minute: no key rate alert');
    assert.deepEqual(await ofType('PRINCIPAL_REQUEST_RATE', (a) => a.Principal === rita.arn), [], 'nor a principal one');
    // Baseline ≈ 10, threshold max(4 × 10, 30) = 40: the 40th request of a minute is still fine, the 41st alerts.
    await times(40, () => encrypt(rita.kms, key));
    assert.deepEqual(await ofType('KEY_REQUEST_RATE', (a) => a.KeyId === key), [], '40 requests is at the threshold, not above');
    await times(5, () => encrypt(rita.kms, key));
    const [byKey, ...moreKey] = await ofType('KEY_REQUEST_RATE', (a) => a.KeyId === key);
    const [byPrincipal, ...morePrincipal] = await ofType('PRINCIPAL_REQUEST_RATE', (a) => a.Principal === rita.arn);
    assert.deepEqual([moreKey, morePrincipal], [[], []], 'one alert each for the minute, not one per request');
    assert.equal(byKey!.Count, 1);
    assert.equal(byKey!.Severity, 'MEDIUM');
    assert.equal(byKey!.State, 'OPEN');
    const details = JSON.parse(byKey!.Details) as { count: number; threshold: number; baseline: number };
    assert.equal(details.count, 41);
    assert.equal(details.threshold, 40);
    assert.ok(details.baseline >= 9.9 && details.baseline <= 10.1, `baseline ${details.baseline}`);
    assert.equal(byPrincipal!.KeyId, undefined);
    // The next minute's bar includes the burst (baseline 0.2 × 45 + 0.8 × 10 = 17, threshold 68): 80 pass it again, and
    // the occurrence counts into the open alerts instead of raising new ones.
    await advanceClock(server.url, 60);
    await times(80, () => encrypt(rita.kms, key));
    const [again, ...none] = await ofType('KEY_REQUEST_RATE', (a) => a.KeyId === key);
    assert.deepEqual(none, []);
    assert.equal(again!.AlertId, byKey!.AlertId);
    assert.equal(again!.Count, 2);
    assert.ok(again!.LastSeenDate.getTime() > byKey!.LastSeenDate.getTime());
    assert.equal((await ofType('PRINCIPAL_REQUEST_RATE', (a) => a.Principal === rita.arn))[0]!.Count, 2);
  });

  test("first use of a key by a principal: the creator's use is none; another user's first Encrypt alerts once", async () => {
    const key = await newKey();
    await encrypt(kms, key);
    await kms.send(new DescribeKeyCommand({ KeyId: key }));
    assert.deepEqual(await ofType('FIRST_KEY_USE', (a) => a.KeyId === key), [], 'the administrator created the key');
    const alice = await newUser('alice');
    Object.assign(known, { firstUseKey: key, alice: alice.credentials });
    await alice.kms.send(new DescribeKeyCommand({ KeyId: key }));
    assert.deepEqual(await ofType('FIRST_KEY_USE', (a) => a.KeyId === key), [], 'describing a key is no use of it');
    await encrypt(alice.kms, key);
    await encrypt(alice.kms, key);
    const found = await ofType('FIRST_KEY_USE', (a) => a.KeyId === key);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.Principal, alice.arn);
    assert.equal(found[0]!.Count, 1, 'later uses are no first use');
    assert.equal(found[0]!.SourceAddress, '127.0.0.1');
    assert.deepEqual(JSON.parse(found[0]!.Details), { operation: 'Encrypt' });
  });

  test('new source network: a principal first seen from 127.0.0.0/24 alerts from 127.0.1.0/24, once', async () => {
    const nora = await newUser('nora');
    const key = await newKey(nora.kms);
    Object.assign(known, { nora: nora.credentials, noraKey: key });
    await times(3, () => encrypt(nora.kms, key));
    assert.deepEqual(await ofType('NEW_SOURCE_NETWORK', (a) => a.Principal === nora.arn), [], 'her first network is learnt, not alerted');
    const elsewhere = client(nora.credentials, '127.0.1.2');
    await encrypt(elsewhere, key);
    await encrypt(elsewhere, key);
    await encrypt(client(nora.credentials, '127.0.0.9'), key); // same /24 as 127.0.0.1
    const found = await ofType('NEW_SOURCE_NETWORK', (a) => a.Principal === nora.arn);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.SourceAddress, '127.0.1.2');
    assert.equal(found[0]!.Count, 1);
    assert.deepEqual(JSON.parse(found[0]!.Details), { network: '127.0.1.0/24', operation: 'Encrypt' });
  });

  test('failed decrypts: 4 a minute twice is no burst; 5 within 60 s is; more count into it; after acknowledgement a new one opens', async () => {
    const mallory = await newUser('mallory');
    const bogus = () => rejects(mallory.kms.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(120, 7) })), 'InvalidCiphertextException');
    await toNextMinute();
    await times(4, bogus);
    await advanceClock(server.url, 61);
    await times(4, bogus);
    assert.deepEqual(await ofType('FAILED_DECRYPT_BURST', (a) => a.Principal === mallory.arn), [], 'never 5 within 60 s');
    await bogus();
    const [burst, ...none] = await ofType('FAILED_DECRYPT_BURST', (a) => a.Principal === mallory.arn);
    assert.deepEqual(none, []);
    assert.equal(burst!.Severity, 'HIGH');
    assert.deepEqual(JSON.parse(burst!.Details), { failures: 5, withinSeconds: 60, lastErrorCode: 'InvalidCiphertextException', lastKeyArn: null });
    await times(2, bogus);
    assert.equal((await kw.describeAlert({ AlertId: burst!.AlertId })).Alert.Count, 3);

    const acked = await kw.acknowledgeAlert({ AlertId: burst!.AlertId, Note: 'pen test by the red team' });
    assert.equal(acked.Alert.State, 'ACKNOWLEDGED');
    await bogus();
    const after = await ofType('FAILED_DECRYPT_BURST', (a) => a.Principal === mallory.arn);
    assert.equal(after.length, 2, 'an occurrence after acknowledgement opens a new alert');
    assert.deepEqual(after.map((a) => [a.State, a.Count]), [['OPEN', 1], ['ACKNOWLEDGED', 3]], 'newest first');
  });

  test('use of a disabled or pending-deletion key alerts; using it while enabled and describing it disabled do not', async () => {
    const disabled = await newKey();
    const doomed = await newKey();
    await encrypt(kms, disabled);
    await encrypt(kms, doomed);
    await kms.send(new DisableKeyCommand({ KeyId: disabled }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
    await kms.send(new DescribeKeyCommand({ KeyId: disabled }));
    assert.deepEqual(await ofType('UNUSABLE_KEY_USE', (a) => a.KeyId === disabled || a.KeyId === doomed), []);
    await rejects(encrypt(kms, disabled), 'DisabledException');
    await rejects(encrypt(kms, doomed), 'KMSInvalidStateException');
    const found = await ofType('UNUSABLE_KEY_USE', (a) => a.KeyId === disabled || a.KeyId === doomed);
    assert.deepEqual(found.map((a) => [a.KeyId, a.Principal, JSON.parse(a.Details)]).sort(), [
      [disabled, ADMIN, { operation: 'Encrypt', keyState: 'Disabled' }],
      [doomed, ADMIN, { operation: 'Encrypt', keyState: 'PendingDeletion' }],
    ].sort());
  });

  test('encryption-context keys: new names are learnt during the learning period; after it, a new name alerts (never its value)', async () => {
    const key = await newKey();
    await encrypt(kms, key, { tenant: 't-1', purpose: 'invoices' });
    await advanceClock(server.url, 5 * 60);
    await encrypt(kms, key, { tenant: 't-2', region: 'eu' }); // still learning: region is learnt
    await advanceClock(server.url, 6 * 60);
    await encrypt(kms, key, { tenant: 't-3', purpose: 'receipts' });
    await encrypt(kms, key, { region: 'us' });
    await encrypt(kms, key);
    assert.deepEqual(await ofType('NEW_ENCRYPTION_CONTEXT_KEY', (a) => a.KeyId === key), [], 'only known names after learning');
    await encrypt(kms, key, { tenant: 't-4', department: 'secret-department-value' });
    await encrypt(kms, key, { department: 'another' });
    const found = await ofType('NEW_ENCRYPTION_CONTEXT_KEY', (a) => a.KeyId === key);
    assert.equal(found.length, 1);
    assert.deepEqual(JSON.parse(found[0]!.Details), { operation: 'Encrypt', newContextKeys: ['department'] });
    assert.doesNotMatch(JSON.stringify(found), /secret-department-value|t-4/);
  });
});

describe('alert delivery and management', () => {
  test('each raised alert is an audit system event and a signed webhook of its type', async () => {
    const raised = await alerts();
    const events = new Map([
      ['KEY_REQUEST_RATE', 'AnomalyKeyRequestRate'], ['PRINCIPAL_REQUEST_RATE', 'AnomalyPrincipalRequestRate'],
      ['FIRST_KEY_USE', 'AnomalyFirstKeyUse'], ['FAILED_DECRYPT_BURST', 'AnomalyFailedDecryptBurst'],
      ['UNUSABLE_KEY_USE', 'AnomalyUnusableKeyUse'], ['NEW_ENCRYPTION_CONTEXT_KEY', 'AnomalyNewEncryptionContextKey'],
      ['NEW_SOURCE_NETWORK', 'AnomalyNewSourceNetwork'],
    ]);
    assert.deepEqual(new Set(raised.map((a) => a.AlertType)), new Set(events.keys()), 'every type was raised above');
    const audited = await kw.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AnomalyDetected' }], MaxResults: 50 });
    const auditedIds = audited.Events.map((e) => {
      const ct = JSON.parse(e.CloudTrailEvent) as { eventSource: string; eventType: string; userIdentity: { type: string }; additionalEventData: { details: { alertId: string; alertType: string } } };
      assert.deepEqual([ct.eventSource, ct.eventType, ct.userIdentity.type], ['keyward', 'AwsServiceEvent', 'AWSService']);
      assert.deepEqual(schemaErrors(ct), [], 'the event validates against schemas/audit-event.schema.json');
      return ct.additionalEventData.details.alertId;
    });
    assert.deepEqual(auditedIds.sort(), raised.map((a) => a.AlertId).sort(), 'one audit system event per raised alert (coalesced ones are not new)');

    const anomalies = () => receiver.accepted().filter((d) => d.eventType.startsWith('Anomaly'));
    for (let round = 0; round < 20 && anomalies().length < raised.length; round++) await advanceClock(server.url, 1);
    const got = anomalies();
    assert.equal(got.length, raised.length);
    for (const a of raised) {
      const d = got.find((x) => (x.body.Details as { alertId?: string }).alertId === a.AlertId);
      assert.ok(d, `webhook of ${a.AlertId}`);
      assert.equal(d.eventType, events.get(a.AlertType));
      assert.equal(d.body.EventType, events.get(a.AlertType));
      assert.ok(d.signatureValid, 'the Keyward-Signature verifies');
      if (a.KeyId !== undefined) assert.equal(d.body.KeyId, a.KeyId);
      assert.equal((d.body.Details as { alertType: string }).alertType, a.AlertType);
    }
  });

  test('/metrics counts raised alerts by type (coalesced occurrences not counted)', async () => {
    const res = await fetch(metricsUrl);
    const family = parsePrometheusTextFormat(await res.text()).find((f) => f.name === 'keyward_anomaly_alerts_total') as
      { type: string; metrics: { labels: { type: string }; value: string }[] } | undefined;
    assert.ok(family, 'keyward_anomaly_alerts_total is exported');
    assert.equal(family.type, 'COUNTER');
    const raised = await alerts();
    for (const m of family.metrics) {
      assert.equal(Number(m.value), raised.filter((a) => a.AlertType === m.labels.type).length, m.labels.type);
    }
    assert.equal(family.metrics.length, 7, 'one series per alert type');
  });

  test('ListAlerts filters by state, type and key; AcknowledgeAlert records who, when and why, once; both are keyward: actions', async () => {
    const [first] = await alerts({ AlertType: 'FIRST_KEY_USE' });
    const out = await kw.acknowledgeAlert({ AlertId: first!.AlertId, Note: 'alice joined the billing team' });
    assert.equal(out.Alert.State, 'ACKNOWLEDGED');
    assert.equal(out.Alert.AcknowledgedBy, ADMIN);
    assert.equal(out.Alert.AcknowledgementNote, 'alice joined the billing team');
    assert.ok(Math.abs(out.Alert.AcknowledgedDate!.getTime() - (await serverNowMs(server.url))) < 5000);
    await rejects(kw.acknowledgeAlert({ AlertId: first!.AlertId }), 'KMSInvalidStateException', /acknowledged already by .*keyward-admin/);
    await rejects(kw.acknowledgeAlert({ AlertId: '00000000-0000-4000-8000-000000000000' }), 'NotFoundException', /does not exist/);

    const all = await alerts({}, 2); // pages of 2: the markers are exercised
    const open = await alerts({ State: 'OPEN' }, 3);
    const acked = await alerts({ State: 'ACKNOWLEDGED' });
    assert.equal(open.length + acked.length, all.length);
    assert.ok(acked.some((a) => a.AlertId === first!.AlertId) && !open.some((a) => a.AlertId === first!.AlertId));
    const forKey = await alerts({ KeyId: first!.KeyId!.split('/')[1]! });
    assert.deepEqual(forKey.map((a) => a.AlertId), all.filter((a) => a.KeyId === first!.KeyId).map((a) => a.AlertId));
    assert.deepEqual(all.map((a) => a.FirstSeenDate), [...all.map((a) => a.FirstSeenDate)].sort((x, y) => y.getTime() - x.getTime()), 'newest first');
    assert.equal(new Set(all.map((a) => a.AlertId)).size, all.length, 'pages neither repeat nor skip');

    const eve = await newUser('eve');
    known.eve = eve.credentials;
    const eveKw = keywardClient({ url: server.url, region: server.region, credentials: eve.credentials });
    await rejects(eveKw.listAlerts({}), 'AccessDeniedException', /keyward:ListAlerts/);
    await rejects(eveKw.acknowledgeAlert({ AlertId: open[0]!.AlertId }), 'AccessDeniedException', /keyward:AcknowledgeAlert/);
    assert.equal((await kw.describeAlert({ AlertId: open[0]!.AlertId })).Alert.State, 'OPEN', 'the refused call changed nothing');
  });
});

describe('restart', () => {
  test('what the detectors learnt survives a restart: no first use or new network again; new facts still alert', async () => {
    const before = await alerts();
    await server.stop(false);
    server = await startTestServer({ dataDir: server.dataDir, args: [...ARGS, '--webhook-url', receiver.url], env: { KEYWARD_WEBHOOK_SECRET: SECRET } });
    kms.destroy();
    kms = kmsClient(server);
    kw = keywardClient(server);
    await encrypt(client(known.alice!), known.firstUseKey!);
    await encrypt(client(known.nora!, '127.0.1.2'), known.noraKey!);
    await encrypt(client(known.nora!), known.noraKey!);
    assert.deepEqual((await alerts()).map((a) => [a.AlertId, a.Count]), before.map((a) => [a.AlertId, a.Count]), 'nothing new after the restart');
    await encrypt(client(known.eve!), known.firstUseKey!);
    const [eveFirst, ...none] = await ofType('FIRST_KEY_USE', (a) => a.Principal === userArn('eve'));
    assert.deepEqual(none, []);
    assert.equal(eveFirst!.KeyId, known.firstUseKey);
  });
});
