// AWS-managed keys as AWS does them: the first use of a predefined alias/aws/<service> creates the service's key
// (KeyManager AWS, AWS's description, yearly rotation always on), later uses reuse it, concurrent first uses create one
// key, unknown alias/aws/ names are missing aliases, and the customer cannot manage the key.
// Sources: ../shared/reference/aws-kms-api.md §2.2 DescribeKey, §2.3, §4.7, §4.8; clients-and-wire.md items 24, 65.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand,
  DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GenerateDataKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, GetParametersForImportCommand, KMSClient,
  ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand, PutKeyPolicyCommand, ReEncryptCommand,
  RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand,
  UpdateKeyDescriptionCommand, type AliasListEntry,
} from '@aws-sdk/client-kms';
import { AWS_MANAGED_SERVICES } from '../../src/core/keys/aws-managed.js';
import { ALIAS_ARN_PREFIX, ARN_PREFIX, assertNoMessage, rejects } from '../support/lifecycle-helpers.js';
import { TEST_ACCOUNT, useTestServer } from '../support/server.js';

let kms: KMSClient;
useTestServer({}, (_s, k) => {
  kms = k;
});

const text = (s: string) => new TextEncoder().encode(s);

async function allAliases(limit = 100): Promise<AliasListEntry[]> {
  const out: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListAliasesCommand({ Limit: limit, ...(marker ? { Marker: marker } : {}) }));
    out.push(...(page.Aliases ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

const awsAliases = async () => (await allAliases()).filter((a) => a.AliasName!.startsWith('alias/aws/'));

describe('AWS-managed keys', () => {
  let s3KeyId: string;

  before(async () => {
    // Before any first use every predefined alias is listed, none with a key (AWS: predefined aliases "that have no
    // TargetKeyId field").
    assert.deepEqual(await awsAliases(), Object.keys(AWS_MANAGED_SERVICES).sort()
      .map((s) => ({ AliasName: `alias/aws/${s}`, AliasArn: `${ALIAS_ARN_PREFIX}alias/aws/${s}` })), 'no AWS-managed key exists before its first use');
  });

  test('Encrypt with alias/aws/s3 creates the key; a second use reuses it; Decrypt works', async () => {
    const first = await kms.send(new EncryptCommand({ KeyId: 'alias/aws/s3', Plaintext: text('object data') }));
    assert.match(first.KeyId!, new RegExp(`^${ARN_PREFIX}[0-9a-f-]{36}$`));
    s3KeyId = first.KeyId!.slice(ARN_PREFIX.length);
    const second = await kms.send(new EncryptCommand({ KeyId: `${ALIAS_ARN_PREFIX}alias/aws/s3`, Plaintext: text('more') }));
    assert.equal(second.KeyId, first.KeyId, 'the alias ARN names the same key');
    const plain = await kms.send(new DecryptCommand({ CiphertextBlob: first.CiphertextBlob! }));
    assert.equal(new TextDecoder().decode(plain.Plaintext), 'object data');
    assert.equal(plain.KeyId, first.KeyId);
    const withAlias = await kms.send(new DecryptCommand({ CiphertextBlob: second.CiphertextBlob!, KeyId: 'alias/aws/s3' }));
    assert.equal(new TextDecoder().decode(withAlias.Plaintext), 'more');
  });

  test('DescribeKey shows KeyManager AWS and AWS\'s description; GetKeyRotationStatus is on, yearly', async () => {
    const md = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    assert.equal(md.KeyId, s3KeyId);
    assert.equal(md.KeyManager, 'AWS');
    assert.equal(md.Description, 'Default key that protects my S3 objects when no other key is defined');
    assert.equal(md.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(md.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(md.KeyState, 'Enabled');
    assert.equal(md.Enabled, true);
    assert.equal(md.Origin, 'AWS_KMS');
    assert.deepEqual(md.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    const rot = await kms.send(new GetKeyRotationStatusCommand({ KeyId: s3KeyId }));
    assert.equal(rot.KeyRotationEnabled, true);
    assert.equal(rot.RotationPeriodInDays, 365);
    const days = (rot.NextRotationDate!.getTime() - md.CreationDate!.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - 365) < 0.01, `next rotation a year after creation (${days} days)`);
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: s3KeyId }))).Policy!);
    assert.equal(policy.Id, 'auto-s3-1');
    // A customer key still says CUSTOMER.
    const own = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    assert.equal(own.KeyManager, 'CUSTOMER');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: own.KeyId! }))).KeyMetadata!.KeyManager, 'CUSTOMER');
  });

  test('DescribeKey, GenerateDataKey and ReEncrypt create other services\' keys on first use too', async () => {
    const ebs = (await kms.send(new DescribeKeyCommand({ KeyId: `${ALIAS_ARN_PREFIX}alias/aws/ebs` }))).KeyMetadata!;
    assert.equal(ebs.KeyManager, 'AWS');
    assert.equal(ebs.Description, 'Default key that protects my EBS volumes when no other key is defined');
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/aws/ssm', KeySpec: 'AES_256' }));
    const ssm = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }))).KeyMetadata!;
    assert.equal(dk.KeyId, ssm.Arn);
    assert.equal(ssm.Description, 'Default key that protects my SSM parameters when no other key is defined');
    const re = await kms.send(new ReEncryptCommand({ CiphertextBlob: dk.CiphertextBlob!, DestinationKeyId: 'alias/aws/secretsmanager' }));
    const sm = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }))).KeyMetadata!;
    assert.equal(re.KeyId, sm.Arn);
    assert.notEqual(sm.KeyId, ssm.KeyId);
  });

  test('concurrent first uses create exactly one key', async () => {
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2
      ? kms.send(new EncryptCommand({ KeyId: 'alias/aws/lambda', Plaintext: text(`x${i}`) })).then((o) => o.KeyId!)
      : kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/lambda' })).then((o) => o.KeyMetadata!.Arn!))));
    assert.equal(new Set(results).size, 1, `one key: ${[...new Set(results)].join(', ')}`);
    const lambda = (await awsAliases()).filter((a) => a.AliasName === 'alias/aws/lambda');
    assert.equal(lambda.length, 1);
    assert.equal(`${ARN_PREFIX}${lambda[0]!.TargetKeyId}`, results[0]);
    // Every key in the account is either a customer key or one of the AWS-managed keys that have aliases.
    const managed = new Set<string | undefined>((await awsAliases()).flatMap((a) => (a.TargetKeyId === undefined ? [] : [a.TargetKeyId])));
    let awsKeys = 0;
    for (const k of (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys ?? []) {
      const md = (await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId! }))).KeyMetadata!;
      if (md.KeyManager === 'AWS') {
        awsKeys++;
        assert.ok(managed.has(md.KeyId), `${md.KeyId} has its alias`);
      }
    }
    assert.equal(awsKeys, managed.size, 'no orphaned AWS-managed keys');
  });

  test('an unknown alias/aws/ name is a missing alias (NotFoundException), and creates nothing', async () => {
    for (const ref of ['alias/aws/foo', `${ALIAS_ARN_PREFIX}alias/aws/foo`, 'alias/aws/', 'alias/aws/s3/x']) {
      await rejects(kms.send(new EncryptCommand({ KeyId: ref, Plaintext: text('x') })), 'NotFoundException',
        `Alias ${ALIAS_ARN_PREFIX}${ref.startsWith('arn:') ? ref.slice(ALIAS_ARN_PREFIX.length) : ref} is not found.`);
    }
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/foo' })), 'NotFoundException');
    assert.ok(!(await awsAliases()).some((a) => a.AliasName === 'alias/aws/foo'));
    // Another account's alias ARN is never created.
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:us-east-1:444455556666:alias/aws/rds' })), 'NotFoundException');
    const rds = (await awsAliases()).filter((a) => a.AliasName === 'alias/aws/rds');
    assert.deepEqual(rds, [{ AliasName: 'alias/aws/rds', AliasArn: `${ALIAS_ARN_PREFIX}alias/aws/rds` }], 'still predefined, no key');
  });

  test('ListAliases lists the alias/aws/* aliases that exist with their key ids, the other predefined ones without', async () => {
    const aliases = await awsAliases();
    assert.deepEqual(aliases.filter((a) => a.TargetKeyId !== undefined).map((a) => a.AliasName).sort(),
      ['alias/aws/ebs', 'alias/aws/lambda', 'alias/aws/s3', 'alias/aws/secretsmanager', 'alias/aws/ssm']);
    // AWS: "The response might also include aliases that have no TargetKeyId field. These are predefined aliases
    // that Amazon Web Services has created but has not yet associated with a KMS key." (API_ListAliases)
    const keyless = aliases.filter((a) => a.TargetKeyId === undefined);
    assert.deepEqual(keyless.map((a) => a.AliasName), Object.keys(AWS_MANAGED_SERVICES).map((s) => `alias/aws/${s}`)
      .filter((n) => !['alias/aws/ebs', 'alias/aws/lambda', 'alias/aws/s3', 'alias/aws/secretsmanager', 'alias/aws/ssm'].includes(n)).sort());
    for (const a of keyless) assert.deepEqual(Object.keys(a).sort(), ['AliasArn', 'AliasName']);
    assert.equal(aliases.length, Object.keys(AWS_MANAGED_SERVICES).length, 'each predefined name once');
    for (const limit of [1, 3, 7]) assert.deepEqual(await allAliases(limit), await allAliases(), `the same list with Limit ${limit}`);
    const s3 = aliases.find((a) => a.AliasName === 'alias/aws/s3')!;
    assert.equal(s3.TargetKeyId, s3KeyId);
    assert.equal(s3.AliasArn, `${ALIAS_ARN_PREFIX}alias/aws/s3`);
    assert.ok(s3.CreationDate instanceof Date && s3.LastUpdatedDate instanceof Date);
    const ofKey = await kms.send(new ListAliasesCommand({ KeyId: s3KeyId }));
    assert.deepEqual(ofKey.Aliases!.map((a) => a.AliasName), ['alias/aws/s3']);
  });

  test('the customer cannot manage an AWS-managed key: AccessDeniedException, and nothing changes', async () => {
    const arn = `${ARN_PREFIX}${s3KeyId}`;
    const own = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const calls: [string, () => Promise<unknown>][] = [
      ['DisableKey', () => kms.send(new DisableKeyCommand({ KeyId: s3KeyId }))],
      ['EnableKey', () => kms.send(new EnableKeyCommand({ KeyId: arn }))],
      ['ScheduleKeyDeletion', () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: s3KeyId, PendingWindowInDays: 7 }))],
      ['CancelKeyDeletion', () => kms.send(new CancelKeyDeletionCommand({ KeyId: s3KeyId }))],
      ['PutKeyPolicy', () => kms.send(new PutKeyPolicyCommand({ KeyId: s3KeyId, PolicyName: 'default', Policy: '{"Version":"2012-10-17","Statement":[]}' }))],
      ['EnableKeyRotation', () => kms.send(new EnableKeyRotationCommand({ KeyId: s3KeyId }))],
      ['DisableKeyRotation', () => kms.send(new DisableKeyRotationCommand({ KeyId: s3KeyId }))],
      ['RotateKeyOnDemand', () => kms.send(new RotateKeyOnDemandCommand({ KeyId: s3KeyId }))],
      ['TagResource', () => kms.send(new TagResourceCommand({ KeyId: s3KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }))],
      ['UntagResource', () => kms.send(new UntagResourceCommand({ KeyId: s3KeyId, TagKeys: ['a'] }))],
      ['UpdateKeyDescription', () => kms.send(new UpdateKeyDescriptionCommand({ KeyId: s3KeyId, Description: 'mine' }))],
      ['CreateAlias', () => kms.send(new CreateAliasCommand({ AliasName: 'alias/my-s3', TargetKeyId: s3KeyId }))],
      ['GetParametersForImport', () => kms.send(new GetParametersForImportCommand({ KeyId: s3KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))],
    ];
    for (const [op, call] of calls) {
      const err = await rejects(call(), 'AccessDeniedException', undefined, op);
      assert.match(err.message, new RegExp(`^User: arn:aws:iam::${TEST_ACCOUNT}:user/\\S+ is not authorized to perform: kms:${op} on resource: `), op);
      assert.ok(err.message.endsWith(`on resource: ${arn} because no resource-based policy allows the kms:${op} action`), err.message);
    }
    // UpdateAlias may not move a customer alias onto it either.
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/mine', TargetKeyId: own.KeyId! }));
    await rejects(kms.send(new UpdateAliasCommand({ AliasName: 'alias/mine', TargetKeyId: s3KeyId })), 'AccessDeniedException');
    // alias/aws/* names stay reserved: NotAuthorizedException with no message (checklist item 65).
    assertNoMessage(await rejects(kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/s3' })), 'NotAuthorizedException'));
    assertNoMessage(await rejects(kms.send(new UpdateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: own.KeyId! })), 'NotAuthorizedException'));
    assertNoMessage(await rejects(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/glue', TargetKeyId: own.KeyId! })), 'NotAuthorizedException'));
    const md = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    assert.equal(md.KeyState, 'Enabled');
    assert.equal(md.Description, 'Default key that protects my S3 objects when no other key is defined');
    assert.equal(md.KeyId, s3KeyId);
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: s3KeyId }))).Tags, []);
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: s3KeyId }))).KeyRotationEnabled, true);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/mine' }))).KeyMetadata!.KeyId, own.KeyId);
    assert.ok(!(await allAliases()).some((a) => a.AliasName === 'alias/my-s3'));
  });
});
