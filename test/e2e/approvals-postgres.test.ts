// Multi-party approval on two nodes over one PostgreSQL: a rule put on one node gates calls on the other (the change
// feed's 'approvals:' notification), approvals given on either node count together, and of 10 concurrent identical
// repeats spread over both nodes exactly one runs (the store's one-statement consumption). Issue 13 item 2.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateGrantCommand, DescribeKeyCommand, ScheduleKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { KeywardClient } from '../../src/client/index.js';
import { keywardClient } from '../support/keyward.js';
import { failure, kmsClient, newKeyIds } from '../support/lifecycle-helpers.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestServer, TEST_ACCOUNT, type TestServer } from '../support/server.js';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 binaries not installed';
const arnOf = (name: string) => `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`;

describe('approvals on two nodes over PostgreSQL', { skip }, () => {
  let cluster: TestPostgres;
  const nodes: TestServer[] = [];
  /** Per user, a KMS and a Keyward client on each node. */
  const as: Record<string, { kms: KMSClient[]; kw: KeywardClient[] }> = {};

  before(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'keyward-approvals-pg-'));
    nodes.push(await startTestServer({ dataDir, args: ['--database-url', url] }));
    nodes.push(await startTestServer({ dataDir, args: ['--database-url', url] }));
    as.admin = { kms: nodes.map(kmsClient), kw: nodes.map(keywardClient) };
    const iam = new IAMClient({ endpoint: nodes[0]!.url, region: nodes[0]!.region, credentials: nodes[0]!.credentials, maxAttempts: 1 });
    for (const name of ['alice', 'bob', 'carol']) {
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'all', PolicyDocument: JSON.stringify({
        Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*', 'keyward:*'], Resource: '*' }] }) }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      const on = nodes.map((n) => ({ url: n.url, region: n.region, credentials: { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! } }));
      as[name] = { kms: on.map(kmsClient), kw: on.map(keywardClient) };
    }
    iam.destroy();
  });

  after(async () => {
    for (const u of Object.values(as)) for (const k of u.kms) k.destroy();
    await Promise.all(nodes.map((n) => n.stop(true)));
    await cluster?.stop();
  });

  test('a rule put on node 0 gates node 1; approvals on both count; of 10 concurrent repeats over both nodes one runs', async () => {
    const { keyId } = await newKeyIds(as.admin!.kms[0]!);
    // Node 1 has read the (empty) rules before the rule exists: its cache must hear of the change.
    const probe = () => as.alice!.kms[1]!.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: '444455556666', Operations: ['Decrypt'], DryRun: true }));
    assert.equal((await failure(probe()))?.name, 'DryRunOperationException', 'no rule yet: nothing is gated');
    await as.admin!.kw[0]!.putApprovalRule({
      RuleName: 'two-nodes', RequiredApprovals: 2, Approvers: ['alice', 'bob', 'carol'].map(arnOf),
      Operations: ['ScheduleKeyDeletion', 'CreateGrant:CrossAccount', 'PutApprovalRule', 'DeleteApprovalRule'],
    });
    let gated = '';
    for (let i = 0; i < 50 && gated !== 'ApprovalRequiredException'; i++) {
      gated = (await failure(probe()))?.name ?? 'ok';
      if (gated !== 'ApprovalRequiredException') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(gated, 'ApprovalRequiredException', 'node 1 applies the rule put on node 0 within 5 s');

    const schedule = (node: number) => as.alice!.kms[node]!.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    const refused = (await failure(schedule(1))) as (Error & { ApprovalRequestId?: string }) | undefined;
    assert.equal(refused?.name, 'ApprovalRequiredException');
    const id = refused!.ApprovalRequestId!;
    assert.equal(((await failure(schedule(0))) as { ApprovalRequestId?: string }).ApprovalRequestId, id, 'node 0 names the same request');
    await as.bob!.kw[0]!.approveRequest({ ApprovalRequestId: id });
    assert.equal((await as.carol!.kw[1]!.approveRequest({ ApprovalRequestId: id })).ApprovalRequest.State, 'APPROVED');

    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => schedule(i % 2)));
    const ran = outcomes.filter((o) => o.status === 'fulfilled');
    const names = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).name : 'ok'));
    assert.equal(ran.length, 1, `exactly one ran: ${names.join(', ')}`);
    for (const n of names) assert.match(n, /^(ok|ApprovalRequiredException|KMSInvalidStateException)$/);
    for (const node of [0, 1]) {
      assert.equal((await as.admin!.kw[node]!.describeApprovalRequest({ ApprovalRequestId: id })).ApprovalRequest.State, 'EXECUTED');
      assert.equal((await as.admin!.kms[node]!.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'PendingDeletion');
    }
  });
});
