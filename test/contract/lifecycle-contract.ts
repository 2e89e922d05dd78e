// The Store contract for Store.lifecycle (core/lifecycle/lifecycle-store.ts), run by store-contract.ts against every
// adapter: key and version lifecycle changes under the key's revision, due-work queries, AES-GCM reservations that
// never pass their limit across two instances, the audit follower's exactly-once batches, events and delivery claims.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyLifecycle, LifecycleEvent, VersionLifecycle } from '../../src/core/lifecycle/lifecycle-model.js';
import type { Store } from '../../src/core/ports.js';
import { defined, makeKey, makeVersion, withStores, type ContractHarness } from './store-contract.js';

const T0 = 1_700_000_000_000;
const ARN = (id: string) => `arn:aws:kms:us-east-1:111122223333:key/${id}`;

function lifecycle(keyId: string, over: Partial<KeyLifecycle> = {}): KeyLifecycle {
  return { keyId, plannedRevision: 2, ...over };
}

function versionState(keyId: string, version: number, over: Partial<VersionLifecycle> = {}): VersionLifecycle {
  return { keyId, version, state: 'DISABLED', stateChangedAt: T0 + 5, milestones: 0, ...over };
}

function event(seq: number, over: Partial<LifecycleEvent> = {}): LifecycleEvent {
  return {
    seq, time: T0 + seq, type: 'KeyArchived', keyArn: ARN('k1'), principal: 'arn:aws:iam::111122223333:user/a', requestId: `r${seq}`,
    auditHash: 'ab'.repeat(32), details: '{"reason":"x"}', delivery: 'PENDING', attempts: 0, nextAttemptAt: T0, ...over,
  };
}

async function keyWithVersions(s: Store, keyId: string, versions = 2): Promise<void> {
  await s.createKey(makeKey(keyId, { currentVersion: 1 }), makeVersion(keyId, 1), []);
  for (let v = 2; v <= versions; v++) {
    await s.addKeyVersion(makeKey(keyId, { currentVersion: v, revision: v }), v - 1, makeVersion(keyId, v));
  }
}

export function lifecycleContract(h: () => ContractHarness): void {
  const one = (fn: (s: Store) => Promise<void>) => () => withStores(h(), 1, fn);
  const two = (fn: (a: Store, b: Store) => Promise<void>) => () => withStores(h(), 2, (a, b) => fn(a!, b!));

  describe('lifecycle: key and version records', () => {
    it('a change writes the key, its lifecycle and version records in one revision step; a stale revision writes nothing', one(async (s) => {
      await keyWithVersions(s, 'k1');
      assert.deepEqual(await s.lifecycle.keys.read('k1'), { key: undefined, versions: [] });
      const archived = lifecycle('k1', {
        minimumDecryptionVersion: 2, archive: { at: T0, reason: 'superseded', removedAliases: ['alias/a'] },
        window: { openedAt: T0 + 1, until: T0 + 7200_000, mode: 'DECRYPT_ONLY', reason: 'audit' },
        cryptoperiod: { originatorDays: 90, recipientDays: 180, setAt: T0 + 2 }, nextDueAt: T0 + 7200_000, plannedRevision: 3,
      });
      const v1 = versionState('k1', 1, { state: 'PENDING_DESTRUCTION', destructionDate: T0 + 86_400_000, pendingWindowDays: 7, milestones: 3 });
      assert.equal(await s.lifecycle.keys.change(makeKey('k1', { currentVersion: 2, revision: 3, state: 'Disabled' }), 1, { key: archived }), false);
      assert.equal(await s.lifecycle.keys.change(makeKey('k1', { currentVersion: 2, revision: 3, state: 'Disabled' }), 2,
        { key: archived, versions: [v1] }), true);
      assert.equal((await s.getKey('k1'))!.state, 'Disabled');
      const read = await s.lifecycle.keys.read('k1');
      assert.deepEqual(read.key, archived);
      assert.deepEqual(read.versions, [{ ...v1, destroyedAt: undefined }]);
      await s.lifecycle.keys.change(makeKey('k1', { currentVersion: 2, revision: 4 }), 3, { key: null });
      assert.equal((await s.lifecycle.keys.read('k1')).key, undefined);
    }));

    it('shredded versions keep their row without material; removed aliases are gone; deleting the key removes its records', one(async (s) => {
      await keyWithVersions(s, 'k1');
      await s.createAlias({ aliasName: 'alias/a', accountId: '111122223333', region: 'us-east-1', targetKeyId: 'k1', createdAt: T0, updatedAt: T0 });
      await s.createAlias({ aliasName: 'alias/b', accountId: '111122223333', region: 'us-east-1', targetKeyId: 'k1', createdAt: T0, updatedAt: T0 });
      assert.ok(await s.lifecycle.keys.change(makeKey('k1', { currentVersion: 2, revision: 3 }), 2, {
        versions: [versionState('k1', 1, { state: 'DESTROYED', destroyedAt: T0 + 9 })], shredVersions: [1], removeAliases: ['alias/a'],
      }));
      const versions = await s.getKeyVersions('k1');
      assert.deepEqual(versions.map((v) => [v.version, v.sealedMaterial.length]), [[1, 0], [2, makeVersion('k1', 2).sealedMaterial.length]]);
      assert.equal(versions[0]!.materialId, makeVersion('k1', 1).materialId, 'the version row keeps its metadata');
      assert.deepEqual((await s.listAliases(10, undefined, 'k1')).items.map((a) => a.aliasName), ['alias/b']);
      await s.lifecycle.usage.reserve('k1', 2, 5, 100);
      assert.ok(await s.deleteKey('k1', 3));
      assert.deepEqual(await s.lifecycle.keys.read('k1'), { key: undefined, versions: [] });
      assert.deepEqual(await s.lifecycle.usage.reservations('k1'), []);
    }));

    it('due keys: by next due time, and cryptoperiod keys whose plan predates their revision; replan is a compare-and-set', one(async (s) => {
      await keyWithVersions(s, 'due', 1);
      await keyWithVersions(s, 'later', 1);
      await keyWithVersions(s, 'rotated', 1);
      const cp = { originatorDays: 90, recipientDays: 180, setAt: T0 };
      await s.lifecycle.keys.change(makeKey('due', { revision: 2 }), 1, { key: lifecycle('due', { nextDueAt: T0 + 10 }) });
      await s.lifecycle.keys.change(makeKey('later', { revision: 2 }), 1, { key: lifecycle('later', { nextDueAt: T0 + 99, cryptoperiod: cp }) });
      await s.lifecycle.keys.change(makeKey('rotated', { revision: 2 }), 1, { key: lifecycle('rotated', { nextDueAt: T0 + 99, cryptoperiod: cp }) });
      assert.deepEqual((await s.lifecycle.keys.dueKeys(T0 + 10, 10)).sort(), ['due']);
      // A rotation (not a lifecycle change) moves the revision past the plan.
      await s.addKeyVersion(makeKey('rotated', { currentVersion: 2, revision: 3 }), 2, makeVersion('rotated', 2));
      assert.deepEqual((await s.lifecycle.keys.dueKeys(T0 + 10, 10)).sort(), ['due', 'rotated']);
      assert.equal(await s.lifecycle.keys.replan('rotated', 1, T0 + 50, 3), false, 'stale plan');
      assert.equal(await s.lifecycle.keys.replan('rotated', 2, T0 + 50, 3), true);
      assert.deepEqual((await s.lifecycle.keys.dueKeys(T0 + 10, 10)).sort(), ['due']);
      assert.deepEqual((await s.lifecycle.keys.dueKeys(T0 + 50, 10)).sort(), ['due', 'rotated']);
    }));

    it('rotation notices: keys due within the horizon, each rotation noticed once', one(async (s) => {
      await s.createKey(makeKey('r1', { rotationPeriodDays: 90, nextRotationAt: T0 + 100 }), makeVersion('r1', 1), []);
      await s.createKey(makeKey('r2', { rotationPeriodDays: 90, nextRotationAt: T0 + 900 }), makeVersion('r2', 1), []);
      await s.createKey(makeKey('off', { state: 'Disabled', rotationPeriodDays: 90, nextRotationAt: T0 + 100 }), makeVersion('off', 1), []);
      assert.deepEqual((await s.lifecycle.keys.dueRotationNotices(T0 + 500, 10)).map((k) => k.keyId), ['r1']);
      assert.equal(await s.lifecycle.keys.markRotationNotice('r1', T0 + 100), true);
      assert.equal(await s.lifecycle.keys.markRotationNotice('r1', T0 + 100), false, 'once');
      assert.deepEqual(await s.lifecycle.keys.dueRotationNotices(T0 + 500, 10), []);
      await s.updateKey(makeKey('r1', { rotationPeriodDays: 90, nextRotationAt: T0 + 200, revision: 2 }), 1);
      assert.deepEqual((await s.lifecycle.keys.dueRotationNotices(T0 + 500, 10)).map((k) => k.keyId), ['r1'], 'the next rotation is noticed anew');
      assert.equal(await s.lifecycle.keys.markRotationNotice('gone', T0), false, 'no record for a key that does not exist');
    }));
  });

  describe('lifecycle: AES-GCM invocation reservations', () => {
    it('grants up to the limit, then nothing; unknown keys get no reservation; flags are set once', one(async (s) => {
      await keyWithVersions(s, 'k1', 1);
      assert.deepEqual(await s.lifecycle.usage.reserve('k1', 1, 4, 10), { before: 0, after: 4 });
      assert.deepEqual(await s.lifecycle.usage.reserve('k1', 1, 4, 10), { before: 4, after: 8 });
      assert.deepEqual(await s.lifecycle.usage.reserve('k1', 1, 4, 10), { before: 8, after: 10 });
      assert.deepEqual(await s.lifecycle.usage.reserve('k1', 1, 4, 10), { before: 10, after: 10 });
      assert.equal(await s.lifecycle.usage.reserve('absent', 1, 4, 10), undefined);
      await s.lifecycle.usage.release('k1', 1, 3);
      assert.deepEqual(await s.lifecycle.usage.reserve('k1', 1, 1, 10), { before: 7, after: 8 });
      assert.deepEqual((await s.lifecycle.usage.unmarked('warned', 5, 10)).map((r) => [r.keyId, r.reserved]), [['k1', 8]]);
      assert.equal(await s.lifecycle.usage.mark('k1', 1, 'warned', T0), true);
      assert.equal(await s.lifecycle.usage.mark('k1', 1, 'warned', T0 + 1), false);
      assert.deepEqual(await s.lifecycle.usage.unmarked('warned', 5, 10), []);
      assert.deepEqual((await s.lifecycle.usage.reservations('k1')).map((r) => [r.version, r.reserved, r.warnedAt, r.exhaustedAt]),
        [[1, 8, T0, undefined]]);
    }));

    it('two instances reserving at once never grant more than the limit in total', two(async (a, b) => {
      await keyWithVersions(a, 'k1', 1);
      const grants = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).lifecycle.usage.reserve('k1', 1, 3, 100)));
      const granted = grants.reduce((n, g) => n + g!.after - g!.before, 0);
      assert.equal(granted, 100);
      assert.equal((await b.lifecycle.usage.reservations('k1'))[0]!.reserved, 100);
    }));
  });

  describe('lifecycle: audit follower batches, events and deliveries', () => {
    const counter = (keyId: string, version: number, operation: string, count: number, bytes: number, lastUsedAt: number) =>
      ({ keyId, version, operation, count, bytes, lastUsedAt });

    it('a batch applies once, from the position it was made at; counters add up; deleted keys are skipped', two(async (a, b) => {
      await keyWithVersions(a, 'k1', 1);
      const start = await a.lifecycle.events.position();
      const batch = (from: number, to: number, keyId = 'k1') => ({
        fromSeq: from, toSeq: to, usage: [counter(keyId, 1, 'Encrypt', 2, 64, T0 + to)], events: [event(to)],
      });
      const raced = await Promise.all([a.lifecycle.events.apply(batch(start, start + 5)), b.lifecycle.events.apply(batch(start, start + 5))]);
      assert.deepEqual(raced.sort(), [false, true]);
      assert.equal(await b.lifecycle.events.apply(batch(start, start + 9)), false, 'stale position');
      assert.equal(await b.lifecycle.events.apply({ ...batch(start + 5, start + 9), usage: [counter('k1', 1, 'Encrypt', 3, 10, T0 + 1), counter('gone', 1, 'Decrypt', 1, 1, T0)] }), true);
      assert.equal(await a.lifecycle.events.position(), start + 9);
      assert.deepEqual(await a.lifecycle.usage.counters('k1'), [counter('k1', 1, 'Encrypt', 5, 74, T0 + start + 5)]);
      assert.deepEqual((await a.lifecycle.events.list({}, 10)).items.map((e) => e.seq), [start + 5, start + 9]);
    }));

    it('events list by key and type, in seq order, paged; they outlive their key', one(async (s) => {
      await keyWithVersions(s, 'k1', 1);
      const from = await s.lifecycle.events.position();
      const events = [event(from + 1), event(from + 2, { type: 'KeyVersionDisabled', keyVersion: 1 }), event(from + 3, { keyArn: ARN('k2') }),
        event(from + 4, { keyArn: undefined, details: undefined, delivery: 'NONE', nextAttemptAt: undefined })];
      assert.ok(await s.lifecycle.events.apply({ fromSeq: from, toSeq: from + 4, usage: [], events }));
      const all = await s.lifecycle.events.list({}, 3);
      assert.deepEqual(all.items.map(defined), events.slice(0, 3).map(defined));
      assert.deepEqual((await s.lifecycle.events.list({}, 3, all.next)).items.map((e) => e.seq), [from + 4]);
      assert.deepEqual((await s.lifecycle.events.list({ keyArn: ARN('k1') }, 10)).items.map((e) => e.seq), [from + 1, from + 2]);
      assert.deepEqual((await s.lifecycle.events.list({ types: ['KeyVersionDisabled'] }, 10)).items.map((e) => e.seq), [from + 2]);
      assert.ok(await s.deleteKey('k1', 1));
      assert.equal((await s.lifecycle.events.list({ keyArn: ARN('k1') }, 10)).items.length, 2);
    }));

    it('deliveries: one live claim per event across instances, retries when due, delivered or failed for good', two(async (a, b) => {
      const from = await a.lifecycle.events.position();
      const events = Array.from({ length: 6 }, (_, i) => event(from + i + 1, { nextAttemptAt: T0 }));
      assert.ok(await a.lifecycle.events.apply({ fromSeq: from, toSeq: from + 6, usage: [], events }));
      const [ca, cb] = await Promise.all([a.lifecycle.events.claim(T0, T0, 'node-a', T0 + 60_000, 4), b.lifecycle.events.claim(T0, T0, 'node-b', T0 + 60_000, 4)]);
      const claimed = [...ca, ...cb].map((e) => e.seq).sort();
      assert.deepEqual(claimed, events.map((e) => e.seq), 'every event claimed exactly once');
      assert.deepEqual(await a.lifecycle.events.claim(T0, T0 + 1000, 'node-c', T0 + 60_000, 10), [], 'live claims are respected');
      const [first, second, third] = [...ca, ...cb].sort((x, y) => x.seq - y.seq);
      const holder = (e: LifecycleEvent) => (ca.includes(e) ? 'node-a' : 'node-b');
      assert.equal(await a.lifecycle.events.finish(first!.seq, 'node-z', { delivered: true, at: T0 + 1 }), false, 'not the holder');
      assert.ok(await a.lifecycle.events.finish(first!.seq, holder(first!), { delivered: true, at: T0 + 1 }));
      assert.ok(await a.lifecycle.events.finish(second!.seq, holder(second!), { delivered: false, error: 'HTTP 500', nextAttemptAt: T0 + 10_000 }));
      assert.ok(await a.lifecycle.events.finish(third!.seq, holder(third!), { delivered: false, error: 'HTTP 410' }));
      // Claims lapse: at T0 + 120 s every unfinished event is claimable again, the retried one only once it is due.
      const later = await b.lifecycle.events.claim(T0 + 9_999, T0 + 120_000, 'node-b', T0 + 180_000, 10);
      assert.deepEqual(later.map((e) => e.seq), events.slice(3).map((e) => e.seq));
      const retry = await b.lifecycle.events.claim(T0 + 10_000, T0 + 120_000, 'node-b', T0 + 180_000, 10);
      assert.deepEqual(retry.map((e) => [e.seq, e.attempts, e.lastError]), [[second!.seq, 1, 'HTTP 500']]);
      const list = (await a.lifecycle.events.list({}, 10)).items;
      assert.deepEqual(list.slice(0, 3).map((e) => [e.delivery, e.attempts, e.deliveredAt]),
        [['DELIVERED', 1, T0 + 1], ['PENDING', 1, undefined], ['FAILED', 1, undefined]]);
    }));
  });
}
