// The pure rules of multi-party approval (src/approvals), table-driven: who counts as whom, which rule governs a call,
// the qualifiers of the default set, the verdict table, and the binding hash of a call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApprovalRequest, ApprovalRule } from '../../src/approvals/approval-model.js';
import { DEFAULT_PROTECTED, entryCovers, type CallFacts } from '../../src/approvals/protected-operations.js';
import { bindingHash, canonicalJson, displayParameters } from '../../src/approvals/request-binding.js';
import { decide, governingRule, identityKey } from '../../src/approvals/rule-evaluation.js';

const ACCT = '111122223333';
const user = (n: string, path = '/') => `arn:aws:iam::${ACCT}:user${path}${n}`;
const role = (n: string) => `arn:aws:iam::${ACCT}:role/${n}`;
const session = (r: string, s: string) => `arn:aws:sts::${ACCT}:assumed-role/${r}/${s}`;
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/k1`;

test('identityKey: users and roles by account and name, a role session as its role', () => {
  const same: [string, string][] = [[user('a'), user('a', '/ops/')], [role('R'), session('R', 's1')], [session('R', 's1'), session('R', 's2')]];
  for (const [x, y] of same) assert.equal(identityKey(x), identityKey(y), `${x} ~ ${y}`);
  const different: [string, string][] = [[user('a'), user('b')], [user('R'), role('R')], [role('R'), `arn:aws:iam::444455556666:role/R`]];
  for (const [x, y] of different) assert.notEqual(identityKey(x), identityKey(y), `${x} !~ ${y}`);
});

const call = (operation: string, input: Record<string, unknown> = {}, keyState?: string): CallFacts => ({ operation, input, accountId: ACCT, keyState });

test('qualified entries of the default set cover only their calls', () => {
  const cases: [string, CallFacts, boolean][] = [
    ['CreateGrant:CrossAccount', call('CreateGrant', { GranteePrincipal: user('a') }), false],
    ['CreateGrant:CrossAccount', call('CreateGrant', { GranteePrincipal: ACCT }), false],
    ['CreateGrant:CrossAccount', call('CreateGrant', { GranteePrincipal: 'arn:aws:iam::444455556666:root' }), true],
    ['CreateGrant:CrossAccount', call('CreateGrant', { GranteePrincipal: '444455556666' }), true],
    ['CreateGrant:CrossAccount', call('CreateGrant', { GranteePrincipal: 'not-an-arn' }), true],
    ['CreateGrant:CrossAccount', call('CreateGrant', { GranteeServicePrincipal: 'logs.amazonaws.com' }), false],
    ['CreateGrant', call('CreateGrant', { GranteePrincipal: user('a') }), true],
    ['ImportKeyMaterial:ExistingMaterial', call('ImportKeyMaterial', {}, 'PendingImport'), false],
    ['ImportKeyMaterial:ExistingMaterial', call('ImportKeyMaterial', {}, 'Enabled'), true],
    ['ImportKeyMaterial:ExistingMaterial', call('ImportKeyMaterial', {}, 'Disabled'), true],
    ['ScheduleKeyDeletion', call('ScheduleKeyDeletion'), true],
    ['ScheduleKeyDeletion', call('ScheduleKeyVersionDestruction'), false],
  ];
  for (const [entry, c, covers] of cases) assert.equal(entryCovers(entry, c), covers, `${entry} × ${JSON.stringify(c)}`);
  for (const op of ['ScheduleKeyDeletion', 'ScheduleKeyVersionDestruction', 'PutKeyPolicy', 'DisableKeyRotation', 'DeleteImportedKeyMaterial',
    'RotateBarrier', 'Seal', 'PutApprovalRule', 'DeleteApprovalRule']) assert.ok(DEFAULT_PROTECTED.includes(op), op);
});

const rule = (name: string, over: Partial<ApprovalRule> = {}): ApprovalRule => ({
  name, operations: ['ScheduleKeyDeletion', 'PutApprovalRule'], requiredApprovals: 2, approvers: [user('a'), user('b'), user('c')],
  requestTtlSeconds: 86_400, createdAt: 0, updatedAt: 0, updatedBy: user('admin'), ...over,
});

test('governingRule: the covering rule asking most approvals, then by name; key scope limits key calls only', () => {
  const rules = [rule('b', { requiredApprovals: 2 }), rule('a', { requiredApprovals: 2 }), rule('z', { requiredApprovals: 3, keyArns: [KEY] })];
  const on = (keyArn?: string) => ({ ...call('ScheduleKeyDeletion'), keyArn });
  assert.equal(governingRule(rules, on(KEY))?.name, 'z');
  assert.equal(governingRule(rules, on(`${KEY}x`))?.name, 'a');
  assert.equal(governingRule(rules, { ...call('PutApprovalRule'), keyArn: undefined })?.name, 'z', 'account-level: scope ignored');
  assert.equal(governingRule(rules, { ...call('Encrypt'), keyArn: KEY }), undefined, 'an operation no rule names');
  assert.equal(governingRule([], on(KEY)), undefined);
});

const request = (over: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  requestId: 'apr-1', ruleName: 'r', operation: 'ScheduleKeyDeletion', requester: user('a'), bindingHash: 'h', parameters: '{}',
  hasBlobs: false, state: 'PENDING', requiredApprovals: 2, approvers: [user('a'), user('b'), role('Approver')], approvals: [],
  createdAt: 0, expiresAt: 1000, revision: 1, ...over,
});

test('decide: the verdict table', () => {
  type Row = [string, ApprovalRequest, string, 'approve' | 'reject', number, string];
  const rows: Row[] = [
    ['first approval', request(), user('b'), 'approve', 10, 'PENDING'],
    ['Mth approval', request({ approvals: [{ principal: user('b'), at: 1 }] }), session('Approver', 's'), 'approve', 10, 'APPROVED'],
    ['reject pending', request(), user('b'), 'reject', 10, 'REJECTED'],
    ['reject approved', request({ state: 'APPROVED' }), user('b'), 'reject', 10, 'REJECTED'],
    ['requester', request(), user('a'), 'approve', 10, 'AccessDeniedException'],
    ['requester by path', request(), user('a', '/x/'), 'reject', 10, 'AccessDeniedException'],
    ['requester role, other session', request({ requester: session('Approver', 'me') }), session('Approver', 'you'), 'approve', 10, 'AccessDeniedException'],
    ['not an approver', request(), user('eve'), 'approve', 10, 'AccessDeniedException'],
    ['twice', request({ approvals: [{ principal: user('b'), at: 1 }] }), user('b', '/p/'), 'approve', 10, 'ConflictException'],
    ['approve approved', request({ state: 'APPROVED' }), user('b'), 'approve', 10, 'KMSInvalidStateException'],
    ['expired by time', request(), user('b'), 'approve', 1000, 'KMSInvalidStateException'],
    ['rejected', request({ state: 'REJECTED' }), user('b'), 'reject', 10, 'KMSInvalidStateException'],
    ['executed', request({ state: 'EXECUTED' }), user('b'), 'reject', 10, 'KMSInvalidStateException'],
  ];
  for (const [what, r, who, verdict, now, expected] of rows) {
    let got: string;
    try {
      const next = decide(r, who, verdict, now, 'why');
      got = next.state;
      assert.equal(next.revision, r.revision + 1, what);
    } catch (err) {
      got = (err as Error).name;
    }
    assert.equal(got, expected, what);
  }
});

test('bindingHash: member order does not matter; values, blobs, operation and caller do', () => {
  const base = bindingHash('ScheduleKeyDeletion', user('a'), { KeyId: 'k', PendingWindowInDays: 7 });
  assert.equal(bindingHash('ScheduleKeyDeletion', user('a'), { PendingWindowInDays: 7, KeyId: 'k' }), base);
  assert.equal(bindingHash('ScheduleKeyDeletion', user('a'), { PendingWindowInDays: 7, KeyId: 'k', Absent: undefined }), base);
  for (const other of [
    bindingHash('ScheduleKeyDeletion', user('a'), { KeyId: 'k', PendingWindowInDays: 8 }),
    bindingHash('ScheduleKeyDeletion', user('b'), { KeyId: 'k', PendingWindowInDays: 7 }),
    bindingHash('ScheduleKeyVersionDestruction', user('a'), { KeyId: 'k', PendingWindowInDays: 7 }),
  ]) assert.notEqual(other, base);
  assert.notEqual(canonicalJson({ B: Buffer.from('x') }), canonicalJson({ B: Buffer.from('x').toString('base64') }), 'a blob is not its base64 text');
  assert.equal(canonicalJson({ b: [{ z: 1, a: 2 }], a: null }), '{"a":null,"b":[{"a":2,"z":1}]}');
  const shown = displayParameters({ KeyId: 'k', EncryptedKeyMaterial: Buffer.from('wrapped material') });
  assert.equal(shown.hasBlobs, true);
  assert.ok(!shown.text.includes(Buffer.from('wrapped material').toString('base64')), 'no blob in what approvers see');
  assert.match(shown.text, /"EncryptedKeyMaterial":\{"\$blobSha256":"[0-9a-f]{64}"\}/);
});
