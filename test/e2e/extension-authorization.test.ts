// Keyward's extension operations are authorized like AWS's (docs/extension-api.md: the action keyward:<Operation>):
// an IAM user whose policies do not allow keyward:ArchiveKey is refused with AccessDeniedException naming the action
// and the key, and nothing changes; once an identity policy grants keyward:ArchiveKey on the key the same call
// succeeds, and kms:* does not stand in for it. Issue 12.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { KeywardClient } from '../../src/client/index.js';
import { keywardClient } from '../support/keyward.js';
import { newKeyIds, rejects } from '../support/lifecycle-helpers.js';
import { TEST_ACCOUNT, useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let iam: IAMClient;
let admin: KeywardClient;
let keyId = '';
let keyArn = '';

useTestServer({}, async (s, kms) => {
  server = s;
  iam = new IAMClient({ endpoint: s.url, region: s.region, credentials: s.credentials, maxAttempts: 1 });
  admin = keywardClient(s);
  ({ keyId, arn: keyArn } = await newKeyIds(kms));
});

const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function newUser(name: string): Promise<KeywardClient> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return keywardClient({ url: server.url, region: server.region, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
}

const deniedArchive = (why: string) =>
  `User: arn:aws:iam::${TEST_ACCOUNT}:user/carol is not authorized to perform: keyward:ArchiveKey on resource: ${keyArn} ${why}`;

test('keyward:ArchiveKey is refused to a user without it, kms:* does not grant it, and an Allow of it does', async () => {
  const carol = await newUser('carol');
  await rejects(carol.archiveKey({ KeyId: keyId, Reason: 'not mine' }), 'AccessDeniedException',
    deniedArchive('because no identity-based policy allows the keyward:ArchiveKey action'));
  await iam.send(new PutUserPolicyCommand({
    UserName: 'carol', PolicyName: 'kms-only', PolicyDocument: policy({ Effect: 'Allow', Action: 'kms:*', Resource: keyArn }),
  }));
  await rejects(carol.archiveKey({ KeyId: keyId, Reason: 'not mine' }), 'AccessDeniedException', /keyward:ArchiveKey/);
  assert.equal((await admin.describeKeyLifecycle({ KeyId: keyId })).LifecycleState, 'ENABLED', 'the refused calls changed nothing');

  await iam.send(new PutUserPolicyCommand({
    UserName: 'carol', PolicyName: 'archive', PolicyDocument: policy({ Effect: 'Allow', Action: 'keyward:ArchiveKey', Resource: keyArn }),
  }));
  const out = await carol.archiveKey({ KeyId: keyId, Reason: 'project ended' });
  assert.equal(out.KeyState, 'Disabled');
  assert.equal((await admin.describeKeyLifecycle({ KeyId: keyId })).LifecycleState, 'ARCHIVED');
  // The grant is of that one action: carol may not open a reactivation window.
  await rejects(carol.reactivateKey({ KeyId: keyId, DurationInSeconds: 60, Reason: 'x' }), 'AccessDeniedException', /keyward:ReactivateKey/);
});
