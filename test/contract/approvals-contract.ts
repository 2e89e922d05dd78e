// The Store contract for Store.approvals (core/ports.ts ApprovalStore), run by store-contract.ts against every adapter:
// rules round-trip and announce their changes on the change feed; one open request per binding hash; verdicts by
// compare-and-set; and consumption that is atomic across two store instances (two nodes): of many concurrent
// consumers of one APPROVED request exactly one wins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApprovalRequest, ApprovalRule } from '../../src/approvals/approval-model.js';
import { APPROVAL_RULES_CHANGE, StoreConflictError, type Store } from '../../src/core/ports.js';
import { withStores, type ContractHarness } from './store-contract.js';

const T0 = 1_700_000_000_000;
const ARN = (id: string) => `arn:aws:kms:us-east-1:111122223333:key/${id}`;
const USER = (n: string) => `arn:aws:iam::111122223333:user/${n}`;
let n = 0;

function rule(name: string, over: Partial<ApprovalRule> = {}): ApprovalRule {
  return {
    name, operations: ['ScheduleKeyDeletion'], requiredApprovals: 2, approvers: [USER('a'), USER('b'), USER('c')],
    requestTtlSeconds: 86_400, createdAt: T0, updatedAt: T0, updatedBy: USER('admin'), ...over,
  };
}

function request(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  n++;
  return {
    requestId: `apr-${n.toString(16).padStart(32, '0')}`, ruleName: 'r', operation: 'ScheduleKeyDeletion', requester: USER('a'),
    bindingHash: n.toString(16).padStart(64, '0'), parameters: '{"KeyId":"k"}', hasBlobs: false, keyArn: ARN('k1'), state: 'PENDING',
    requiredApprovals: 2, approvers: [USER('b'), USER('c')], approvals: [], createdAt: T0, expiresAt: T0 + 1000, revision: 1, ...over,
  };
}

const approved = (r: ApprovalRequest): ApprovalRequest => ({
  ...r, state: 'APPROVED', approvals: [{ principal: USER('b'), at: T0 + 1 }, { principal: USER('c'), at: T0 + 2, reason: 'ok' }], revision: r.revision + 1,
});

export function approvalsContract(h: () => ContractHarness): void {
  const one = (fn: (s: Store) => Promise<void>) => () => withStores(h(), 1, fn);
  const two = (fn: (a: Store, b: Store) => Promise<void>) => () => withStores(h(), 2, (a, b) => fn(a!, b!));

  describe('approvals', () => {
    it('rules round-trip, are replaced by name, listed by name and deleted', one(async (s) => {
      const scoped = rule('b-scoped', { keyArns: [ARN('k1')], description: 'd' });
      await s.approvals.putRule(scoped);
      await s.approvals.putRule(rule('a-all'));
      assert.deepEqual(await s.approvals.getRule('b-scoped'), scoped);
      await s.approvals.putRule({ ...scoped, requiredApprovals: 3 });
      assert.equal((await s.approvals.getRule('b-scoped'))?.requiredApprovals, 3);
      assert.deepEqual((await s.approvals.listRules()).map((r) => r.name), ['a-all', 'b-scoped']);
      assert.equal(await s.approvals.deleteRule('a-all'), true);
      assert.equal(await s.approvals.deleteRule('a-all'), false);
      assert.equal(await s.approvals.getRule('a-all'), undefined);
    }));

    it('a rule change is announced on the change feed to another instance', two(async (a, b) => {
      const seen: string[] = [];
      const stop = b.watchKeyChanges((id) => seen.push(id));
      try {
        await new Promise((r) => setTimeout(r, 300)); // the watcher is in place
        await a.approvals.putRule(rule('x'));
        for (let i = 0; i < 50 && !seen.includes(APPROVAL_RULES_CHANGE); i++) await new Promise((r) => setTimeout(r, 100));
        assert.ok(seen.includes(APPROVAL_RULES_CHANGE), `seen: ${seen.join(', ')}`);
      } finally {
        stop();
      }
    }));

    it('requests round-trip; one open request per binding hash; verdicts are compare-and-set', one(async (s) => {
      const r = request();
      await s.approvals.createRequest(r);
      assert.deepEqual(await s.approvals.getRequest(r.requestId), r);
      assert.deepEqual(await s.approvals.openRequest(r.bindingHash), r);
      await assert.rejects(s.approvals.createRequest(request({ bindingHash: r.bindingHash })), StoreConflictError);
      const next = approved(r);
      assert.equal(await s.approvals.updateRequest(next, r.revision), true);
      assert.equal(await s.approvals.updateRequest({ ...next, state: 'REJECTED', revision: next.revision }, r.revision), false, 'stale revision');
      assert.deepEqual(await s.approvals.getRequest(r.requestId), next);
      const closed = { ...next, state: 'REJECTED' as const, closedAt: T0 + 5, revision: next.revision + 1 };
      assert.equal(await s.approvals.updateRequest(closed, next.revision), true);
      assert.equal(await s.approvals.openRequest(r.bindingHash), undefined, 'a closed request is not open');
      await s.approvals.createRequest(request({ bindingHash: r.bindingHash })); // so a new one may be made
    }));

    it('lists by state and key in creation order with paging; due expiries are the open ones past their time', one(async (s) => {
      const rs = [request(), request({ keyArn: ARN('k2') }), request(), request({ keyArn: undefined, expiresAt: T0 + 5000 })];
      for (const r of rs) await s.approvals.createRequest(r);
      await s.approvals.updateRequest({ ...approved(rs[2]!) }, 1);
      const p1 = await s.approvals.listRequests({}, 2);
      const p2 = await s.approvals.listRequests({}, 2, p1.next);
      assert.deepEqual([...p1.items, ...p2.items].map((r) => r.requestId), rs.map((r) => r.requestId));
      assert.equal(p2.next, undefined);
      assert.deepEqual((await s.approvals.listRequests({ keyArn: ARN('k1') }, 10)).items.map((r) => r.requestId), [rs[0]!.requestId, rs[2]!.requestId]);
      assert.deepEqual((await s.approvals.listRequests({ state: 'APPROVED' }, 10)).items.map((r) => r.requestId), [rs[2]!.requestId]);
      assert.equal((await s.approvals.listRequests({}, 10)).items[3]!.keyArn, undefined);
      assert.deepEqual((await s.approvals.dueExpiries(T0 + 1000, 10)).map((r) => r.requestId).sort(), [rs[0]!, rs[1]!, rs[2]!].map((r) => r.requestId).sort());
      assert.deepEqual(await s.approvals.dueExpiries(T0 + 999, 10), []);
    }));

    it('consumption is atomic across two instances: of 24 concurrent consumers exactly one wins', two(async (a, b) => {
      const r = request();
      await a.approvals.createRequest(r);
      assert.equal(await a.approvals.consumeRequest(r.requestId, T0 + 10, 'early'), false, 'a PENDING request is not consumed');
      await a.approvals.updateRequest(approved(r), r.revision);
      const wins = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).approvals.consumeRequest(r.requestId, T0 + 10, `req-${i}`)));
      assert.equal(wins.filter(Boolean).length, 1);
      const done = (await b.approvals.getRequest(r.requestId))!;
      assert.equal(done.state, 'EXECUTED');
      assert.equal(done.executedBy, `req-${wins.indexOf(true)}`);
      assert.equal(done.executedAt, T0 + 10);
      assert.equal(done.revision, 3);
      assert.equal(await a.approvals.openRequest(r.bindingHash), undefined);
    }));

    it('a consumed request is given back only by its consumer; an expired one is never consumed', one(async (s) => {
      const r = request();
      await s.approvals.createRequest(r);
      await s.approvals.updateRequest(approved(r), r.revision);
      assert.equal(await s.approvals.consumeRequest(r.requestId, r.expiresAt, 'late'), false, 'at its expiry it is no longer consumable');
      assert.equal(await s.approvals.consumeRequest(r.requestId, T0 + 10, 'mine'), true);
      assert.equal(await s.approvals.releaseRequest(r.requestId, 'other'), false);
      assert.equal(await s.approvals.releaseRequest(r.requestId, 'mine'), true);
      const back = (await s.approvals.getRequest(r.requestId))!;
      assert.equal(back.state, 'APPROVED');
      assert.equal(back.executedBy, undefined);
      assert.equal(await s.approvals.consumeRequest(r.requestId, T0 + 11, 'again'), true);
    }));
  });
}
