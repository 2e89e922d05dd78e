// The IdentityStore contract (src/identity/ports.ts), run against both stores by the Store contract suite: entities
// with case-insensitive names, delete conflicts, memberships, inline policies, attachments with quotas, policy versions
// that are never renumbered, access keys with quotas, last use, and the snapshot every node loads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreConflictError } from '../../src/core/ports.js';
import type { Entity, EntityKind } from '../../src/identity/model.js';
import type { IdentityStore } from '../../src/identity/ports.js';

const T0 = 1_700_000_000_000;
const ACCT = '111122223333';
let n = 0;

export function entity<K extends EntityKind>(kind: K, name: string, data: Entity<K>['data'], path = '/'): Entity<K> {
  const type = kind === 'policy' ? 'policy' : kind;
  return { kind, name, id: `${kind.toUpperCase().slice(0, 4)}${String(++n).padStart(16, '0')}`, path, arn: `arn:aws:iam::${ACCT}:${type}${path}${name}`, createdAt: T0, data } as Entity<K>;
}

/** The inline quota as IAM counts it: characters without whitespace. */
const Q = (maxChars: number) => ({ maxChars, size: (d: string) => d.replace(/\s+/g, '').length });

const key = (id: string, userName: string) => ({ accessKeyId: id, userName, status: 'Active' as const, createdAt: T0, sealedSecret: Buffer.from([1, 2, 3, 0, 255]) });

export function identityContract(withIdentity: (fn: (s: IdentityStore) => Promise<void>) => () => Promise<void>): void {
  describe('identity', () => {
    it('entities: names unique per kind case-insensitively, found in any case, listed by name under a path', withIdentity(async (s) => {
      await s.createEntity(entity('user', 'Alice', { tags: [{ Key: 'team', Value: 'billing' }] }, '/staff/'));
      await s.createEntity(entity('user', 'bob', { tags: [] }));
      await s.createEntity(entity('group', 'alice', {})); // another kind may share the name
      await assert.rejects(s.createEntity(entity('user', 'ALICE', { tags: [] })), StoreConflictError);
      const alice = await s.getEntity('user', 'aLiCe');
      assert.equal(alice?.name, 'Alice');
      assert.deepEqual(alice?.data, { tags: [{ Key: 'team', Value: 'billing' }] });
      assert.equal(alice?.arn, `arn:aws:iam::${ACCT}:user/staff/Alice`);
      const all = await s.listEntities('user', { limit: 1 });
      assert.deepEqual(all.items.map((u) => u.name), ['Alice']);
      const rest = await s.listEntities('user', { limit: 1, after: all.next });
      assert.deepEqual([rest.items.map((u) => u.name), rest.next], [['bob'], undefined]);
      assert.deepEqual((await s.listEntities('user', { limit: 10, pathPrefix: '/staff/' })).items.map((u) => u.name), ['Alice']);
      assert.equal(await s.updateEntityData('user', 'ALICE', { tags: [] }), true);
      assert.deepEqual((await s.getEntity('user', 'alice'))?.data, { tags: [] });
      assert.equal(await s.updateEntityData('user', 'nobody', { tags: [] }), false);
    }));

    it('a user with keys, policies, attachments or groups cannot be deleted until they are gone', withIdentity(async (s) => {
      await s.createEntity(entity('user', 'carol', { tags: [] }));
      await s.createEntity(entity('group', 'ops', {}));
      assert.equal(await s.createAccessKey(key('AKIACONTRACT00000001', 'carol'), 2), 'created');
      assert.equal(await s.deleteEntity('user', 'carol'), 'access-keys');
      assert.equal(await s.deleteAccessKey('carol', 'AKIACONTRACT00000001'), true);
      assert.equal(await s.putInlinePolicy({ ownerKind: 'user', ownerName: 'carol', policyName: 'p', document: '{}' }, Q(100)), 'stored');
      assert.equal(await s.deleteEntity('user', 'carol'), 'inline-policies');
      assert.equal(await s.deleteInlinePolicy('user', 'carol', 'P'), true);
      assert.equal(await s.attach({ ownerKind: 'user', ownerName: 'carol', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, 20), 'attached');
      assert.equal(await s.deleteEntity('user', 'carol'), 'attachments');
      assert.equal(await s.detach({ ownerKind: 'user', ownerName: 'carol', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }), true);
      assert.equal(await s.addMember('ops', 'CAROL', 10), 'added');
      assert.equal(await s.deleteEntity('user', 'carol'), 'groups');
      assert.equal(await s.deleteEntity('group', 'ops'), 'group-members');
      assert.equal(await s.removeMember('ops', 'carol'), true);
      assert.equal(await s.removeMember('ops', 'carol'), false);
      assert.equal(await s.deleteEntity('user', 'carol'), 'deleted');
      assert.equal(await s.deleteEntity('user', 'carol'), 'missing');
      assert.equal(await s.deleteEntity('group', 'ops'), 'deleted');
    }));

    it('memberships, inline policies and attachments list by name; quotas hold', withIdentity(async (s) => {
      await s.createEntity(entity('user', 'dave', { tags: [] }));
      for (const g of ['b', 'a', 'c']) {
        await s.createEntity(entity('group', g, {}));
        assert.equal(await s.addMember(g, 'dave', 3), 'added');
      }
      assert.equal(await s.addMember('a', 'dave', 3), 'added', 'twice changes nothing, even at the quota');
      await s.createEntity(entity('group', 'd', {}));
      assert.equal(await s.addMember('d', 'dave', 3), 'limit', 'a fourth group is over a quota of 3');
      assert.equal(await s.addMember('nope', 'dave', 3), 'missing-group');
      assert.equal(await s.addMember('a', 'nope', 3), 'missing-user');
      assert.deepEqual((await s.groupsOf('dave', { limit: 10 })).items.map((g) => g.name), ['a', 'b', 'c']);
      assert.deepEqual((await s.groupMembers('a', { limit: 10 })).items.map((u) => u.name), ['dave']);
      // 7 (replaced by 7) + 2 characters against a quota of 10: a replaced policy's old size does not count.
      assert.equal(await s.putInlinePolicy({ ownerKind: 'user', ownerName: 'dave', policyName: 'Zeta', document: '{"v":1}' }, Q(10)), 'stored');
      assert.equal(await s.putInlinePolicy({ ownerKind: 'user', ownerName: 'dave', policyName: 'zeta', document: '{ "v": 2 }' }, Q(10)), 'stored'); // replaces
      assert.equal(await s.putInlinePolicy({ ownerKind: 'user', ownerName: 'dave', policyName: 'alpha', document: '{}' }, Q(10)), 'stored');
      assert.equal(await s.putInlinePolicy({ ownerKind: 'user', ownerName: 'dave', policyName: 'beta', document: '{}' }, Q(10)), 'limit');
      assert.equal(await s.putInlinePolicy({ ownerKind: 'user', ownerName: 'dave', policyName: 'ALPHA', document: '{"x":1}' }, Q(10)), 'limit');
      assert.deepEqual((await s.listInlinePolicies('user', 'dave', { limit: 10 })).items, ['alpha', 'zeta']);
      assert.equal((await s.getInlinePolicy('user', 'DAVE', 'ZETA'))?.document, '{ "v": 2 }');
      assert.equal((await s.getInlinePolicy('user', 'dave', 'alpha'))?.document, '{}', 'a refused replacement leaves the old one');
      assert.equal(await s.putInlinePolicy({ ownerKind: 'role', ownerName: 'nope', policyName: 'x', document: '{}' }, Q(100)), 'missing');
      assert.equal(await s.attach({ ownerKind: 'user', ownerName: 'dave', policyArn: 'arn:1' }, 2), 'attached');
      assert.equal(await s.attach({ ownerKind: 'user', ownerName: 'dave', policyArn: 'arn:2' }, 2), 'attached');
      assert.equal(await s.attach({ ownerKind: 'user', ownerName: 'dave', policyArn: 'arn:1' }, 2), 'attached', 'already attached');
      assert.equal(await s.attach({ ownerKind: 'user', ownerName: 'dave', policyArn: 'arn:3' }, 2), 'limit');
      assert.equal(await s.attach({ ownerKind: 'group', ownerName: 'nope', policyArn: 'arn:3' }, 2), 'missing-owner');
      assert.deepEqual((await s.attachedTo('user', 'dave', { limit: 10 })).items, ['arn:1', 'arn:2']);
      assert.equal(await s.attachmentCount('arn:1'), 1);
    }));

    it('policy versions: numbered after the highest ever, at most N, the default cannot be deleted', withIdentity(async (s) => {
      const p = entity('policy', 'Ops', { defaultVersionId: 'v1', lastVersion: 1, updatedAt: T0, tags: [] });
      await s.createEntity(p, { policyArn: p.arn, versionId: 'v1', document: '{"d":1}', createdAt: T0 });
      assert.deepEqual(await s.addPolicyVersion('ops', '{"d":2}', false, 3, T0 + 1), { versionId: 'v2' });
      assert.deepEqual(await s.addPolicyVersion('ops', '{"d":3}', true, 3, T0 + 2), { versionId: 'v3' });
      assert.equal(await s.addPolicyVersion('ops', '{"d":4}', false, 3, T0 + 3), 'limit');
      assert.equal(await s.addPolicyVersion('nope', '{}', false, 3, T0), 'missing');
      assert.equal((await s.getEntity('policy', 'ops'))?.data.defaultVersionId, 'v3');
      assert.equal(await s.deletePolicyVersion('ops', 'v3'), 'default');
      assert.equal(await s.deletePolicyVersion('ops', 'v2'), 'deleted');
      assert.deepEqual(await s.addPolicyVersion('ops', '{"d":5}', false, 3, T0 + 4), { versionId: 'v4' }, 'v2 is not reused');
      assert.deepEqual((await s.listPolicyVersions('ops')).map((v) => v.versionId), ['v1', 'v3', 'v4']);
      assert.equal(await s.setDefaultPolicyVersion('ops', 'v1', T0 + 5), true);
      assert.equal(await s.setDefaultPolicyVersion('ops', 'v9', T0 + 5), false);
      assert.equal((await s.getPolicyVersion('ops', 'v1'))?.document, '{"d":1}');
      assert.equal(await s.deleteEntity('policy', 'ops'), 'policy-versions');
      await s.deletePolicyVersion('ops', 'v3');
      await s.deletePolicyVersion('ops', 'v4');
      await s.attach({ ownerKind: 'user', ownerName: 'nobody', policyArn: p.arn }, 20); // owner missing: no row
      assert.equal(await s.deleteEntity('policy', 'ops'), 'deleted');
    }));

    it('access keys: at most N per user, status changes, last use keeps the newest, the snapshot has everything', withIdentity(async (s) => {
      await s.createEntity(entity('user', 'erin', { tags: [] }));
      await s.createEntity(entity('group', 'g', {}));
      await s.addMember('g', 'erin', 10);
      assert.equal(await s.createAccessKey(key('AKIACONTRACT00000011', 'erin'), 2), 'created');
      assert.equal(await s.createAccessKey(key('AKIACONTRACT00000012', 'erin'), 2), 'created');
      assert.equal(await s.createAccessKey(key('AKIACONTRACT00000013', 'erin'), 2), 'limit');
      assert.equal(await s.createAccessKey(key('AKIACONTRACT00000014', 'nobody'), 2), 'missing');
      await assert.rejects(s.createAccessKey(key('AKIACONTRACT00000011', 'erin'), 5), StoreConflictError);
      assert.equal(await s.setAccessKeyStatus('erin', 'AKIACONTRACT00000012', 'Inactive'), true);
      assert.equal(await s.setAccessKeyStatus('erin', 'AKIANOSUCHKEY0000000', 'Inactive'), false);
      await s.recordAccessKeyUse([{ accessKeyId: 'AKIACONTRACT00000011', use: { at: T0 + 10, service: 'kms', region: 'us-east-1' } }]);
      await s.recordAccessKeyUse([{ accessKeyId: 'AKIACONTRACT00000011', use: { at: T0 + 5, service: 'iam', region: 'us-east-1' } }]);
      const k = await s.getAccessKey('AKIACONTRACT00000011');
      assert.deepEqual(k?.lastUsed, { at: T0 + 10, service: 'kms', region: 'us-east-1' });
      assert.deepEqual([...Buffer.from(k!.sealedSecret)], [1, 2, 3, 0, 255]);
      assert.deepEqual((await s.accessKeysOf('ERIN')).map((x) => [x.accessKeyId, x.status]),
        [['AKIACONTRACT00000011', 'Active'], ['AKIACONTRACT00000012', 'Inactive']]);
      const snap = await s.snapshot();
      assert.ok(snap.entities.some((e) => e.kind === 'user' && e.name === 'erin'));
      assert.ok(snap.memberships.some((m) => m.groupName === 'g' && m.userName === 'erin'));
      assert.equal(snap.accessKeys.filter((x) => x.userName === 'erin').length, 2);
    }));

    it('concurrent access-key creation never passes the quota', withIdentity(async (s) => {
      await s.createEntity(entity('user', 'frank', { tags: [] }));
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => s.createAccessKey(key(`AKIACONCURRENT0000${String(i).padStart(2, '0')}`, 'frank'), 2)));
      assert.equal(results.filter((r) => r === 'created').length, 2);
      assert.equal((await s.accessKeysOf('frank')).length, 2);
    }));
  });
}
