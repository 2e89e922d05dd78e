// The destruction operations are authorized as keyward:<Operation> (docs/destruction.md): ReportScanResults on no key,
// PutDestructionPreflight on the key, and GetDestructionReceipt also after the key is gone — then, with no key policy
// left, an identity policy naming the key's ARN decides; a receipt names the approvers of an approved deletion. Issue 13.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { ScheduleKeyDeletionCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { KeywardClient } from '../../src/client/index.js';
import { keywardClient } from '../support/keyward.js';
import { advanceClock, DAY, newKeyIds, rejects } from '../support/lifecycle-helpers.js';
import { TEST_ACCOUNT, useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let iam: IAMClient;
let kms: KMSClient;

useTestServer({ args: ['--test-clock'] }, async (s, k) => {
  server = s;
  kms = k;
  iam = new IAMClient({ endpoint: s.url, region: s.region, credentials: s.credentials, maxAttempts: 1 });
});

const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function newUser(name: string): Promise<KeywardClient> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return keywardClient({ url: server.url, region: server.region, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
}

/** AWS's text: an action on no resource ('*') names none. */
const denied = (action: string, resource: string) =>
  `User: arn:aws:iam::${TEST_ACCOUNT}:user/dave is not authorized to perform: keyward:${action}${resource === '*' ? '' : ` on resource: ${resource}`} because no identity-based policy allows the keyward:${action} action`;

test('destruction operations need their own keyward actions; a gone key\'s receipt is decided by identity policies', async () => {
  const dave = await newUser('dave');
  const { keyId, arn } = await newKeyIds(kms);
  await rejects(dave.reportScanResults({ Scope: '/x', Inventory: [] }), 'AccessDeniedException', denied('ReportScanResults', '*'));
  await rejects(dave.putDestructionPreflight({ KeyId: keyId, Enabled: false }), 'AccessDeniedException', denied('PutDestructionPreflight', arn));
  await rejects(dave.listDestructionReceipts({}), 'AccessDeniedException', denied('ListDestructionReceipts', '*'));

  await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  await advanceClock(server.url, 8 * DAY);
  await rejects(dave.getDestructionReceipt({ KeyId: arn }), 'AccessDeniedException', denied('GetDestructionReceipt', arn));
  await iam.send(new PutUserPolicyCommand({
    UserName: 'dave', PolicyName: 'receipts', PolicyDocument: policy({ Effect: 'Allow', Action: 'keyward:GetDestructionReceipt', Resource: arn }),
  }));
  const got = await dave.getDestructionReceipt({ KeyId: keyId });
  assert.equal(got.KeyId, arn);
  assert.equal(got.ScanResult, 'CLEAN');
  await rejects(dave.reportScanResults({ Scope: '/x', Inventory: [] }), 'AccessDeniedException', /keyward:ReportScanResults/);
});

test('a deletion approved under a multi-party rule names its approver in the receipt', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'erin' }));
  await iam.send(new PutUserPolicyCommand({
    UserName: 'erin', PolicyName: 'approver', PolicyDocument: policy({ Effect: 'Allow', Action: ['kms:*', 'keyward:*'], Resource: '*' }),
  }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
  const erin = keywardClient({ url: server.url, region: server.region, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
  const erinArn = `arn:aws:iam::${TEST_ACCOUNT}:user/erin`;
  const admin = keywardClient(server);
  await admin.putApprovalRule({ RuleName: 'deletions', RequiredApprovals: 1, Approvers: [erinArn], Operations: ['ScheduleKeyDeletion'] });
  const { keyId, arn } = await newKeyIds(kms);
  const schedule = () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  const refused = await rejects(schedule(), 'ApprovalRequiredException') as Error & { ApprovalRequestId?: string };
  await erin.approveRequest({ ApprovalRequestId: refused.ApprovalRequestId! });
  assert.equal((await schedule()).KeyState, 'PendingDeletion');
  await advanceClock(server.url, 8 * DAY);
  const receipt = JSON.parse((await admin.getDestructionReceipt({ KeyId: arn })).Receipt);
  assert.deepEqual(receipt.Approvals, [erinArn]);
  assert.match(receipt.ScheduledBy, /^arn:aws:iam::111122223333:user\//);
});
