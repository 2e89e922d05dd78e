// Authorization as a second user meets it (issue 10's story), end to end with the AWS SDK for JavaScript (KMS, IAM,
// STS clients) against the real server: the administrator creates alice and her access key; alice may do nothing until
// a policy says so; an identity policy allowing Encrypt only with encryption context app=billing lets her encrypt with
// that context and refuses without it; an explicit deny in the key policy beats her allow; a grant lets bob decrypt
// until it is retired; an inactive access key is refused; alice assumes a role whose policy allows Decrypt and its
// temporary credentials work until they expire (test clock); GetCallerIdentity names the assumed role; a PutKeyPolicy
// that would lock the caller out is refused; the test clock route wants an administrator's signature.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GetKeyPolicyCommand, KMSClient,
  ListKeysCommand, PutKeyPolicyCommand, RetireGrantCommand,
} from '@aws-sdk/client-kms';
import {
  AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand,
  PutUserPolicyCommand, UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { advanceClock, failure, rejects } from '../support/lifecycle-helpers.js';
import { signedKmsRequest } from '../support/raw-request.js';
import { TEST_ACCOUNT, useTestServer, type TestServer } from '../support/server.js';

interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

let server: TestServer;
let admin: { kms: KMSClient; iam: IAMClient };
const clients = (creds: Creds) => {
  const common = { endpoint: server.url, region: server.region, credentials: creds, maxAttempts: 1 };
  return { kms: new KMSClient(common), iam: new IAMClient(common), sts: new STSClient(common) };
};
const user = (name: string) => `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`;
const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const DEFAULT_STATEMENT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };

async function newUser(name: string): Promise<Creds> {
  await admin.iam.send(new CreateUserCommand({ UserName: name }));
  const key = (await admin.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

let keyId = '';
let keyArn = '';
let alice: ReturnType<typeof clients>;
let aliceCreds: Creds;

useTestServer({ args: ['--test-clock'] }, async (s, kms) => {
  server = s;
  admin = { kms, iam: clients(s.credentials).iam };
  const md = (await kms.send(new CreateKeyCommand({ Description: 'billing data' }))).KeyMetadata!;
  keyId = md.KeyId!;
  keyArn = md.Arn!;
  aliceCreds = await newUser('alice');
  alice = clients(aliceCreds);
});

/** An IAM or STS refusal: its Query error code and HTTP status (403 for AccessDenied and the credential errors). */
async function queryRejects(p: Promise<unknown>, code: string, status = 403) {
  const err = await failure(p);
  assert.ok(err, `expected ${code}`);
  assert.equal(err.name, code, err.message);
  assert.equal(err.$metadata?.httpStatusCode, status);
  return err;
}

const denied = (action: string, resource: string | undefined, why: string) =>
  `User: ${user('alice')} is not authorized to perform: ${action}${resource ? ` on resource: ${resource}` : ''} ${why}`;

test('alice, with no policy, may neither encrypt, list keys, create keys nor manage IAM', async () => {
  await rejects(alice.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), 'AccessDeniedException',
    denied('kms:Encrypt', keyArn, 'because no identity-based policy allows the kms:Encrypt action'));
  await rejects(alice.kms.send(new ListKeysCommand({})), 'AccessDeniedException',
    denied('kms:ListKeys', undefined, 'because no identity-based policy allows the kms:ListKeys action'));
  await rejects(alice.kms.send(new CreateKeyCommand({})), 'AccessDeniedException', /kms:CreateKey/);
  const err = await queryRejects(alice.iam.send(new CreateUserCommand({ UserName: 'mallory' })), 'AccessDenied');
  assert.match(err.message, /is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user\/mallory/);
});

test('an identity policy allowing Encrypt only with app=billing: with that context yes, without or with another no', async () => {
  await admin.iam.send(new PutUserPolicyCommand({
    UserName: 'alice', PolicyName: 'billing-encrypt', PolicyDocument: policy({
      Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: keyArn,
      Condition: { StringEquals: { 'kms:EncryptionContext:app': 'billing' } },
    }),
  }));
  const out = await alice.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('invoice'), EncryptionContext: { app: 'billing' } }));
  assert.equal(out.KeyId, keyArn);
  const back = await alice.kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { app: 'billing' } }));
  assert.equal(Buffer.from(back.Plaintext!).toString(), 'invoice');
  await rejects(alice.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), 'AccessDeniedException', /because no identity-based policy allows the kms:Encrypt action/);
  await rejects(alice.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'hr' } })), 'AccessDeniedException');
  // Authorization comes before the key's state and its existence in the account: no oracle for a caller without access.
  await rejects(alice.kms.send(new DescribeKeyCommand({ KeyId: keyId })), 'AccessDeniedException', /kms:DescribeKey/);
});

test('an explicit deny in the key policy beats alice\'s allow, and is lifted with it', async () => {
  const deny = { Sid: 'NoAlice', Effect: 'Deny', Principal: { AWS: user('alice') }, Action: 'kms:Encrypt', Resource: '*' };
  await admin.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(DEFAULT_STATEMENT, deny) }));
  await rejects(alice.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'billing' } })),
    'AccessDeniedException', denied('kms:Encrypt', keyArn, 'with an explicit deny in a resource-based policy'));
  await admin.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(DEFAULT_STATEMENT) }));
  await alice.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'billing' } }));
});

test('a grant lets bob decrypt, within its encryption-context constraint, until it is retired', async () => {
  const bob = clients(await newUser('bob'));
  const blob = (await admin.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('for bob'), EncryptionContext: { app: 'billing' } }))).CiphertextBlob!;
  await rejects(bob.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'billing' } })), 'AccessDeniedException');
  const grant = await admin.kms.send(new CreateGrantCommand({
    KeyId: keyId, GranteePrincipal: user('bob'), RetiringPrincipal: user('bob'), Operations: ['Decrypt'],
    Constraints: { EncryptionContextEquals: { app: 'billing' } },
  }));
  const back = await bob.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'billing' } }));
  assert.equal(Buffer.from(back.Plaintext!).toString(), 'for bob');
  await rejects(bob.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'billing' } })),
    'AccessDeniedException', /kms:Encrypt/);
  const other = (await admin.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('y'), EncryptionContext: { app: 'hr' } }))).CiphertextBlob!;
  await rejects(bob.kms.send(new DecryptCommand({ CiphertextBlob: other, EncryptionContext: { app: 'hr' } })), 'AccessDeniedException');
  await bob.kms.send(new RetireGrantCommand({ GrantToken: grant.GrantToken })); // bob is its retiring principal
  await rejects(bob.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'billing' } })), 'AccessDeniedException');
});

test('an inactive access key is refused at once, and works again when reactivated', async () => {
  const creds = await newUser('carol');
  await admin.iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  const carol = clients(creds);
  await carol.kms.send(new ListKeysCommand({}));
  await admin.iam.send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: creds.accessKeyId, Status: 'Inactive' }));
  await rejects(carol.kms.send(new ListKeysCommand({})), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  await queryRejects(carol.sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
  await admin.iam.send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: creds.accessKeyId, Status: 'Active' }));
  await carol.kms.send(new ListKeysCommand({}));
});

test('alice assumes a role allowed to decrypt: the session works, is the assumed role, and expires with the test clock', async () => {
  await admin.iam.send(new CreateRoleCommand({
    RoleName: 'decryptor', MaxSessionDuration: 3600,
    AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: user('alice') }, Action: 'sts:AssumeRole' }),
  }));
  await admin.iam.send(new PutRolePolicyCommand({ RoleName: 'decryptor', PolicyName: 'decrypt', PolicyDocument: policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) }));
  const blob = (await admin.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('archived') }))).CiphertextBlob!;
  const roleArn = `arn:aws:iam::${TEST_ACCOUNT}:role/decryptor`;
  const out = await alice.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'nightly', DurationSeconds: 900 }));
  const c = out.Credentials!;
  const session = clients({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
  const me = await session.sts.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/decryptor/nightly`);
  assert.equal(me.UserId, out.AssumedRoleUser!.AssumedRoleId);
  assert.match(me.UserId!, /^AROA[A-Z2-7]{16}:nightly$/);
  assert.equal(Buffer.from((await session.kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'archived');
  await rejects(session.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), 'AccessDeniedException',
    `User: ${me.Arn} is not authorized to perform: kms:Encrypt on resource: ${keyArn} because no identity-based policy allows the kms:Encrypt action`);
  await advanceClock(server.url, 901);
  await rejects(session.kms.send(new DecryptCommand({ CiphertextBlob: blob })), 'ExpiredTokenException');
  await queryRejects(session.sts.send(new GetCallerIdentityCommand({})), 'ExpiredToken');
  // A role that does not exist is refused as one that does not trust the caller.
  await queryRejects(alice.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ACCOUNT}:role/nosuch`, RoleSessionName: 'xx' })), 'AccessDenied');
});

test('a PutKeyPolicy that would lock the caller out is refused unless the safety check is bypassed', async () => {
  const md = (await admin.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  const onlyAlice = policy({ Effect: 'Allow', Principal: { AWS: user('alice') }, Action: 'kms:*', Resource: '*' });
  await rejects(admin.kms.send(new PutKeyPolicyCommand({ KeyId: md.KeyId, Policy: onlyAlice })), 'MalformedPolicyDocumentException',
    'The new key policy will not allow you to update the key policy in the future.');
  await rejects(admin.kms.send(new PutKeyPolicyCommand({ KeyId: md.KeyId, Policy: policy({ Effect: 'Allow', Principal: { AWS: user('nobody') }, Action: 'kms:*', Resource: '*' }) })),
    'MalformedPolicyDocumentException', 'Policy contains a statement with one or more invalid principals.');
  await rejects(admin.kms.send(new PutKeyPolicyCommand({ KeyId: md.KeyId, Policy: '{"Statement": [{"Effect": "Maybe"}]}' })), 'MalformedPolicyDocumentException');
  await rejects(admin.kms.send(new CreateKeyCommand({ Policy: onlyAlice })), 'MalformedPolicyDocumentException', /will not allow you to update the key policy/);
  await admin.kms.send(new PutKeyPolicyCommand({ KeyId: md.KeyId, Policy: onlyAlice, BypassPolicyLockoutSafetyCheck: true }));
  await rejects(admin.kms.send(new GetKeyPolicyCommand({ KeyId: md.KeyId })), 'AccessDeniedException', /with|because/);
});

test('the test clock moves only for an administrator\'s signature', async () => {
  const unsigned = await fetch(server.url + '/_keyward/clock', { method: 'POST', body: '{"advanceSeconds": 1}' });
  assert.equal(unsigned.status, 400);
  assert.equal((await unsigned.json() as { __type: string }).__type, 'MissingAuthenticationTokenException');
  const byAlice = await signedKmsRequest(server.url, { ...aliceCreds, path: '/_keyward/clock', contentType: 'application/json', body: '{"advanceSeconds": 1}' });
  assert.equal(byAlice.json?.__type, 'AccessDeniedException', byAlice.text);
  assert.match(String(byAlice.json?.message), /keyward:AdvanceTestClock/);
  assert.equal((await advanceClock(server.url, 1)).jobsRun >= 0, true);
});

test('dev mode listening beyond loopback says so, loudly', async () => {
  const { startTestServer } = await import('../support/server.js');
  const wide = await startTestServer({ args: ['--listen', '0.0.0.0:0'] }).catch((err: Error) => {
    throw new Error(`could not listen on 0.0.0.0: ${err.message}`);
  });
  try {
    assert.match(wide.output(), /WARNING: dev mode is listening beyond loopback \(0\.0\.0\.0:0\)/);
  } finally {
    await wide.stop(true);
  }
  assert.doesNotMatch(server.output(), /WARNING: dev mode is listening beyond loopback/);
});
