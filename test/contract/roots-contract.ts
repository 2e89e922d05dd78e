// The roots-of-trust store ports, run against both stores by the Store contract suite: custom key store records
// (src/core/custom-key-stores/custom-key-store-store.ts: names unique, creation-order paging, compare-and-set, delete
// outcomes) and the seal store (src/core/secrets/seal-store.ts: paging sealed values, conditional re-seal, retiring
// barrier terms, rekey's all-or-nothing replacement).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreConflictError, type Store } from '../../src/core/ports.js';
import type { CustomKeyStoreRecord } from '../../src/core/custom-key-stores/custom-key-store-store.js';

const T0 = 1_700_000_000_000;

const cks = (n: number, over: Partial<CustomKeyStoreRecord> = {}): CustomKeyStoreRecord => ({
  customKeyStoreId: `cks-${String(n).padStart(17, '0')}`, name: `store-${n}`, clusterId: 'cluster-abcdefghijk', trustAnchor: 'PEM',
  sealedPassword: Buffer.from([0, 1, 2, 255, n]), connectionState: 'DISCONNECTED', createdAt: T0 + n, revision: 1, ...over,
});

export function rootsContract(
  one: (fn: (s: Store) => Promise<void>) => () => Promise<void>,
  makeKey: (keyId: string, over: { customKeyStoreId?: string; origin?: 'AWS_CLOUDHSM' }) => Parameters<Store['createKey']>[0],
  makeVersion: (keyId: string, version: number) => NonNullable<Parameters<Store['createKey']>[1]>,
): void {
  describe('custom key stores', () => {
    it('create / get / find by name / list in creation order; names are unique', one(async (s) => {
      const c = s.customKeyStores;
      for (const n of [2, 1, 3]) await c.createCustomKeyStore(cks(n));
      await assert.rejects(c.createCustomKeyStore(cks(9, { name: 'store-1' })), StoreConflictError);
      const got = await c.getCustomKeyStore(cks(1).customKeyStoreId);
      assert.deepEqual([got?.name, Buffer.from(got!.sealedPassword), got?.connectionErrorCode], ['store-1', cks(1).sealedPassword, undefined]);
      assert.equal((await c.findCustomKeyStoreByName('store-3'))?.customKeyStoreId, cks(3).customKeyStoreId);
      assert.equal(await c.findCustomKeyStoreByName('absent'), undefined);
      const first = await c.listCustomKeyStores(2);
      const rest = await c.listCustomKeyStores(2, first.next);
      assert.deepEqual([...first.items, ...rest.items].map((r) => r.name), ['store-2', 'store-1', 'store-3']);
      assert.equal(rest.next, undefined);
    }));

    it('update is compare-and-set on the revision; a taken name conflicts', one(async (s) => {
      const c = s.customKeyStores;
      await c.createCustomKeyStore(cks(1));
      await c.createCustomKeyStore(cks(2));
      const next = { ...cks(1), connectionState: 'FAILED' as const, connectionErrorCode: 'INVALID_CREDENTIALS', revision: 2 };
      assert.equal(await c.updateCustomKeyStore(next, 1), true);
      assert.equal(await c.updateCustomKeyStore({ ...next, revision: 2 }, 1), false, 'a stale revision changes nothing');
      assert.deepEqual(
        [(await c.getCustomKeyStore(next.customKeyStoreId))?.connectionErrorCode, (await c.getCustomKeyStore(next.customKeyStoreId))?.revision],
        ['INVALID_CREDENTIALS', 2]);
      await assert.rejects(c.updateCustomKeyStore({ ...next, name: 'store-2', revision: 3 }, 2), StoreConflictError);
    }));

    it('delete: has-keys while a key belongs to it, changed under a stale revision, else deleted', one(async (s) => {
      const c = s.customKeyStores;
      const r = cks(1);
      await c.createCustomKeyStore(r);
      await s.createKey(makeKey('k-hsm', { customKeyStoreId: r.customKeyStoreId, origin: 'AWS_CLOUDHSM' }), makeVersion('k-hsm', 1), []);
      assert.equal(await c.countCustomKeyStoreKeys(r.customKeyStoreId), 1);
      assert.equal(await c.deleteCustomKeyStore(r.customKeyStoreId, 1), 'has-keys');
      assert.equal(await c.deleteCustomKeyStore(r.customKeyStoreId, 7), 'has-keys', 'keys are checked first');
      assert.equal(await s.deleteKey('k-hsm', (await s.getKey('k-hsm'))!.revision), true);
      assert.equal(await c.deleteCustomKeyStore(r.customKeyStoreId, 7), 'changed');
      assert.equal(await c.deleteCustomKeyStore(r.customKeyStoreId, 1), 'deleted');
      assert.equal(await c.getCustomKeyStore(r.customKeyStoreId), undefined);
    }));
  });

  describe('seal store', () => {
    it('pages sealed values in key order; re-seals only values that still hold the old bytes', one(async (s) => {
      for (const id of ['k-a', 'k-b', 'k-c']) await s.createKey(makeKey(id, {}), makeVersion(id, 1), []);
      const first = await s.seal.sealedValues('keyMaterial', 2);
      const rest = await s.seal.sealedValues('keyMaterial', 2, first.next);
      const all = [...first.items, ...rest.items];
      assert.deepEqual(all.map((v) => v.id), [['k-a', '1'], ['k-b', '1'], ['k-c', '1']]);
      assert.equal(rest.next, undefined);
      const changed = await s.seal.resealValues('keyMaterial', [
        { id: all[0]!.id, old: all[0]!.sealed, next: Buffer.from('resealed a') },
        { id: all[1]!.id, old: Buffer.from('not what is stored'), next: Buffer.from('lost race') },
      ]);
      assert.equal(changed, 1);
      const after = (await s.seal.sealedValues('keyMaterial', 10)).items;
      assert.deepEqual(after.map((v) => Buffer.from(v.sealed).toString()), ['resealed a', Buffer.from(all[1]!.sealed).toString(), Buffer.from(all[2]!.sealed).toString()]);
    }));

    it('rekey replaces the configuration and every wrap together, only from the expected configuration; terms retire', one(async (s) => {
      await s.setMeta('seal_config', 'v1');
      await s.addBarrierKey(1, Buffer.from('w1'));
      await s.addBarrierKey(2, Buffer.from('w2'));
      assert.equal(await s.seal.replaceSealConfig('seal_config', 'stale', 'v2', [{ term: 1, wrapped: Buffer.from('x') }]), false);
      assert.deepEqual([(await s.getBarrierKeys()).map((k) => Buffer.from(k.wrapped).toString()), await s.getMeta('seal_config')], [['w1', 'w2'], 'v1']);
      assert.equal(await s.seal.replaceSealConfig('seal_config', 'v1', 'v2', [{ term: 1, wrapped: Buffer.from('n1') }, { term: 2, wrapped: Buffer.from('n2') }]), true);
      assert.deepEqual([(await s.getBarrierKeys()).map((k) => Buffer.from(k.wrapped).toString()), await s.getMeta('seal_config')], [['n1', 'n2'], 'v2']);
      await s.seal.deleteBarrierKeys([1]);
      assert.deepEqual((await s.getBarrierKeys()).map((k) => k.term), [2]);
    }));
  });
}
