// The Store contract for multi-Region keys and Regions (docs/multi-region.md), run by store-contract.ts against every
// adapter: a replica stored as `<key id>/<Region>` with every version, the copies found together, all-or-nothing
// writes of several keys, listings of one Region, aliases unique per Region, rotations due only on primaries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../src/core/ports.js';
import { StoreConflictError } from '../../src/core/ports.js';
import { defined, makeKey, makeVersion, withStores, type ContractHarness } from './store-contract.js';

const T0 = 1_700_000_000_000;
const MRK = `mrk-${'ab'.repeat(16)}`;
const REPLICA = `${MRK}/eu-west-1`;
const alias = (name: string, region: string, target: string) =>
  ({ aliasName: name, accountId: '111122223333', region, targetKeyId: target, createdAt: T0, updatedAt: T0 });

/** A primary in us-east-1 with two versions and its replica in eu-west-1 with the same two. */
async function primaryAndReplica(s: Store): Promise<void> {
  await s.createKey(makeKey(MRK, { multiRegion: true, primaryRegion: 'us-east-1', currentVersion: 2 }), [makeVersion(MRK, 1), makeVersion(MRK, 2)], []);
  await s.createKey(makeKey(REPLICA, { region: 'eu-west-1', multiRegion: true, primaryRegion: 'us-east-1', currentVersion: 2 }),
    [makeVersion(REPLICA, 1), makeVersion(REPLICA, 2)], [{ TagKey: 'copy', TagValue: 'eu' }]);
}

export function multiRegionContract(h: () => ContractHarness): void {
  const one = (fn: (s: Store) => Promise<void>) => () => withStores(h(), 1, fn);
  const two = (fn: (a: Store, b: Store) => Promise<void>) => () => withStores(h(), 2, (a, b) => fn(a!, b!));

  describe('multi-Region keys and Regions', () => {
    it('a replica is stored under its own store id with every version; relatedKeys finds the copies in creation order', one(async (s) => {
      await primaryAndReplica(s);
      await s.createKey(makeKey('11111111-2222-4333-8444-555555555555'), makeVersion('11111111-2222-4333-8444-555555555555', 1), []);
      const replica = await s.getKey(REPLICA);
      assert.deepEqual(defined(replica), defined(makeKey(REPLICA, { region: 'eu-west-1', multiRegion: true, primaryRegion: 'us-east-1', currentVersion: 2 })));
      assert.deepEqual((await s.getKeyVersions(REPLICA)).map((v) => v.version), [1, 2]);
      assert.deepEqual(await s.getTags(REPLICA), [{ TagKey: 'copy', TagValue: 'eu' }]);
      assert.deepEqual((await s.relatedKeys(MRK, ['us-east-1', 'eu-west-1', 'ap-south-1'])).map((k) => k.keyId), [MRK, REPLICA]);
      assert.deepEqual((await s.relatedKeys(MRK, ['us-east-1'])).map((k) => k.keyId), [MRK]);
      assert.deepEqual(await s.relatedKeys(`mrk-${'cd'.repeat(16)}`, ['us-east-1', 'eu-west-1']), []);
      assert.equal((await s.getKey(MRK))!.primaryRegion, 'us-east-1');
    }));

    it('updateKeys writes every copy and its new version together, or nothing when one revision moved', two(async (a, b) => {
      await primaryAndReplica(a);
      const [p, r] = [(await a.getKey(MRK))!, (await a.getKey(REPLICA))!];
      const rotate = (k: typeof p, rev: number) => ({
        next: { ...k, currentVersion: 3, revision: rev + 1 }, expectedRevision: rev, version: makeVersion(k.keyId, 3),
      });
      assert.equal(await b.updateKey({ ...r, description: 'moved', revision: 2 }, 1), true); // the replica's revision moves on
      assert.equal(await a.updateKeys([rotate(p, 1), rotate(r, 1)]), false);
      assert.equal((await a.getKey(MRK))!.currentVersion, 2, 'the primary was not written either');
      assert.deepEqual((await a.getKeyVersions(MRK)).map((v) => v.version), [1, 2]);
      assert.equal(await a.updateKeys([rotate(p, 1), rotate({ ...r, description: 'moved' }, 2)]), true);
      assert.deepEqual((await b.getKeyVersions(MRK)).map((v) => v.version), [1, 2, 3]);
      assert.deepEqual((await b.getKeyVersions(REPLICA)).map((v) => v.version), [1, 2, 3]);
      assert.equal((await b.getKey(REPLICA))!.currentVersion, 3);
      assert.equal(await a.updateKeys([{ next: { ...p, primaryRegion: 'eu-west-1', revision: 3 }, expectedRevision: 2 }]), true);
      assert.equal((await b.getKey(MRK))!.primaryRegion, 'eu-west-1');
    }));

    it('listKeys lists one Region when asked, in creation order with paging', one(async (s) => {
      await primaryAndReplica(s);
      for (const n of [1, 2, 3]) {
        const id = `00000000-0000-4000-8000-00000000000${n}`;
        await s.createKey(makeKey(id, { region: n === 2 ? 'us-east-1' : 'eu-west-1' }), makeVersion(id, 1), []);
      }
      const eu = await s.listKeys(2, undefined, 'eu-west-1');
      assert.deepEqual(eu.items.map((k) => k.keyId), [REPLICA, '00000000-0000-4000-8000-000000000001']);
      const rest = await s.listKeys(2, eu.next, 'eu-west-1');
      assert.deepEqual(rest.items.map((k) => k.keyId), ['00000000-0000-4000-8000-000000000003']);
      assert.equal(rest.next, undefined);
      assert.deepEqual((await s.listKeys(10, undefined, 'us-east-1')).items.map((k) => k.keyId), [MRK, '00000000-0000-4000-8000-000000000002']);
      assert.equal((await s.listKeys(10)).items.length, 5);
    }));

    it('aliases are unique per Region: one name in two Regions, each found, moved, listed and deleted alone', one(async (s) => {
      await primaryAndReplica(s);
      await s.createAlias(alias('alias/app', 'us-east-1', MRK));
      await s.createAlias(alias('alias/app', 'eu-west-1', REPLICA));
      await assert.rejects(s.createAlias(alias('alias/app', 'eu-west-1', REPLICA)), StoreConflictError);
      assert.equal((await s.getAlias('alias/app', 'us-east-1'))!.targetKeyId, MRK);
      assert.equal((await s.getAlias('alias/app', 'eu-west-1'))!.targetKeyId, REPLICA);
      assert.equal(await s.getAlias('alias/app', 'ap-south-1'), undefined);
      await s.createAlias(alias('alias/eu-only', 'eu-west-1', REPLICA));
      assert.deepEqual((await s.listAliases(10, undefined, undefined, 'eu-west-1')).items.map((a) => a.aliasName), ['alias/app', 'alias/eu-only']);
      assert.deepEqual((await s.listAliases(10, undefined, undefined, 'us-east-1')).items.map((a) => a.aliasName), ['alias/app']);
      const firstPage = await s.listAliases(1, undefined, undefined, 'eu-west-1');
      assert.deepEqual((await s.listAliases(1, firstPage.next, undefined, 'eu-west-1')).items.map((a) => a.aliasName), ['alias/eu-only']);
      assert.equal(await s.updateAlias('alias/app', 'ap-south-1', MRK, T0 + 1), false);
      assert.equal(await s.deleteAlias('alias/app', 'eu-west-1'), true);
      assert.equal(await s.getAlias('alias/app', 'eu-west-1'), undefined);
      assert.equal((await s.getAlias('alias/app', 'us-east-1'))!.targetKeyId, MRK, 'the other Region keeps its alias');
    }));

    it('automatic rotations fall due on primaries only (the primary rotates every copy)', one(async (s) => {
      await primaryAndReplica(s);
      const due = { rotationPeriodDays: 365, nextRotationAt: T0 };
      for (const id of [MRK, REPLICA]) {
        const k = (await s.getKey(id))!;
        assert.equal(await s.updateKey({ ...k, ...due, revision: k.revision + 1 }, k.revision), true);
      }
      assert.deepEqual((await s.dueKeys(T0 + 1, 10)).map((k) => k.keyId), [MRK]);
      const p = (await s.getKey(MRK))!;
      const r = (await s.getKey(REPLICA))!;
      assert.equal(await s.updateKeys([
        { next: { ...p, primaryRegion: 'eu-west-1', revision: p.revision + 1 }, expectedRevision: p.revision },
        { next: { ...r, primaryRegion: 'eu-west-1', revision: r.revision + 1 }, expectedRevision: r.revision },
      ]), true);
      assert.deepEqual((await s.dueKeys(T0 + 1, 10)).map((k) => k.keyId), [REPLICA], 'after UpdatePrimaryRegion the new primary is due');
    }));
  });
}
