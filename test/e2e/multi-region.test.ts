// Multi-Region keys with the unmodified AWS SDK for JavaScript v3, one client per Region of one server started with
// --regions: a primary made in us-east-1 and replicated to eu-west-1 keeps its key id and material, each copy its own
// description, tags, aliases and audit Region; ciphertexts of either copy decrypt in the other Region (a single-Region
// key's do not), rotation of the primary reaches the replica, UpdatePrimaryRegion swaps the roles, and every mistake
// gets AWS's error (docs/multi-region.md).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, ScheduleKeyDeletionCommand, DecryptCommand, DescribeKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeyRotationsCommand, ListKeysCommand, ListResourceTagsCommand,
  ReplicateKeyCommand, RotateKeyOnDemandCommand, UpdatePrimaryRegionCommand, type KeyMetadata,
} from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { advanceClock, DAY, rejects } from '../support/lifecycle-helpers.js';
import { TEST_ACCOUNT, useTestServer, type TestServer } from '../support/server.js';
import { keywardClient } from '../support/keyward.js';

const US = 'us-east-1';
const EU = 'eu-west-1';
const MRK = /^mrk-[0-9a-f]{32}$/;
const arnIn = (region: string, keyId: string) => `arn:aws:kms:${region}:${TEST_ACCOUNT}:key/${keyId}`;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('utf8');

let server: TestServer;
let us: KMSClient;
let eu: KMSClient;
const auditFile = join(mkdtempSync(join(tmpdir(), 'keyward-mrk-audit-')), 'audit.jsonl');
const clientIn = (region: string) => new KMSClient({ endpoint: server.url, region, credentials: server.credentials, maxAttempts: 1 });

useTestServer({ args: ['--test-clock', '--regions', `${US},${EU}`, '--audit-file', auditFile] }, (s, k) => {
  server = s;
  us = k;
  eu = clientIn(EU);
});

async function describe_(kms: KMSClient, keyId: string): Promise<KeyMetadata> {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

describe('a multi-Region key across two Regions of one server', () => {
  let keyId: string;
  let primaryMaterial: string | undefined;

  before(async () => {
    const md = (await us.send(new CreateKeyCommand({ MultiRegion: true, Description: 'orders (primary)' }))).KeyMetadata!;
    keyId = md.KeyId!;
    primaryMaterial = md.CurrentKeyMaterialId;
  });

  test('CreateKey MultiRegion: an mrk- id, MultiRegion true, a PRIMARY configuration with no replicas yet', async () => {
    assert.match(keyId, MRK);
    const md = await describe_(us, keyId);
    assert.equal(md.MultiRegion, true);
    assert.equal(md.Arn, arnIn(US, keyId));
    assert.deepEqual(md.MultiRegionConfiguration, { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: arnIn(US, keyId), Region: US }, ReplicaKeys: [] });
  });

  test('ReplicateKey: same key id and material in eu-west-1, its own description, tags and default policy', async () => {
    const out = await us.send(new ReplicateKeyCommand({
      KeyId: keyId, ReplicaRegion: EU, Description: 'orders (eu replica)', Tags: [{ TagKey: 'site', TagValue: 'dublin' }],
    }));
    const md = out.ReplicaKeyMetadata!;
    assert.equal(md.KeyId, keyId);
    assert.equal(md.Arn, arnIn(EU, keyId));
    assert.equal(md.KeyState, 'Enabled');
    assert.equal(md.Description, 'orders (eu replica)');
    assert.equal(md.CurrentKeyMaterialId, primaryMaterial, 'the replica has the primary\'s material');
    assert.deepEqual(md.MultiRegionConfiguration, {
      MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: arnIn(US, keyId), Region: US }, ReplicaKeys: [{ Arn: arnIn(EU, keyId), Region: EU }],
    });
    assert.deepEqual(out.ReplicaTags, [{ TagKey: 'site', TagValue: 'dublin' }]);
    assert.equal(JSON.parse(out.ReplicaPolicy!).Statement[0].Principal.AWS, `arn:aws:iam::${TEST_ACCOUNT}:root`);
  });

  test('DescribeKey in both Regions: the primary lists its replica; the replica answers by id and by its own ARN', async () => {
    const primary = await describe_(us, keyId);
    assert.deepEqual(primary.MultiRegionConfiguration?.ReplicaKeys, [{ Arn: arnIn(EU, keyId), Region: EU }]);
    assert.equal(primary.Description, 'orders (primary)');
    const replica = await describe_(eu, arnIn(EU, keyId));
    assert.equal(replica.MultiRegionConfiguration?.MultiRegionKeyType, 'REPLICA');
    assert.equal(replica.Description, 'orders (eu replica)');
    assert.deepEqual(await describe_(eu, keyId), replica);
    // A key ARN of the other Region is refused as AWS does.
    await rejects(eu.send(new DescribeKeyCommand({ KeyId: arnIn(US, keyId) })), 'NotFoundException', `Invalid arn ${US}`);
    const tags = async (kms: KMSClient) => (await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags;
    assert.deepEqual(await tags(eu), [{ TagKey: 'site', TagValue: 'dublin' }]);
    assert.deepEqual(await tags(us), []);
  });

  test('a ciphertext of either copy decrypts with the other copy in its Region', async () => {
    const fromUs = await us.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('made in us-east-1'), EncryptionContext: { order: '7' } }));
    assert.equal(fromUs.KeyId, arnIn(US, keyId));
    const inEu = await eu.send(new DecryptCommand({ CiphertextBlob: fromUs.CiphertextBlob, EncryptionContext: { order: '7' } }));
    assert.equal(text(inEu.Plaintext), 'made in us-east-1');
    assert.equal(inEu.KeyId, arnIn(EU, keyId));
    const named = await eu.send(new DecryptCommand({ CiphertextBlob: fromUs.CiphertextBlob, EncryptionContext: { order: '7' }, KeyId: arnIn(EU, keyId) }));
    assert.equal(text(named.Plaintext), 'made in us-east-1');
    const fromEu = await eu.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('made in eu-west-1') }));
    assert.equal(text((await us.send(new DecryptCommand({ CiphertextBlob: fromEu.CiphertextBlob }))).Plaintext), 'made in eu-west-1');
    await rejects(eu.send(new DecryptCommand({ CiphertextBlob: fromUs.CiphertextBlob, EncryptionContext: { order: '8' } })), 'InvalidCiphertextException');
  });

  test('rotating the primary rotates the replica: a new version\'s ciphertext decrypts in eu-west-1; the replica itself cannot rotate', async () => {
    await us.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    const md = await describe_(eu, keyId);
    assert.notEqual(md.CurrentKeyMaterialId, primaryMaterial);
    assert.equal(md.CurrentKeyMaterialId, (await describe_(us, keyId)).CurrentKeyMaterialId);
    const rotations = (await eu.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!;
    assert.deepEqual(rotations.map((r) => r.RotationType), ['ON_DEMAND']);
    const blob = (await us.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('after rotation') }))).CiphertextBlob;
    assert.equal(text((await eu.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), 'after rotation');
    const replicaRotation = new RegExp(`^${arnIn(EU, keyId)} is a multi-Region replica key\\. Its rotation is shared with its primary key: change it on the primary key in ${US}\\.$`);
    await rejects(eu.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), 'UnsupportedOperationException', replicaRotation);
    await rejects(eu.send(new EnableKeyRotationCommand({ KeyId: keyId })), 'UnsupportedOperationException', replicaRotation);
    await us.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 120 }));
    const status = await eu.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.RotationPeriodInDays, 120);
  });

  test('policies see the request\'s Region: aws:RequestedRegion and kms:MultiRegionKeyType', async () => {
    const iam = new IAMClient({ endpoint: server.url, region: US, credentials: server.credentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'eu-reader' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'eu-reader' }))).AccessKey!;
    await iam.send(new PutUserPolicyCommand({
      UserName: 'eu-reader', PolicyName: 'eu-replicas-only', PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*',
          Condition: { StringEquals: { 'aws:RequestedRegion': EU, 'kms:MultiRegionKeyType': 'REPLICA' } },
        }],
      }),
    }));
    iam.destroy();
    const as = (region: string) => new KMSClient({
      endpoint: server.url, region, maxAttempts: 1, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    });
    const [readerEu, readerUs] = [as(EU), as(US)];
    assert.equal((await describe_(readerEu, keyId)).Arn, arnIn(EU, keyId));
    await rejects(readerUs.send(new DescribeKeyCommand({ KeyId: keyId })), 'AccessDeniedException',
      `User: arn:aws:iam::${TEST_ACCOUNT}:user/eu-reader is not authorized to perform: kms:DescribeKey on resource: ${arnIn(US, keyId)} because no identity-based policy allows the kms:DescribeKey action`);
    readerEu.destroy();
    readerUs.destroy();
  });

  test('ListKeys and ListAliases list the caller\'s Region; one alias name lives in both Regions on its own', async () => {
    const single = (await us.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const listed = async (kms: KMSClient) => (await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyArn);
    const inEu = await listed(eu);
    assert.deepEqual(inEu, [arnIn(EU, keyId)]);
    const inUs = await listed(us);
    assert.ok(inUs.includes(arnIn(US, keyId)) && inUs.includes(arnIn(US, single)));
    await us.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: keyId }));
    await eu.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: keyId }));
    await rejects(eu.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: keyId })), 'AlreadyExistsException',
      `An alias with the name arn:aws:kms:${EU}:${TEST_ACCOUNT}:alias/orders already exists`);
    const aliases = async (kms: KMSClient) => (await kms.send(new ListAliasesCommand({}))).Aliases!.filter((a) => !a.AliasName!.startsWith('alias/aws/'));
    assert.deepEqual((await aliases(eu)).map((a) => [a.AliasArn, a.TargetKeyId]), [[`arn:aws:kms:${EU}:${TEST_ACCOUNT}:alias/orders`, keyId]]);
    assert.deepEqual((await aliases(us)).map((a) => [a.AliasArn, a.TargetKeyId]), [[`arn:aws:kms:${US}:${TEST_ACCOUNT}:alias/orders`, keyId]]);
    assert.equal((await describe_(eu, 'alias/orders')).Arn, arnIn(EU, keyId));
  });

  test('a single-Region key lives in its Region only: not found elsewhere, and its ciphertexts do not decrypt there', async () => {
    const single = (await us.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await rejects(eu.send(new DescribeKeyCommand({ KeyId: single })), 'NotFoundException', `Key '${arnIn(EU, single)}' does not exist`);
    const blob = (await us.send(new EncryptCommand({ KeyId: single, Plaintext: bytes('stays in us-east-1') }))).CiphertextBlob;
    await rejects(eu.send(new DecryptCommand({ CiphertextBlob: blob })), 'InvalidCiphertextException');
    assert.equal(text((await us.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), 'stays in us-east-1');
  });

  test('ReplicateKey mistakes get AWS\'s errors', async () => {
    const single = (await us.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await rejects(us.send(new ReplicateKeyCommand({ KeyId: single, ReplicaRegion: EU })), 'UnsupportedOperationException',
      `${arnIn(US, single)} is not a multi-region primary key.`);
    await rejects(us.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: US })), 'AlreadyExistsException',
      `Key '${arnIn(US, keyId)}' already exists`);
    await rejects(us.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: EU })), 'AlreadyExistsException',
      `Key '${arnIn(EU, keyId)}' already exists`);
    await rejects(eu.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: US })), 'UnsupportedOperationException',
      `${arnIn(EU, keyId)} is not a multi-region primary key.`);
    await rejects(us.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'ap-south-1' })), 'UnsupportedOperationException',
      `The Region ap-south-1 is not served by this Keyward installation (served: ${US}, ${EU}). Add it to --regions.`);
    await rejects(us.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'Mars' })), 'ValidationException',
      /^1 validation error detected: Value 'Mars' at 'replicaRegion' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  test('two concurrent ReplicateKey calls into one Region: one replica, the other caller told it exists', async () => {
    const id = (await us.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!.KeyId!;
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU }))));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        assert.equal((o.reason as Error).name, 'AlreadyExistsException');
        assert.equal((o.reason as Error).message, `Key '${arnIn(EU, id)}' already exists`);
      }
    }
    assert.deepEqual((await describe_(us, id)).MultiRegionConfiguration?.ReplicaKeys, [{ Arn: arnIn(EU, id), Region: EU }]);
  });

  test('a client of a Region the server does not serve is refused at the credential scope', async () => {
    const elsewhere = clientIn('ap-south-1');
    await rejects(elsewhere.send(new ListKeysCommand({})), 'InvalidSignatureException', "Credential should be scoped to a valid region, not 'ap-south-1'. ");
    elsewhere.destroy();
  });

  test('UpdatePrimaryRegion swaps the roles; only the primary replicates, and only to a Region without a copy', async () => {
    await us.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: EU }));
    const inEu = await describe_(eu, keyId);
    const inUs = await describe_(us, keyId);
    const config = (type: string) => ({ MultiRegionKeyType: type, PrimaryKey: { Arn: arnIn(EU, keyId), Region: EU }, ReplicaKeys: [{ Arn: arnIn(US, keyId), Region: US }] });
    assert.deepEqual(inEu.MultiRegionConfiguration, config('PRIMARY'));
    assert.deepEqual(inUs.MultiRegionConfiguration, config('REPLICA'));
    await rejects(us.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: EU })), 'UnsupportedOperationException',
      `${arnIn(US, keyId)} is not a multi-region primary key.`);
    await rejects(us.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), 'UnsupportedOperationException', /is a multi-Region replica key/);
    // The new primary rotates for both.
    await eu.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    assert.equal((await describe_(us, keyId)).CurrentKeyMaterialId, (await describe_(eu, keyId)).CurrentKeyMaterialId);
    const single = (await us.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await rejects(us.send(new UpdatePrimaryRegionCommand({ KeyId: single, PrimaryRegion: EU })), 'UnsupportedOperationException',
      `${arnIn(US, single)} is not a multi-region key.`);
    const lone = (await us.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!.KeyId!;
    await rejects(us.send(new UpdatePrimaryRegionCommand({ KeyId: lone, PrimaryRegion: EU })), 'NotFoundException',
      `Key '${arnIn(EU, lone)}' does not exist`);
  });

  test('ScheduleKeyDeletion of a primary with a replica waits in PendingReplicaDeletion until the last replica is gone', async () => {
    const id = (await us.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!.KeyId!;
    await us.send(new ReplicateKeyCommand({ KeyId: id, ReplicaRegion: EU }));
    const scheduled = await us.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyState, 'PendingReplicaDeletion');
    assert.equal(scheduled.PendingWindowInDays, 7);
    assert.equal(scheduled.DeletionDate, undefined, 'no deletion date until the replicas are deleted');
    const waiting = await describe_(us, id);
    assert.equal(waiting.KeyState, 'PendingReplicaDeletion');
    assert.equal(waiting.PendingDeletionWindowInDays, 7);
    assert.equal(waiting.DeletionDate, undefined);
    await rejects(us.send(new EncryptCommand({ KeyId: id, Plaintext: bytes('x') })), 'KMSInvalidStateException', `${arnIn(US, id)} is pending deletion.`);
    assert.equal((await describe_(eu, id)).KeyState, 'Enabled', 'the replica is untouched');
    await eu.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
    await advanceClock(server.url, 7 * DAY + 60); // the replica's window ends; the scheduler deletes it
    await rejects(eu.send(new DescribeKeyCommand({ KeyId: id })), 'NotFoundException', `Key '${arnIn(EU, id)}' does not exist`);
    // The replica's destruction receipt (Keyward's extension API, in its Region): its material matched its own commitment.
    const receipt = await keywardClient({ url: server.url, region: EU, credentials: server.credentials }).getDestructionReceipt({ KeyId: id });
    assert.equal(receipt.KeyId, arnIn(EU, id));
    const body = JSON.parse(receipt.Receipt) as { Region: string; Kind: string; Versions: { CommitmentMatched: boolean }[] };
    assert.equal(body.Region, EU);
    assert.equal(body.Kind, 'KeyDeletion');
    assert.ok(body.Versions.length === 1 && body.Versions.every((v) => v.CommitmentMatched), JSON.stringify(body.Versions));
    const primary = await describe_(us, id);
    assert.equal(primary.KeyState, 'PendingDeletion');
    assert.deepEqual(primary.MultiRegionConfiguration?.ReplicaKeys, []);
    const days = (primary.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 7 + 6.9 && days < 7 + 7.1, `the primary's 7 days start when its last replica is deleted (${days} days from real now)`);
    // A primary waiting for its replicas can still be saved: CancelKeyDeletion leaves it Disabled.
    const other = (await us.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!.KeyId!;
    await us.send(new ReplicateKeyCommand({ KeyId: other, ReplicaRegion: EU }));
    await us.send(new ScheduleKeyDeletionCommand({ KeyId: other }));
    await us.send(new CancelKeyDeletionCommand({ KeyId: other }));
    const saved = await describe_(us, other);
    assert.equal(saved.KeyState, 'Disabled');
    assert.equal(saved.PendingDeletionWindowInDays, undefined);
  });

  test('each Region\'s audit events carry their own awsRegion', async () => {
    const events = readFileSync(auditFile, 'utf8')
      .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { eventName: string; awsRegion: string; resources: { ARN: string }[] });
    const of = (name: string, region: string) => events.filter((e) => e.eventName === name && e.awsRegion === region);
    assert.ok(of('ReplicateKey', US).length >= 1, 'ReplicateKey was called in us-east-1');
    assert.ok(of('Decrypt', EU).length >= 3, 'decrypts in eu-west-1');
    assert.ok(of('Decrypt', US).length >= 1, 'decrypts in us-east-1');
    for (const e of events.filter((x) => x.resources.length > 0)) assert.equal(e.awsRegion, e.resources[0]!.ARN.split(':')[3], `${e.eventName} of ${e.resources[0]!.ARN}`);
    assert.equal(of('ListKeys', EU).length + of('ListKeys', US).length, events.filter((e) => e.eventName === 'ListKeys' && e.awsRegion !== 'ap-south-1').length);
  });
});
