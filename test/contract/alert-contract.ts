// The Store contract for Store.alerts (core/anomaly/alert-model.ts), run by store-contract.ts against every adapter:
// alerts stored and read back whole, coalesced counts only into OPEN alerts, one acknowledgement wins among two
// instances, ListAlerts' filters and newest-first pages, and learned facts that keep their first sighting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertRecord, BaselineFact } from '../../src/core/anomaly/alert-model.js';
import type { Store } from '../../src/core/ports.js';
import { withStores, type ContractHarness } from './store-contract.js';

const T0 = 1_700_000_000_000;
const ARN = (id: string) => `arn:aws:kms:us-east-1:111122223333:key/${id}`;
const USER = 'arn:aws:iam::111122223333:user/alice';

function alert(n: number, over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    alertId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'FIRST_KEY_USE', severity: 'LOW', keyArn: ARN('k1'),
    principal: USER, source: '10.0.0.7', firstSeen: T0 + n, lastSeen: T0 + n, count: 1, details: '{"operation":"Encrypt"}', state: 'OPEN', ...over,
  };
}

async function all(s: Store, filter: Parameters<Store['alerts']['list']>[0], limit: number): Promise<AlertRecord[]> {
  const out: AlertRecord[] = [];
  let after: string | undefined;
  do {
    const page = await s.alerts.list(filter, limit, after);
    assert.ok(page.items.length <= limit);
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

export function alertContract(h: () => ContractHarness): void {
  const one = (fn: (s: Store) => Promise<void>) => () => withStores(h(), 1, fn);
  const two = (fn: (a: Store, b: Store) => Promise<void>) => () => withStores(h(), 2, (a, b) => fn(a!, b!));

  describe('anomaly alerts', () => {
    it('an alert reads back as stored, optional fields absent; an unknown id is undefined', one(async (s) => {
      const full = alert(1);
      const bare = alert(2, { type: 'NEW_SOURCE_NETWORK', severity: 'MEDIUM', keyArn: undefined, source: undefined, details: '{}' });
      await s.alerts.insert(full);
      await s.alerts.insert(bare);
      assert.deepEqual(await s.alerts.get(full.alertId), { ...full, acknowledgedBy: undefined, acknowledgedAt: undefined, acknowledgementNote: undefined });
      assert.deepEqual(await s.alerts.get(bare.alertId), { ...bare, acknowledgedBy: undefined, acknowledgedAt: undefined, acknowledgementNote: undefined });
      assert.equal(await s.alerts.get(alert(3).alertId), undefined);
    }));

    it('coalesce adds to an OPEN alert and keeps the latest last seen; an acknowledged alert takes no more', two(async (a, b) => {
      await a.alerts.insert(alert(1));
      assert.equal(await a.alerts.coalesce(alert(1).alertId, 3, T0 + 500), true);
      assert.equal(await b.alerts.coalesce(alert(1).alertId, 2, T0 + 200), true, 'an older last seen from another node');
      const read = (await b.alerts.get(alert(1).alertId))!;
      assert.deepEqual([read.count, read.lastSeen, read.firstSeen], [6, T0 + 500, T0 + 1]);
      assert.equal(await a.alerts.acknowledge(alert(1).alertId, USER, T0 + 900, 'seen'), 'acknowledged');
      assert.equal(await b.alerts.coalesce(alert(1).alertId, 1, T0 + 1000), false);
      assert.equal((await a.alerts.get(alert(1).alertId))!.count, 6);
      assert.equal(await a.alerts.coalesce(alert(9).alertId, 1, T0), false, 'an unknown alert');
    }));

    it('of two concurrent acknowledgements exactly one wins; the note is optional; unknown ids are missing', two(async (a, b) => {
      await a.alerts.insert(alert(1));
      const outcomes = await Promise.all([a.alerts.acknowledge(alert(1).alertId, USER, T0 + 10, 'mine'), b.alerts.acknowledge(alert(1).alertId, 'arn:aws:iam::111122223333:user/bob', T0 + 11, undefined)]);
      assert.deepEqual([...outcomes].sort(), ['acknowledged', 'not-open']);
      const read = (await b.alerts.get(alert(1).alertId))!;
      assert.equal(read.state, 'ACKNOWLEDGED');
      assert.ok(read.acknowledgedBy === USER ? read.acknowledgementNote === 'mine' && read.acknowledgedAt === T0 + 10 : read.acknowledgementNote === undefined);
      assert.equal(await a.alerts.acknowledge(alert(7).alertId, USER, T0, undefined), 'missing');
    }));

    it('list filters by state, type and key, newest first, in pages that neither repeat nor skip', one(async (s) => {
      for (let n = 1; n <= 9; n++) {
        await s.alerts.insert(alert(n, {
          type: n % 3 === 0 ? 'KEY_REQUEST_RATE' : 'FIRST_KEY_USE', keyArn: n % 2 === 0 ? ARN('k2') : ARN('k1'),
        }));
      }
      await s.alerts.acknowledge(alert(4).alertId, USER, T0 + 100, undefined);
      const ids = (xs: AlertRecord[]) => xs.map((x) => Number(x.alertId.slice(-12)));
      assert.deepEqual(ids(await all(s, {}, 2)), [9, 8, 7, 6, 5, 4, 3, 2, 1]);
      assert.deepEqual(ids(await all(s, { state: 'OPEN' }, 4)), [9, 8, 7, 6, 5, 3, 2, 1]);
      assert.deepEqual(ids(await all(s, { state: 'ACKNOWLEDGED' }, 4)), [4]);
      assert.deepEqual(ids(await all(s, { type: 'KEY_REQUEST_RATE' }, 1)), [9, 6, 3]);
      assert.deepEqual(ids(await all(s, { keyArn: ARN('k2'), type: 'FIRST_KEY_USE', state: 'OPEN' }, 10)), [8, 2]);
      assert.deepEqual(await s.alerts.list({ keyArn: ARN('none') }, 10), { items: [], next: undefined });
    }));

    it('learned facts: added in batches from two instances, a repeat keeps the first sighting', two(async (a, b) => {
      const fact = (value: string, firstSeen: number): BaselineFact => ({ kind: 'network', subject: USER, value, firstSeen });
      await a.alerts.addBaselines([fact('10.0.0.0/24', T0), { kind: 'key-user', subject: ARN('k1'), value: USER, firstSeen: T0 + 1 }]);
      await b.alerts.addBaselines([fact('10.0.0.0/24', T0 + 99), fact('2001:db8:0:1::/64', T0 + 2)]);
      await b.alerts.addBaselines([]);
      const many = Array.from({ length: 2500 }, (_, i) => ({ kind: 'context-key' as const, subject: ARN('k1'), value: `k${i}`, firstSeen: T0 + i }));
      await a.alerts.addBaselines(many);
      const facts = await b.alerts.baselines();
      assert.equal(facts.length, 3 + 2500);
      const sort = (xs: BaselineFact[]) => [...xs].sort((x, y) => `${x.kind}${x.value}`.localeCompare(`${y.kind}${y.value}`));
      assert.deepEqual(sort(facts.filter((f) => f.kind !== 'context-key')), sort([
        fact('10.0.0.0/24', T0), fact('2001:db8:0:1::/64', T0 + 2), { kind: 'key-user', subject: ARN('k1'), value: USER, firstSeen: T0 + 1 },
      ]));
    }));
  });
}
