// Authorization on two nodes over one PostgreSQL: what one node changes — an identity policy, an access key's status,
// a grant, a key policy — is in force on the other within a second (the LISTEN/NOTIFY change feed), and the
// authorization story of authorization.test.ts holds on the PostgreSQL store as on SQLite.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateGrantCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand, PutKeyPolicyCommand, RevokeGrantCommand } from '@aws-sdk/client-kms';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, DetachUserPolicyCommand, IAMClient, PutUserPolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { failure, rejects } from '../support/lifecycle-helpers.js';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestServer, TEST_ACCOUNT, type TestServer } from '../support/server.js';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 binaries not installed';
const user = (name: string) => `arn:aws:iam::${TEST_ACCOUNT}:user/${name}`;
const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

/** Retries `check` until it passes or a second (the change feed's bound) has gone by; returns how long it took. */
async function within1s(check: () => Promise<void>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - t0;
    } catch (err) {
      if (Date.now() - t0 > 1000) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('authorization on two nodes over PostgreSQL', { skip }, () => {
  let cluster: TestPostgres;
  const nodes: TestServer[] = [];
  const on = (i: number, creds: { accessKeyId: string; secretAccessKey: string }) => {
    const common = { endpoint: nodes[i]!.url, region: nodes[i]!.region, credentials: creds, maxAttempts: 1 };
    return { kms: new KMSClient(common), iam: new IAMClient(common) };
  };
  let admin: ReturnType<typeof on>[];
  let alice: ReturnType<typeof on>[];
  let aliceKey = '';
  let keyId = '';

  before(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'keyward-authz-pg-'));
    nodes.push(await startTestServer({ dataDir, args: ['--database-url', url] }));
    nodes.push(await startTestServer({ dataDir, args: ['--database-url', url] }));
    admin = [on(0, nodes[0]!.credentials), on(1, nodes[0]!.credentials)];
    await admin[0]!.iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const k = (await admin[0]!.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    aliceKey = k.AccessKeyId!;
    alice = [on(0, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }), on(1, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! })];
    keyId = (await admin[0]!.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  });

  after(async () => {
    await Promise.all(nodes.map((n) => n.stop(true)));
    await cluster?.stop();
  });

  test('a user and access key made on node 0 authenticate on node 1; a policy attached there applies here', async () => {
    await within1s(async () => {
      await rejects(alice[1]!.kms.send(new ListKeysCommand({})), 'AccessDeniedException'); // authenticated, not allowed
    });
    await admin[0]!.iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const ms = await within1s(async () => void (await alice[1]!.kms.send(new ListKeysCommand({}))));
    await admin[1]!.iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await within1s(async () => void (await rejects(alice[0]!.kms.send(new ListKeysCommand({})), 'AccessDeniedException')));
    assert.ok(ms <= 1000);
  });

  test('the encryption-context condition holds on both nodes', async () => {
    await admin[0]!.iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'ctx', PolicyDocument: policy({
      Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:app': 'billing' } },
    }) }));
    const blob = await within1s(async () => void (await alice[1]!.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'billing' } }))));
    assert.ok(blob >= 0);
    await rejects(alice[1]!.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), 'AccessDeniedException');
  });

  test('a grant created on node 0 works on node 1 at once with its token, and a revoke on node 0 is seen by node 1', async () => {
    const blob = (await admin[0]!.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('g') }))).CiphertextBlob!;
    const grant = await admin[0]!.kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: user('alice'), Operations: ['Decrypt'] }));
    // With the grant token, node 1 honours the grant before any cache could have heard of it.
    await alice[1]!.kms.send(new DecryptCommand({ CiphertextBlob: blob, GrantTokens: [grant.GrantToken!] }));
    await within1s(async () => void (await alice[1]!.kms.send(new DecryptCommand({ CiphertextBlob: blob }))));
    await admin[0]!.kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: grant.GrantId }));
    const ms = await within1s(async () => void (await rejects(alice[1]!.kms.send(new DecryptCommand({ CiphertextBlob: blob })), 'AccessDeniedException')));
    assert.ok(ms <= 1000, `node 1 refused the revoked grant after ${ms} ms`);
  });

  test('a key policy deny put on node 1 is enforced on node 0', async () => {
    const deny = { Effect: 'Deny', Principal: { AWS: user('alice') }, Action: 'kms:Encrypt', Resource: '*' };
    const root = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
    await admin[1]!.kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy(root, deny) }));
    await within1s(async () => void (await rejects(alice[0]!.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'billing' } })),
      'AccessDeniedException', /with an explicit deny in a resource-based policy/)));
  });

  test('an access key deactivated on node 1 is refused by node 0 within a second', async () => {
    await admin[1]!.iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: aliceKey, Status: 'Inactive' }));
    await within1s(async () => {
      const err = await failure(alice[0]!.kms.send(new ListKeysCommand({})));
      assert.equal(err?.name, 'UnrecognizedClientException');
    });
  });
});
