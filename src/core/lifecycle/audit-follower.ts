// The audit follower: reads the audit log in order from its stored position and turns each batch of records into
// per-version usage counters and lifecycle events, written with the new position in one transaction (EventStore.apply).
// The audit log is durable before any response, so counters are exact — every successful use counted once, whichever
// process or node follows — and events cannot be lost or doubled. It runs as a scheduled job and, before answering,
// in every operation that reports counters or events, so they include every request answered before.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { eventTypeOf } from './event-rules.js';
import type { LifecycleEvent, UsageCounter } from './lifecycle-model.js';
import type { AuditBatch } from './lifecycle-store.js';
import type { ScheduledJob } from './scheduler.js';
import { usesOf } from './usage-operations.js';

const BATCH = 200;
/** Rounds a caller waits for at most (a follower on another node keeps winning: it is doing the same work). */
const MAX_ROUNDS = 10_000;

/** Follows the log to its current end; returns how many records this process applied. */
export async function followAudit(service: KmsService): Promise<number> {
  const events = service.store.lifecycle.events;
  let applied = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const from = await events.position();
    const records = await service.store.readAudit(from, BATCH);
    if (records.length === 0) return applied;
    if (await events.apply(toBatch(service, from, records))) applied += records.length;
    // SQLite answers synchronously, so without this a backlog of many batches would run as one long task and hold
    // every request behind it (p99 tails of ~50-100 ms under load): requests get the event loop between batches.
    await nextTurn();
  }
  return applied;
}

/** Best effort: a failure is retried on the next tick from the stored position; its work is not counted as lifecycle jobs. */
export const auditFollowerJob: ScheduledJob = {
  name: 'audit follower (usage counters, lifecycle events)',
  bestEffort: true,
  run: (service) => followAudit(service),
};

function toBatch(service: KmsService, from: number, records: readonly AuditRecord[]): AuditBatch {
  const usage = new Map<string, UsageCounter>();
  const events: LifecycleEvent[] = [];
  for (const r of records) {
    const details = parseDetails(r.details);
    for (const u of usesOf(r, details)) {
      const keyId = keyIdOf(u.keyArn);
      if (keyId === undefined) continue;
      const id = `${keyId}\n${u.version}\n${u.operation}`;
      const c = usage.get(id);
      if (c) {
        c.count++;
        c.bytes += u.bytes;
        c.lastUsedAt = Math.max(c.lastUsedAt, r.time);
      } else {
        usage.set(id, { keyId, version: u.version, operation: u.operation, count: 1, bytes: u.bytes, lastUsedAt: r.time });
      }
    }
    const type = eventTypeOf(r, details ?? {});
    if (type !== undefined) events.push(eventOf(service, r, type));
  }
  return { fromSeq: from, toSeq: records[records.length - 1]!.seq, usage: [...usage.values()], events };
}

function eventOf(service: KmsService, r: AuditRecord, type: string): LifecycleEvent {
  const deliver = service.lifecycle.delivers(type);
  return {
    seq: r.seq, time: r.time, type, keyArn: r.keyArn, keyVersion: r.keyVersion, principal: r.principal, requestId: r.requestId,
    auditHash: r.hash, details: r.details, delivery: deliver ? 'PENDING' : 'NONE', attempts: 0,
    nextAttemptAt: deliver ? r.time : undefined,
  };
}

function parseDetails(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The key id of a key ARN (`arn:aws:kms:<region>:<account>:key/<id>`), else undefined. */
function keyIdOf(arn: string): string | undefined {
  const i = arn.indexOf(':key/');
  return i < 0 ? undefined : arn.slice(i + 5);
}
