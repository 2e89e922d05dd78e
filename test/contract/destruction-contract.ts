// The Store contract for Store.destruction (core/destruction/destruction-store.ts), run by store-contract.ts against
// every adapter: version commitments stored with the version, the latest scan report per scope replacing earlier ones,
// receipts that outlive their key and page in order, and the residue search after a shred.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredReceipt } from '../../src/core/destruction/destruction-store.js';
import type { Store } from '../../src/core/ports.js';
import { makeKey, makeVersion, withStores, type ContractHarness } from './store-contract.js';

const T0 = 1_700_000_000_000;
const ARN = (id: string) => `arn:aws:kms:us-east-1:111122223333:key/${id}`;

const receipt = (id: string, keyId: string, versions: number[], at: number): StoredReceipt => ({
  receiptId: id, keyArn: ARN(keyId), versions, destroyedAt: at, scanResult: 'CLEAN', document: `{"ReceiptId":"${id}"}`,
});

export function destructionContract(h: () => ContractHarness): void {
  const one = (fn: (s: Store) => Promise<void>) => () => withStores(h(), 1, fn);

  describe('destruction: commitments, scan reports, receipts, residue', () => {
    it('a version keeps the commitment it was created with; versions without one read without', one(async (s) => {
      const commitment = `hmac-sha256:${'ab'.repeat(32)}`;
      await s.createKey(makeKey('k1'), makeVersion('k1', 1, { commitment }), []);
      await s.addKeyVersion(makeKey('k1', { currentVersion: 2, revision: 2 }), 1, makeVersion('k1', 2));
      const [v1, v2] = await s.getKeyVersions('k1');
      assert.equal(v1!.commitment, commitment);
      assert.equal(v2!.commitment, undefined);
    }));

    it('the latest report of a scope replaces its earlier one; findings are per key, over every scope', one(async (s) => {
      const d = s.destruction;
      await d.putScanReport({ reportId: 'r1', scope: '/a', reportDate: T0, inventory: [
        { keyArn: ARN('k1'), version: 1, count: 3, bytes: 300 }, { keyArn: ARN('k2'), version: 1, count: 1, bytes: 10 }] });
      await d.putScanReport({ reportId: 'r2', scope: 'sqlite:app.db#t.c', reportDate: T0 + 1, inventory: [{ keyArn: ARN('k1'), version: 2, count: 5, bytes: 50 }] });
      assert.deepEqual((await d.scanFindings(ARN('k1'))).map((f) => [f.scope, f.version, f.count, f.bytes, f.reportId, f.reportDate]),
        [['/a', 1, 3, 300, 'r1', T0], ['sqlite:app.db#t.c', 2, 5, 50, 'r2', T0 + 1]]);
      await d.putScanReport({ reportId: 'r3', scope: '/a', reportDate: T0 + 2, inventory: [{ keyArn: ARN('k1'), version: 1, count: 0, bytes: 0 }] });
      assert.deepEqual((await d.scanFindings(ARN('k1'))).map((f) => [f.scope, f.version, f.count, f.reportId]),
        [['/a', 1, 0, 'r3'], ['sqlite:app.db#t.c', 2, 5, 'r2']]);
      assert.deepEqual(await d.scanFindings(ARN('k2')), []);
      await d.putScanReport({ reportId: 'r4', scope: '/a', reportDate: T0 + 3, inventory: [] });
      assert.deepEqual((await d.scanFindings(ARN('k1'))).map((f) => f.scope), ['sqlite:app.db#t.c']);
      const many = Array.from({ length: 10_000 }, (_, i) => ({ keyArn: ARN(`m${i % 100}`), version: 1 + Math.floor(i / 100), count: i, bytes: i * 10 }));
      await d.putScanReport({ reportId: 'r5', scope: '/big', reportDate: T0 + 4, inventory: many });
      assert.equal((await d.scanFindings(ARN('m7'))).length, 100);
    }));

    it('receipts outlive their key and list oldest first, paged', one(async (s) => {
      const d = s.destruction;
      await s.createKey(makeKey('k1'), makeVersion('k1', 1), []);
      await d.putReceipt(receipt('00000000-0000-4000-8000-000000000001', 'k1', [1], T0));
      assert.ok(await s.deleteKey('k1', 1));
      await d.putReceipt(receipt('00000000-0000-4000-8000-000000000002', 'k2', [2, 3], T0 + 1));
      await d.putReceipt(receipt('00000000-0000-4000-8000-000000000003', 'k1', [1, 2], T0 + 2));
      assert.deepEqual((await d.receipts(ARN('k1'))).map((r) => [r.versions, r.destroyedAt]), [[[1], T0], [[1, 2], T0 + 2]]);
      assert.deepEqual(await d.receipts(ARN('k2')), [receipt('00000000-0000-4000-8000-000000000002', 'k2', [2, 3], T0 + 1)]);
      const first = await d.listReceipts(2);
      assert.equal(first.items.length, 2);
      const rest = await d.listReceipts(2, first.next);
      assert.deepEqual([...first.items, ...rest.items].map((r) => r.receiptId.slice(-1)), ['1', '2', '3']);
      assert.equal(rest.next, undefined);
    }));

    it('the residue search finds stored bytes before the shred and nothing after it, and says what it searched', one(async (s) => {
      const sealed = Buffer.from('sealed material bytes that only key k9 holds', 'utf8');
      await s.createKey(makeKey('k9'), makeVersion('k9', 1, { sealedMaterial: sealed }), []);
      const needles = [{ label: 'sealed material of version 1', bytes: sealed }];
      const before = await s.destruction.searchResidue(needles);
      assert.ok(before.scope.length > 0);
      assert.deepEqual(before.found.map((f) => f.label), ['sealed material of version 1']);
      assert.ok(await s.deleteKey('k9', 1));
      const after = await s.destruction.searchResidue(needles);
      assert.deepEqual(after.found, []);
      assert.deepEqual(after.scope, before.scope);
    }));
  });
}
