// Webhook delivery from the durable outbox (lifecycle events marked PENDING, core/lifecycle/lifecycle-store.ts): claim due
// events (a claim is a row lease, so one node delivers each event at a time), POST each as JSON with a Keyward-Signature
// header, mark it DELIVERED on a 2xx answer, else retry later with exponential back-off, and give up as FAILED after
// MAX_ATTEMPTS. At-least-once: a node that dies after the POST and before marking it leaves the claim to lapse, and the
// event is sent again; receivers deduplicate by Keyward-Event-Id. Retry times are on the service clock (deterministic
// under the dev test clock); claims and signature timestamps are real time.
import { eventEntry } from '../core/lifecycle/event-report.js';
import type { LifecycleEvent } from '../core/lifecycle/lifecycle-model.js';
import type { ScheduledJob } from '../core/lifecycle/scheduler.js';
import type { KmsService } from '../core/service.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';

export interface WebhookTarget {
  url: string;
  secret: string;
  /** This process's identity in delivery claims. */
  holder: string;
}

export const MAX_ATTEMPTS = 16;
const BASE_DELAY_MS = 10_000;
const MAX_DELAY_MS = 3_600_000;
const TIMEOUT_MS = 10_000;
const CLAIM_MS = 60_000;
const BATCH = 8;
/** A run stops claiming after this long, so one tick never holds claims past their lease. */
const RUN_BUDGET_MS = 30_000;

/** The delay before attempt `attempts + 1`, after `attempts` failed ones: 10 s, 20 s, 40 s, ... at most 1 hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** (attempts - 1), MAX_DELAY_MS);
}

/** The JSON body: the event as ListLifecycleEvents returns it, with Details as an object. */
export function webhookBody(e: LifecycleEvent): string {
  const entry = eventEntry(e);
  if (e.details !== undefined) entry.Details = JSON.parse(e.details) as unknown;
  return JSON.stringify(entry);
}

export function webhookDeliveryJob(target: WebhookTarget): ScheduledJob {
  return {
    name: 'webhook delivery',
    bestEffort: true,
    async run(service) {
      const started = Date.now();
      let delivered = 0;
      while (Date.now() - started < RUN_BUDGET_MS) {
        const realNow = Date.now();
        const claimed = await service.store.lifecycle.events.claim(service.now(), realNow, target.holder, realNow + CLAIM_MS, BATCH);
        if (claimed.length === 0) break;
        const results = await Promise.all(claimed.map((e) => deliver(service, target, e)));
        delivered += results.filter(Boolean).length;
      }
      return delivered;
    },
  };
}

async function deliver(service: KmsService, target: WebhookTarget, e: LifecycleEvent): Promise<boolean> {
  const body = webhookBody(e);
  const error = await post(target, e, body);
  const events = service.store.lifecycle.events;
  if (error === undefined) {
    await events.finish(e.seq, target.holder, { delivered: true, at: service.now() });
    return true;
  }
  const attempts = e.attempts + 1;
  const nextAttemptAt = attempts >= MAX_ATTEMPTS ? undefined : service.now() + retryDelayMs(attempts);
  await events.finish(e.seq, target.holder, { delivered: false, error, nextAttemptAt });
  return false;
}

/** POSTs one event; undefined on a 2xx answer, else what went wrong (no secret, no body in the text). */
async function post(target: WebhookTarget, e: LifecycleEvent, body: string): Promise<string | undefined> {
  try {
    const res = await fetch(target.url, {
      method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'Content-Type': 'application/json', 'User-Agent': 'Keyward-Webhooks/1', 'Keyward-Event-Id': String(e.seq),
        'Keyward-Event-Type': e.type, [SIGNATURE_HEADER]: signatureHeader(target.secret, Math.floor(Date.now() / 1000), body),
      },
    });
    await res.arrayBuffer().catch(() => undefined); // drain, so the connection is reused
    return res.status >= 200 && res.status < 300 ? undefined : `HTTP ${res.status}`;
  } catch (err) {
    return (err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : `request failed: ${(err as Error).message}`;
  }
}
