// What ListKeyVersions and DescribeKeyVersion say about a version: its reported state, cryptoperiod ends, usage counted
// from the audit log (audit-follower.ts), its AES-GCM reservations and last use.
import { epochSeconds } from '../keys/key-metadata.js';
import { keyArn } from '../keys/arn.js';
import type { ScanFinding } from '../destruction/destruction-store.js';
import { scanTotals } from '../destruction/scan-totals.js';
import type { KeyVersionRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { periodEnds } from './cryptoperiod.js';
import type { LifecycleView } from './lifecycle-mutation.js';
import type { ReportedVersionState, Reservation, UsageCounter } from './lifecycle-model.js';
import { PRODUCING, DECRYPTING, REENCRYPTED_AWAY } from './usage-operations.js';

/** The state a version reports: its administrative state, or for an enabled version its cryptoperiod phase. */
export function reportedState(view: LifecycleView, row: KeyVersionRecord, now: number): ReportedVersionState {
  const state = view.states.get(row.version)?.state ?? 'ENABLED';
  const cp = view.lifecycle.cryptoperiod;
  if (state !== 'ENABLED' || cp === undefined) return state;
  const ends = periodEnds(cp, row.createdAt);
  if (ends.recipientEnd <= now) return 'ARCHIVED';
  return ends.originatorEnd <= now ? 'DECRYPT_ONLY' : 'ENABLED';
}

export interface UsageFacts {
  counters: readonly UsageCounter[];
  reservations: readonly Reservation[];
  trackingStart: number;
  /** The latest scan reports' lines about the key (core/destruction). */
  scans: readonly ScanFinding[];
}

/** `arn`: the key's ARN (its own Region), which scan reports name it by. */
export async function usageFacts(service: KmsService, keyId: string, arn = keyArn(service.scope, keyId)): Promise<UsageFacts> {
  const [counters, reservations, start, scans] = await Promise.all([
    service.store.lifecycle.usage.counters(keyId), service.store.lifecycle.usage.reservations(keyId),
    service.store.getMeta('usage_tracking_start_ms'), service.store.destruction.scanFindings(arn),
  ]);
  return { counters, reservations, trackingStart: Number(start ?? 0), scans };
}

/** One KeyVersionEntry (core/operations/keyward/extension-shapes.ts). */
export function versionEntry(service: KmsService, arn: string, view: LifecycleView, row: KeyVersionRecord, usage: UsageFacts): Record<string, unknown> {
  const now = service.now();
  const s = view.states.get(row.version);
  const cp = view.lifecycle.cryptoperiod;
  const ends = cp && periodEnds(cp, row.createdAt);
  const counters = usage.counters.filter((c) => c.version === row.version);
  const sum = (ops: ReadonlySet<string>, f: (c: UsageCounter) => number) => counters.filter((c) => ops.has(c.operation)).reduce((n, c) => n + f(c), 0);
  const shown = counters.filter((c) => c.operation !== REENCRYPTED_AWAY);
  const last = shown.reduce<UsageCounter | undefined>((a, c) => (a === undefined || c.lastUsedAt > a.lastUsedAt ? c : a), undefined);
  const reservation = usage.reservations.find((r) => r.version === row.version);
  const symmetric = view.key.keySpec === 'SYMMETRIC_DEFAULT';
  const min = view.lifecycle.minimumDecryptionVersion;
  return {
    KeyId: arn, KeyVersion: row.version, KeyMaterialId: row.materialId, CreationDate: epochSeconds(row.createdAt),
    KeyVersionState: reportedState(view, row, now), Origin: view.key.origin,
    ...(row.rotationType ? { RotationType: row.rotationType } : {}),
    Current: row.version === view.key.currentVersion,
    ...(s ? { StateChangedDate: epochSeconds(s.stateChangedAt) } : {}),
    ...(s?.destructionDate !== undefined ? { DestructionDate: epochSeconds(s.destructionDate), PendingWindowInDays: s.pendingWindowDays } : {}),
    ...(s?.destroyedAt !== undefined ? { DestroyedDate: epochSeconds(s.destroyedAt) } : {}),
    ...(ends ? { OriginatorUsageEndDate: epochSeconds(ends.originatorEnd), RecipientUsageEndDate: epochSeconds(ends.recipientEnd) } : {}),
    BelowMinimumDecryptionVersion: min !== undefined && row.version < min,
    OperationCounts: shown.map((c) => ({ Operation: c.operation, Count: c.count, Bytes: c.bytes, LastUsedDate: epochSeconds(c.lastUsedAt) })),
    BytesEncrypted: sum(PRODUCING, (c) => c.bytes),
    BytesDecrypted: sum(DECRYPTING, (c) => c.bytes),
    CiphertextsProduced: sum(PRODUCING, (c) => c.count),
    CiphertextsReEncryptedAway: sum(new Set([REENCRYPTED_AWAY]), (c) => c.count),
    ...(last ? { LastUsedDate: epochSeconds(last.lastUsedAt), LastUsedOperation: last.operation } : {}),
    ...(symmetric ? { InvocationsReserved: reservation?.reserved ?? 0, InvocationLimit: service.lifecycle.gcmInvocationLimit } : {}),
    UsageTrackingStartDate: epochSeconds(Math.max(row.createdAt, usage.trackingStart)),
    ...scanFound(usage.scans, row.version),
  };
}

function scanFound(scans: readonly ScanFinding[], version: number): Record<string, unknown> {
  const t = scanTotals(scans, version);
  if (t.lastReportDate === undefined) return {};
  return { ScanFound: { Count: t.count, Bytes: t.bytes, Scopes: t.scopes, LastReportDate: epochSeconds(t.lastReportDate) } };
}
