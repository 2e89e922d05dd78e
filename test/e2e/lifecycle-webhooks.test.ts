// Webhooks end to end: a real receiver (node:http) gets every lifecycle event exactly once, each with a Keyward-Signature
// that verifies under the documented scheme (HMAC-SHA256 of "<t>.<body>", docs/extension-api.md#webhooks), also when
// events were raised while the receiver was down and across a server restart (the durable outbox). Retries are due on
// the service clock, so the test advances the dev test clock instead of waiting. Issue 12.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, test } from 'node:test';
import { RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { KeywardClient } from '../../src/client/index.js';
import { keywardClient } from '../support/keyward.js';
import { advanceClock, kmsClient, newKeyIds } from '../support/lifecycle-helpers.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startWebhookReceiver, type Delivery, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'whsec-keyward-test-0123456789';
const HOUR = 3600;

let receiver: WebhookReceiver;
let port = 0;
const received: Delivery[] = []; // over every receiver instance
let server: TestServer;
let kms: KMSClient;
let kw: KeywardClient;

async function startServer(dataDir?: string): Promise<void> {
  server = await startTestServer({
    ...(dataDir ? { dataDir } : {}), args: ['--test-clock', '--webhook-url', receiver.url], env: { KEYWARD_WEBHOOK_SECRET: SECRET },
  });
  kms = kmsClient(server);
  kw = keywardClient(server);
}

async function startReceiver(): Promise<void> {
  receiver = await startWebhookReceiver(SECRET, port);
  port = Number(new URL(receiver.url).port);
}

async function stopReceiver(): Promise<void> {
  received.push(...receiver.deliveries);
  await receiver.close();
}

before(async () => {
  await startReceiver();
  await startServer();
});

after(async () => {
  kms?.destroy();
  await server?.stop(true);
  await receiver?.close();
});

/** The documented check, written out: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. */
function signatureVerifies(d: Delivery): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(d.signature ?? '');
  if (!m) return false;
  const expected = createHmac('sha256', SECRET).update(`${m[1]}.${d.text}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex')) && Math.abs(Date.now() / 1000 - Number(m[1])) <= 300;
}

/** Every lifecycle event of the installation (ListLifecycleEvents over all keys), by id. */
async function allEvents(): Promise<Map<string, { type: string; state: string }>> {
  const out = new Map<string, { type: string; state: string }>();
  let marker: string | undefined;
  do {
    const page = await kw.listLifecycleEvents({ Limit: 100, ...(marker ? { Marker: marker } : {}) });
    for (const e of page.Events) out.set(e.EventId, { type: e.EventType, state: e.DeliveryState });
    marker = page.NextMarker;
  } while (marker);
  return out;
}

/** Advances the clock past the retry back-off until the outbox is empty (bounded number of rounds, no timing). */
async function deliverAll(): Promise<Map<string, { type: string; state: string }>> {
  for (let round = 0; round < 20; round++) {
    await advanceClock(server.url, HOUR);
    const events = await allEvents();
    if ([...events.values()].every((e) => e.state === 'DELIVERED')) return events;
  }
  assert.fail(`undelivered events: ${JSON.stringify([...(await allEvents())])}`);
}

/** Each event id was accepted exactly once, with a valid signature, and the body names the same event. */
function assertExactlyOnce(events: Map<string, { type: string }>, deliveries: Delivery[]): void {
  const accepted = deliveries.filter((d) => d.status >= 200 && d.status < 300);
  const ids = accepted.map((d) => d.eventId);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'no event delivered twice');
  assert.deepEqual([...ids].sort(), [...events.keys()].sort(), 'every event delivered');
  for (const d of accepted) {
    assert.ok(signatureVerifies(d), `signature of event ${d.eventId}: ${d.signature}`);
    assert.equal(d.signatureValid, true, 'the package\'s verifySignatureHeader agrees');
    assert.equal(d.body.EventId, d.eventId);
    assert.equal(d.body.EventType, events.get(d.eventId)!.type);
    assert.equal(d.eventType, d.body.EventType);
  }
}

test('every lifecycle event once, signed, also while the receiver was down and across a restart', async () => {
  // Phase 1: receiver up.
  const { keyId } = await newKeyIds(kms);
  await kw.archiveKey({ KeyId: keyId, Reason: 'retired' });
  await kw.reactivateKey({ KeyId: keyId, DurationInSeconds: 600, Reason: 'audit', Mode: 'DECRYPT_ONLY' });
  await kw.closeReactivationWindow({ KeyId: keyId });
  let events = await deliverAll();
  assert.ok([...events.values()].some((e) => e.type === 'ReactivationWindowClosed'));
  assertExactlyOnce(events, receiver.deliveries);
  const phase1 = events.size;

  // Phase 2: the receiver goes down; events raised now fail to deliver (and are retried later).
  await stopReceiver();
  const other = (await newKeyIds(kms)).keyId;
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: other }));
  await kw.setKeyCryptoperiod({ KeyId: other, OriginatorUsageDays: 90, RecipientUsageDays: 180 });
  await advanceClock(server.url, 0); // a delivery attempt, refused by the closed port
  const failed = [...(await allEvents()).values()].filter((e) => e.state !== 'DELIVERED');
  assert.equal(failed.length, 2, JSON.stringify(failed));
  // Raised just before the restart, not yet attempted.
  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: other, PendingWindowInDays: 7 }));

  // Phase 3: the server restarts on the same data; the receiver is back on the same port.
  const dataDir = server.dataDir;
  kms.destroy();
  await server.stop();
  await startReceiver();
  await startServer(dataDir);
  events = await deliverAll();
  assert.equal(events.size, phase1 + 3, JSON.stringify([...events]));
  for (const t of ['KeyRotated', 'CryptoperiodSet', 'KeyDeletionScheduled']) assert.ok([...events.values()].some((e) => e.type === t), t);
  received.push(...receiver.deliveries);
  assertExactlyOnce(events, received);
});
