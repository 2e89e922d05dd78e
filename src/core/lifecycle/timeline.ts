// A key's timeline for DescribeKeyLifecycle: what happened (creation, rotations, and the lifecycle events derived from
// the audit log) and what is planned (rotation, window end, version destructions, cryptoperiod transitions, deletion).
import { epochSeconds } from '../keys/key-metadata.js';
import type { KmsService } from '../service.js';
import { periodEnds } from './cryptoperiod.js';
import type { LifecycleView } from './lifecycle-mutation.js';

/** At most this many past events are listed (the newest are kept). */
export const TIMELINE_EVENTS = 1000;

interface Entry { at: number; event: string; version?: number | undefined; principal?: string | undefined; planned: boolean }

export async function timeline(service: KmsService, arn: string, v: LifecycleView): Promise<Record<string, unknown>[]> {
  const entries: Entry[] = [{ at: v.key.createdAt, event: 'KeyCreated', version: v.versions[0]?.version, planned: false }];
  for (const row of v.versions) {
    if (row.rotationType) entries.push({ at: row.createdAt, event: `KeyRotated (${row.rotationType})`, version: row.version, planned: false });
  }
  for (const e of await keyEvents(service, arn)) {
    if (e.type !== 'KeyRotated') entries.push({ at: e.time, event: e.type, version: e.keyVersion, principal: e.principal, planned: false });
  }
  entries.push(...planned(service, v));
  entries.sort((a, b) => a.at - b.at);
  return entries.map((e) => ({
    Date: epochSeconds(e.at), Event: e.event, ...(e.version !== undefined ? { KeyVersion: e.version } : {}),
    ...(e.principal !== undefined ? { Principal: e.principal } : {}), Planned: e.planned,
  }));
}

async function keyEvents(service: KmsService, arn: string) {
  const out = [];
  for (let after: string | undefined; ;) {
    const page = await service.store.lifecycle.events.list({ keyArn: arn }, 500, after);
    out.push(...page.items);
    if (page.next === undefined) return out.slice(-TIMELINE_EVENTS);
    after = page.next;
  }
}

function planned(service: KmsService, v: LifecycleView): Entry[] {
  const now = service.now();
  const out: Entry[] = [];
  const add = (at: number | undefined, event: string, version?: number) => {
    if (at !== undefined && at > now) out.push({ at, event, version, planned: true });
  };
  if (v.key.state === 'Enabled' && v.key.rotationPeriodDays !== undefined) add(v.key.nextRotationAt, 'KeyRotated (AUTOMATIC)');
  if (v.key.state === 'PendingDeletion') add(v.key.deletionDate, 'KeyDeleted');
  add(v.lifecycle.window?.until, 'ReactivationWindowClosed');
  for (const s of v.states.values()) if (s.state === 'PENDING_DESTRUCTION') add(s.destructionDate, 'KeyVersionDestroyed', s.version);
  const cp = v.lifecycle.cryptoperiod;
  for (const row of cp ? v.versions : []) {
    const state = v.states.get(row.version)?.state;
    if (state === 'DESTROYED' || state === 'PENDING_DESTRUCTION') continue;
    const ends = periodEnds(cp!, row.createdAt);
    if (row.version === v.key.currentVersion) add(ends.originatorEnd, 'OriginatorUsagePeriodEnded', row.version);
    add(ends.recipientEnd, 'RecipientUsagePeriodEnded', row.version);
  }
  return out;
}
