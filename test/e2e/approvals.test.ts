// Multi-party approval (issue 13 item 2), end to end on the test clock: a 2-of-3 rule protects ScheduleKeyDeletion (and,
// by default, the rule operations). The requester's call fails with ApprovalRequiredException naming a PENDING request
// bound to its exact parameters; the requester's own approval and a non-approver's are refused; two approvers approve
// and the identical repeat runs once; other parameters need their own request; a rejected and an expired request
// cannot run; changing the rule needs approval too; of two concurrent repeats one runs. IAM users with kms:* and
// keyward:* drive it through @aws-sdk/client-kms and the shipped JS client.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateGrantCommand, DescribeKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import type { KeywardClient } from '../../src/client/index.js';
import { keywardClient, type ExtensionServer } from '../support/keyward.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { advanceClock, newKeyIds, rejects, type SdkError } from '../support/lifecycle-helpers.js';
import { kmsClient, TEST_ACCOUNT, useTestServer } from '../support/server.js';

// Approvers hear of requests through the lifecycle webhook: a receiver the server delivers to.
const SECRET = 'approvals-webhook-secret-0123';
const receiver = await startWebhookReceiver(SECRET);
after(() => receiver.close());
const t = {} as ExtensionServer;
useTestServer({ args: ['--test-clock', '--webhook-url', receiver.url], env: { KEYWARD_WEBHOOK_SECRET: SECRET } }, (s, kms) => {
  Object.assign(t, { server: s, kms, kw: keywardClient(s) });
});
const arnOf = (name: string) => `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`;
const APPROVERS = ['alice', 'bob', 'carol'].map(arnOf);

interface User { kms: KMSClient; kw: KeywardClient; arn: string }
const users: Record<string, User> = {};

async function user(name: string): Promise<User> {
  if (users[name]) return users[name]!;
  const iam = new IAMClient({ endpoint: t.server.url, region: t.server.region, credentials: t.server.credentials, maxAttempts: 1 });
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({
    UserName: name, PolicyName: 'kms-and-keyward',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*', 'keyward:*'], Resource: '*' }] }),
  }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  const creds = { url: t.server.url, region: t.server.region, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
  return (users[name] = { kms: kmsClient(creds), kw: keywardClient(creds), arn: arnOf(name) });
}

/** The call fails with ApprovalRequiredException; returns the request id its body names (also in the message). */
async function approvalRequired(p: Promise<unknown>, rule = 'two-of-three'): Promise<string> {
  const err = await rejects(p, 'ApprovalRequiredException', new RegExp(`needs 2 approval\\(s\\) under approval rule ${rule} `)) as SdkError & { ApprovalRequestId?: string };
  assert.match(err.ApprovalRequestId ?? '', /^apr-[0-9a-f]{32}$/, 'the error body carries ApprovalRequestId');
  assert.ok(err.message.includes(`Approval request ${err.ApprovalRequestId} is PENDING until `), err.message);
  return err.ApprovalRequestId!;
}

const keyState = async (keyId: string) => (await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState;
const schedule = (u: User, KeyId: string, PendingWindowInDays = 7) => u.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays }));

test('with no rule nothing is gated; then a 2-of-3 rule on the default operations is created', async () => {
  const alice = await user('alice');
  await Promise.all(['bob', 'carol', 'eve'].map(user));
  const { keyId } = await newKeyIds(t.kms);
  assert.equal((await schedule(alice, keyId)).KeyState, 'PendingDeletion', 'no rule: ScheduleKeyDeletion runs at once');
  const out = await t.kw.putApprovalRule({ RuleName: 'two-of-three', RequiredApprovals: 2, Approvers: APPROVERS });
  assert.equal(out.Created, true);
  assert.equal(out.Rule.RequestExpirySeconds, 86_400);
  assert.ok(out.Rule.Operations.includes('ScheduleKeyDeletion') && out.Rule.Operations.includes('PutApprovalRule')
    && out.Rule.Operations.includes('DeleteApprovalRule'), 'the default set protects deletion and the rule operations');
  assert.deepEqual((await t.kw.getApprovalRule({ RuleName: 'two-of-three' })).Rule.Approvers, APPROVERS);
});

test('ScheduleKeyDeletion needs two approvers other than the requester; the identical repeat runs once', async () => {
  const [alice, bob, carol, eve] = await Promise.all(['alice', 'bob', 'carol', 'eve'].map(user));
  const { keyId, arn } = await newKeyIds(t.kms);
  const id = await approvalRequired(schedule(alice!, keyId));
  assert.equal(await keyState(keyId), 'Enabled', 'the refused call changed nothing');
  assert.equal(await approvalRequired(schedule(alice!, keyId)), id, 'the same call while pending names the same request');

  const pending = (await bob!.kw.describeApprovalRequest({ ApprovalRequestId: id })).ApprovalRequest;
  assert.equal(pending.State, 'PENDING');
  assert.equal(pending.Operation, 'ScheduleKeyDeletion');
  assert.equal(pending.Requester, alice!.arn);
  assert.equal(pending.KeyId, arn);
  assert.deepEqual(JSON.parse(pending.Parameters), { KeyId: keyId, PendingWindowInDays: 7 });
  assert.match(pending.ParametersHash, /^[0-9a-f]{64}$/);

  await rejects(alice!.kw.approveRequest({ ApprovalRequestId: id }), 'AccessDeniedException',
    `${alice!.arn} may not decide this approval request: it is the requester's own request (approval needs someone else).`);
  await rejects(eve!.kw.approveRequest({ ApprovalRequestId: id }), 'AccessDeniedException',
    `${arnOf('eve')} may not decide this approval request: rule two-of-three names only ${APPROVERS.join(', ')} as approvers.`);
  const one = (await bob!.kw.approveRequest({ ApprovalRequestId: id, Reason: 'decommissioned' })).ApprovalRequest;
  assert.equal(one.State, 'PENDING');
  await rejects(bob!.kw.approveRequest({ ApprovalRequestId: id }), 'ConflictException', /has approved request .* already/);
  await approvalRequired(schedule(alice!, keyId)); // one approval is not enough
  const two = (await carol!.kw.approveRequest({ ApprovalRequestId: id })).ApprovalRequest;
  assert.equal(two.State, 'APPROVED');
  assert.deepEqual(two.Approvals.map((a) => a.Principal), [bob!.arn, carol!.arn]);
  assert.equal(two.Approvals[0]!.Reason, 'decommissioned');

  // Another PendingWindowInDays is another call: it needs its own request, and does not consume the approved one.
  const other = await approvalRequired(schedule(alice!, keyId, 30));
  assert.notEqual(other, id);
  // Another caller's identical parameters are another call too.
  assert.notEqual(await approvalRequired(schedule(bob!, keyId)), id);

  const done = await schedule(alice!, keyId);
  assert.equal(done.KeyState, 'PendingDeletion');
  assert.equal(done.PendingWindowInDays, 7);
  const executed = (await t.kw.describeApprovalRequest({ ApprovalRequestId: id })).ApprovalRequest;
  assert.equal(executed.State, 'EXECUTED');
  assert.ok(executed.ExecutionDate instanceof Date);
  await rejects(alice!.kw.executeApprovedRequest({ ApprovalRequestId: id }), 'KMSInvalidStateException', /is EXECUTED, not APPROVED/);
  const listed = await t.kw.listApprovalRequests({ KeyId: keyId, State: 'EXECUTED' });
  assert.deepEqual(listed.ApprovalRequests.map((r) => r.ApprovalRequestId), [id]);
});

test('an approver whose policies deny keyward:ApproveRequest is refused by the policy engine first', async () => {
  const [alice, carol] = await Promise.all(['alice', 'carol'].map(user));
  const { keyId } = await newKeyIds(t.kms);
  const id = await approvalRequired(schedule(alice!, keyId));
  const iam = new IAMClient({ endpoint: t.server.url, region: t.server.region, credentials: t.server.credentials, maxAttempts: 1 });
  await iam.send(new PutUserPolicyCommand({
    UserName: 'carol', PolicyName: 'no-approving',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'keyward:ApproveRequest', Resource: '*' }] }),
  }));
  try {
    await rejects(carol!.kw.approveRequest({ ApprovalRequestId: id }), 'AccessDeniedException',
      `User: ${carol!.arn} is not authorized to perform: keyward:ApproveRequest with an explicit deny in an identity-based policy`);
    assert.deepEqual((await t.kw.describeApprovalRequest({ ApprovalRequestId: id })).ApprovalRequest.Approvals, []);
  } finally {
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'no-approving' }));
  }
});

test('a rejected request cannot run: one rejection rejects, and the repeat needs a new request', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(user));
  const { keyId } = await newKeyIds(t.kms);
  const id = await approvalRequired(schedule(alice!, keyId));
  await bob!.kw.approveRequest({ ApprovalRequestId: id });
  const rejected = (await carol!.kw.rejectRequest({ ApprovalRequestId: id, Reason: 'still in use by billing' })).ApprovalRequest;
  assert.equal(rejected.State, 'REJECTED');
  assert.equal(rejected.Rejection?.Principal, carol!.arn);
  await rejects(bob!.kw.approveRequest({ ApprovalRequestId: id }), 'KMSInvalidStateException', `Approval request ${id} is REJECTED; it can no longer be approved.`);
  await rejects(alice!.kw.executeApprovedRequest({ ApprovalRequestId: id }), 'KMSInvalidStateException', /is REJECTED, not APPROVED \(1 of 2 approvals\)/);
  const again = await approvalRequired(schedule(alice!, keyId));
  assert.notEqual(again, id);
  assert.equal(await keyState(keyId), 'Enabled');
});

test('an approved request expires under the service clock and cannot run; ExecuteApprovedRequest runs a live one', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(user));
  const { keyId } = await newKeyIds(t.kms);
  const id = await approvalRequired(schedule(alice!, keyId));
  await bob!.kw.approveRequest({ ApprovalRequestId: id });
  await carol!.kw.approveRequest({ ApprovalRequestId: id });
  await advanceClock(t.server.url, 86_400 + 1);
  const expired = (await t.kw.describeApprovalRequest({ ApprovalRequestId: id })).ApprovalRequest;
  assert.equal(expired.State, 'EXPIRED');
  assert.ok((await t.kw.listApprovalRequests({ State: 'EXPIRED' })).ApprovalRequests.some((r) => r.ApprovalRequestId === id));
  await rejects(alice!.kw.executeApprovedRequest({ ApprovalRequestId: id }), 'KMSInvalidStateException', /is EXPIRED, not APPROVED/);
  const fresh = await approvalRequired(schedule(alice!, keyId));
  assert.notEqual(fresh, id);
  assert.equal(await keyState(keyId), 'Enabled');

  // The fresh request, approved, run with ExecuteApprovedRequest: only by its requester, once.
  await bob!.kw.approveRequest({ ApprovalRequestId: fresh });
  await carol!.kw.approveRequest({ ApprovalRequestId: fresh });
  await rejects(bob!.kw.executeApprovedRequest({ ApprovalRequestId: fresh }), 'AccessDeniedException', `Only the requester ${alice!.arn} may execute approval request ${fresh}.`);
  const out = await alice!.kw.executeApprovedRequest({ ApprovalRequestId: fresh });
  assert.equal(out.Operation, 'ScheduleKeyDeletion');
  assert.equal(JSON.parse(out.Response).KeyState, 'PendingDeletion');
  assert.equal(await keyState(keyId), 'PendingDeletion');
  assert.equal((await t.kw.describeApprovalRequest({ ApprovalRequestId: fresh })).ApprovalRequest.State, 'EXECUTED');
});

test('of two concurrent identical repeats of an approved call exactly one runs', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(user));
  const { keyId } = await newKeyIds(t.kms);
  const id = await approvalRequired(schedule(alice!, keyId));
  await bob!.kw.approveRequest({ ApprovalRequestId: id });
  await carol!.kw.approveRequest({ ApprovalRequestId: id });
  const outcomes = await Promise.allSettled([schedule(alice!, keyId), schedule(alice!, keyId), alice!.kw.executeApprovedRequest({ ApprovalRequestId: id })]);
  const ran = outcomes.filter((o) => o.status === 'fulfilled');
  assert.equal(ran.length, 1, `exactly one ran: ${outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).name : 'ok')).join(', ')}`);
  for (const o of outcomes) {
    if (o.status === 'rejected') assert.match((o.reason as Error).name, /^(ApprovalRequiredException|KMSInvalidStateException)$/);
  }
});

test('the default set gates grants to principals outside the account and barrier rotation, nothing else', async () => {
  const alice = await user('alice');
  const { keyId } = await newKeyIds(t.kms);
  const grant = (GranteePrincipal: string) => alice.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal, Operations: ['Decrypt'] }));
  assert.ok((await grant(arnOf('bob'))).GrantId, 'a grant inside the account needs no approval');
  const dry = await rejects(alice.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: '444455556666', Operations: ['Decrypt'], DryRun: true })),
    'ApprovalRequiredException', /under approval rule two-of-three .*; the DryRun opened no approval request\.$/) as SdkError & { ApprovalRequestId?: string };
  assert.equal(dry.ApprovalRequestId, undefined);
  await approvalRequired(grant('arn:aws:iam::444455556666:role/outsider'));
  await approvalRequired(grant('444455556666'));
  const rotation = await approvalRequired(t.kw.rotateBarrier({}));
  assert.equal((await t.kw.describeApprovalRequest({ ApprovalRequestId: rotation })).ApprovalRequest.KeyId, undefined);
  assert.equal((await alice.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Enabled, true, 'reads are not gated');
});

test('changing or deleting the rule needs the rule\'s approval', async () => {
  const [bob, carol] = await Promise.all(['bob', 'carol'].map(user));
  const change = { RuleName: 'two-of-three', RequiredApprovals: 3, Approvers: APPROVERS };
  const id = await approvalRequired(t.kw.putApprovalRule(change));
  assert.equal((await t.kw.getApprovalRule({ RuleName: 'two-of-three' })).Rule.RequiredApprovals, 2, 'unchanged until approved');
  await approvalRequired(t.kw.deleteApprovalRule({ RuleName: 'two-of-three' }));
  const r = (await bob!.kw.describeApprovalRequest({ ApprovalRequestId: id })).ApprovalRequest;
  assert.equal(r.Operation, 'PutApprovalRule');
  assert.equal(r.KeyId, undefined);
  await bob!.kw.approveRequest({ ApprovalRequestId: id });
  await carol!.kw.approveRequest({ ApprovalRequestId: id });
  const out = await t.kw.putApprovalRule(change);
  assert.equal(out.Created, false);
  assert.equal(out.Rule.RequiredApprovals, 3);
  assert.equal((await t.kw.listApprovalRules({})).Rules.length, 1);
});

test('approvers hear of it: lifecycle events for each step', async () => {
  await advanceClock(t.server.url, 0); // the audit follower runs with the jobs
  const types = ['ApprovalRequested', 'ApprovalGranted', 'ApprovalRejected', 'ApprovalRequestExpired', 'ApprovedRequestExecuted'] as const;
  const { Events } = await t.kw.listLifecycleEvents({ EventTypes: [...types], Limit: 1000 });
  for (const type of types) assert.ok(Events.some((e) => e.EventType === type), `an ${type} event`);
  const requested = Events.find((e) => e.EventType === 'ApprovalRequested')!;
  const details = JSON.parse(requested.Details!) as { approval: { approvers: string[]; requiredApprovals: number } };
  assert.deepEqual(details.approval.approvers, APPROVERS);
  assert.equal(details.approval.requiredApprovals, 2);
  // The same events reach the webhook, signed.
  for (let i = 0; i < 100 && !types.every((ty) => receiver.accepted().some((d) => d.eventType === ty)); i++) {
    await advanceClock(t.server.url, 0);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const type of types) {
    const delivered = receiver.accepted().filter((d) => d.eventType === type);
    assert.ok(delivered.length > 0 && delivered.every((d) => d.signatureValid), `${type} delivered to the webhook with a valid signature`);
  }
});
