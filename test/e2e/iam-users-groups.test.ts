// IAM users, access keys, groups and their inline policies through @aws-sdk/client-iam against a real server: every
// operation's answer and its documented failures with AWS's codes, statuses and texts, names found in any case, paths,
// tags, paging with MaxItems and Marker, quotas, and access keys that stop working the moment they are deactivated or
// deleted. Every operation appears in the audit log as iam:<Action>, and no secret appears in it or in the server output.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AddUserToGroupCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateUserCommand, DeleteAccessKeyCommand,
  DeleteGroupCommand, DeleteGroupPolicyCommand, DeleteUserCommand, DeleteUserPolicyCommand, GetAccessKeyLastUsedCommand,
  GetGroupCommand, GetGroupPolicyCommand, GetUserCommand, GetUserPolicyCommand, type IAMClient, ListAccessKeysCommand,
  ListGroupPoliciesCommand, ListGroupsCommand, ListGroupsForUserCommand, ListUserPoliciesCommand, ListUsersCommand,
  ListUserTagsCommand, PutGroupPolicyCommand, PutUserPolicyCommand, RemoveUserFromGroupCommand, TagUserCommand,
  UntagUserCommand, UpdateAccessKeyCommand, paginateListUsers,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { failure } from '../support/lifecycle-helpers.js';
import { ARN, assertNoSecrets, auditRows, iamClient, kmsFor, queryRejects, stsClient, type Creds } from '../support/identity.js';
import { USERS_GROUPS_KEYS } from '../support/identity-coverage.js';
import { TEST_ACCOUNT, TEST_SECRET_ACCESS_KEY, useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let iam: IAMClient;
const secrets = new Set<string>([TEST_SECRET_ACCESS_KEY]);

useTestServer({}, (s) => {
  server = s;
  iam = iamClient(s);
});

const policy = (action: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*', ...extra }] });

/** Creates a user with an access key; returns the key as SDK credentials. */
async function userWithKey(name: string): Promise<Creds> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  secrets.add(k.SecretAccessKey!);
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

describe('users', () => {
  test('CreateUser answers the new user with its path, ARN, AIDA id and tags; GetUser finds it in any case', async () => {
    const created = (await iam.send(new CreateUserCommand({ UserName: 'Alice', Path: '/staff/billing/', Tags: [{ Key: 'team', Value: 'billing' }] }))).User!;
    assert.equal(created.UserName, 'Alice');
    assert.equal(created.Path, '/staff/billing/');
    assert.equal(created.Arn, ARN('user/staff/billing/Alice'));
    assert.match(created.UserId!, /^AIDA[A-Z2-7]{16}$/);
    assert.ok(created.CreateDate instanceof Date && Math.abs(created.CreateDate.getTime() - Date.now()) < 60_000);
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'billing' }]);
    const got = (await iam.send(new GetUserCommand({ UserName: 'aLiCe' }))).User!;
    assert.deepEqual({ ...got, CreateDate: undefined }, { ...created, CreateDate: undefined });
    assert.equal(got.CreateDate!.getTime(), created.CreateDate!.getTime());
  });

  test('names are unique regardless of case: EntityAlreadyExists (409)', async () => {
    await queryRejects(iam.send(new CreateUserCommand({ UserName: 'ALICE' })), 'EntityAlreadyExists', 409, 'User with name ALICE already exists.');
  });

  test('GetUser: NoSuchEntity (404) with IAM\'s text; without UserName it answers the caller', async () => {
    await queryRejects(iam.send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
    const me = (await iam.send(new GetUserCommand({}))).User!;
    assert.equal(me.UserName, 'keyward-admin');
    assert.equal(me.Arn, ARN('user/keyward-admin'));
  });

  test('input is validated per the IAM model with AWS\'s ValidationError texts', async () => {
    await queryRejects(iam.send(new CreateUserCommand({ UserName: 'bad name' })), 'ValidationError', 400,
      "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    await queryRejects(iam.send(new CreateUserCommand({ UserName: 'u'.repeat(65) })), 'ValidationError', 400,
      `1 validation error detected: Value '${'u'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`);
    await queryRejects(iam.send(new CreateUserCommand({ UserName: 'pathless', Path: 'no-slashes' })), 'ValidationError', 400,
      /^1 validation error detected: Value 'no-slashes' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: /);
    await queryRejects(iam.send(new ListUsersCommand({ MaxItems: 0 })), 'ValidationError', 400,
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
    await queryRejects(iam.send(new CreateUserCommand({ UserName: 'x y', Tags: [{ Key: 'bad*key', Value: 'v' }] })), 'ValidationError', 400,
      /^2 validation errors detected: Value 'x y' at 'userName' .*; Value 'bad\*key' at 'tags\.1\.member\.key' failed to satisfy constraint: Member must satisfy regular expression pattern: /);
  });

  test('ListUsers pages with MaxItems and Marker, by name, and filters by PathPrefix; the paginator walks every page', async () => {
    for (const n of ['u-carol', 'u-bob', 'u-dave']) await iam.send(new CreateUserCommand({ UserName: n, Path: '/paged/' }));
    const first = await iam.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2 }));
    assert.deepEqual(first.Users!.map((u) => u.UserName), ['u-bob', 'u-carol']);
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    const second = await iam.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(second.Users!.map((u) => u.UserName), ['u-dave']);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    assert.equal(first.Users![0]!.Tags, undefined, 'ListUsers leaves out tags, as AWS');
    const all: string[] = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 1 }, {})) all.push(...page.Users!.map((u) => u.UserName!));
    assert.deepEqual(all, [...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    assert.ok(['Alice', 'keyward-admin', 'u-bob', 'u-carol', 'u-dave'].every((n) => all.includes(n)));
    await queryRejects(iam.send(new ListUsersCommand({ Marker: 'not-a-marker' })), 'ValidationError', 400);
  });

  test('TagUser adds and replaces (keys compared without case), UntagUser removes, ListUserTags pages', async () => {
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'TEAM', Value: 'payments' }, { Key: 'cost', Value: '42' }] }));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags, [{ Key: 'TEAM', Value: 'payments' }, { Key: 'cost', Value: '42' }]);
    const page = await iam.send(new ListUserTagsCommand({ UserName: 'alice', MaxItems: 1 }));
    assert.deepEqual([page.Tags, page.IsTruncated], [[{ Key: 'TEAM', Value: 'payments' }], true]);
    const rest = await iam.send(new ListUserTagsCommand({ UserName: 'alice', MaxItems: 1, Marker: page.Marker }));
    assert.deepEqual([rest.Tags, rest.IsTruncated], [[{ Key: 'cost', Value: '42' }], false]);
    await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['Cost'] }));
    assert.deepEqual((await iam.send(new GetUserCommand({ UserName: 'alice' }))).User!.Tags, [{ Key: 'TEAM', Value: 'payments' }]);
  });

  test('tag rules: aws: is reserved, keys are unique regardless of case, at most 50 per user', async () => {
    await queryRejects(iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'aws:owner', Value: 'x' }] })), 'InvalidInput', 400);
    await queryRejects(iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidInput', 400,
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await queryRejects(iam.send(new TagUserCommand({ UserName: 'alice', Tags: fifty })), 'LimitExceeded', 409);
    await queryRejects(iam.send(new TagUserCommand({ UserName: 'alice', Tags: [...fifty, { Key: 'k50', Value: 'v' }] })), 'ValidationError', 400,
      /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/);
    await queryRejects(iam.send(new TagUserCommand({ UserName: 'nobody', Tags: [{ Key: 'a', Value: '1' }] })), 'NoSuchEntity', 404);
  });
});

describe('access keys', () => {
  let bob: Creds;

  test('CreateAccessKey shows an AKIA id and a 40-character secret once; ListAccessKeys never shows the secret', async () => {
    bob = await userWithKey('bob');
    // Authorization is real: bob may list keys and manage his own user and access keys (AWS's self-service pattern).
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'self-service', PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'kms:ListKeys', Resource: '*' },
        { Effect: 'Allow', Action: ['iam:GetUser', 'iam:*AccessKey*'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
      ],
    }) }));
    assert.match(bob.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(bob.secretAccessKey.length, 40);
    const listed = (await iam.send(new ListAccessKeysCommand({ UserName: 'BOB' }))).AccessKeyMetadata!;
    assert.deepEqual(listed.map((k) => [k.UserName, k.AccessKeyId, k.Status]), [['bob', bob.accessKeyId, 'Active']]);
    assert.ok(!JSON.stringify(listed).includes(bob.secretAccessKey));
  });

  test('the new key signs KMS, IAM and STS requests as bob', async () => {
    const who = await stsClient(server, bob).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([who.Arn, who.Account], [ARN('user/bob'), TEST_ACCOUNT]);
    assert.match(who.UserId!, /^AIDA/);
    await kmsFor(server, bob).send(new ListKeysCommand({}));
    assert.equal((await iamClient(server, bob).send(new GetUserCommand({}))).User!.UserName, 'bob');
  });

  test('GetAccessKeyLastUsed: when, which service and Region; N/A for a key never used; NoSuchEntity for none', async () => {
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: bob.accessKeyId }));
    assert.equal(used.UserName, 'bob');
    assert.ok(['kms', 'iam', 'sts'].includes(used.AccessKeyLastUsed!.ServiceName!));
    assert.equal(used.AccessKeyLastUsed!.Region, 'us-east-1');
    assert.ok(Math.abs(used.AccessKeyLastUsed!.LastUsedDate!.getTime() - Date.now()) < 120_000);
    const fresh = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
    secrets.add(fresh.SecretAccessKey!);
    assert.deepEqual((await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: fresh.AccessKeyId! }))).AccessKeyLastUsed,
      { ServiceName: 'N/A', Region: 'N/A' });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: fresh.AccessKeyId! }));
    await queryRejects(iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAUNKNOWNKEY000000' })), 'NoSuchEntity', 404,
      'The Access Key with id AKIAUNKNOWNKEY000000 cannot be found.');
  });

  test('at most two keys per user: LimitExceeded (409); none for a user that does not exist', async () => {
    const second = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
    secrets.add(second.SecretAccessKey!);
    await queryRejects(iam.send(new CreateAccessKeyCommand({ UserName: 'bob' })), 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
    const page = await iam.send(new ListAccessKeysCommand({ UserName: 'bob', MaxItems: 1 }));
    assert.deepEqual([page.AccessKeyMetadata!.length, page.IsTruncated], [1, true]);
    const rest = await iam.send(new ListAccessKeysCommand({ UserName: 'bob', MaxItems: 1, Marker: page.Marker }));
    assert.deepEqual([rest.AccessKeyMetadata!.length, rest.IsTruncated], [1, false]);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: second.AccessKeyId! }));
    await queryRejects(iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' })), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
  });

  test('UpdateAccessKey Inactive refuses the key at once on KMS (UnrecognizedClientException) and IAM/STS (InvalidClientTokenId); Active restores it', async () => {
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: bob.accessKeyId, Status: 'Inactive' }));
    assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata![0]!.Status, 'Inactive');
    const kmsErr = await failure(kmsFor(server, bob).send(new ListKeysCommand({})));
    assert.equal(kmsErr?.name, 'UnrecognizedClientException');
    assert.equal(kmsErr?.message, 'The security token included in the request is invalid.');
    await queryRejects(stsClient(server, bob).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403,
      'The security token included in the request is invalid.');
    await queryRejects(iamClient(server, bob).send(new GetUserCommand({})), 'InvalidClientTokenId', 403);
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: bob.accessKeyId, Status: 'Active' }));
    await kmsFor(server, bob).send(new ListKeysCommand({}));
    await queryRejects(iam.send(new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: 'AKIAUNKNOWNKEY000000', Status: 'Inactive' })), 'NoSuchEntity', 404,
      'The Access Key with id AKIAUNKNOWNKEY000000 cannot be found.');
    await queryRejects(iam.send(new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: bob.accessKeyId, Status: 'Paused' as 'Active' })), 'ValidationError', 400,
      "1 validation error detected: Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]");
  });

  test('a user manages its own keys without UserName; a key deleted is refused at once', async () => {
    const self = iamClient(server, bob);
    const own = (await self.send(new CreateAccessKeyCommand({}))).AccessKey!;
    secrets.add(own.SecretAccessKey!);
    assert.equal(own.UserName, 'bob');
    const mine = (await self.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.map((k) => k.AccessKeyId).sort();
    assert.deepEqual(mine, [bob.accessKeyId, own.AccessKeyId].sort());
    await self.send(new DeleteAccessKeyCommand({ AccessKeyId: own.AccessKeyId! }));
    const gone = { accessKeyId: own.AccessKeyId!, secretAccessKey: own.SecretAccessKey! };
    assert.equal((await failure(kmsFor(server, gone).send(new ListKeysCommand({}))))?.name, 'UnrecognizedClientException');
    await queryRejects(iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: own.AccessKeyId! })), 'NoSuchEntity', 404,
      `The Access Key with id ${own.AccessKeyId} cannot be found.`);
  });
});

describe('groups and inline policies', () => {
  test('CreateGroup, GetGroup with its users (paged), ListGroups, ListGroupsForUser', async () => {
    const g = (await iam.send(new CreateGroupCommand({ GroupName: 'Ops', Path: '/teams/' }))).Group!;
    assert.deepEqual([g.GroupName, g.Path, g.Arn], ['Ops', '/teams/', ARN('group/teams/Ops')]);
    assert.match(g.GroupId!, /^AGPA[A-Z2-7]{16}$/);
    await queryRejects(iam.send(new CreateGroupCommand({ GroupName: 'ops' })), 'EntityAlreadyExists', 409, 'Group with name ops already exists.');
    await iam.send(new CreateGroupCommand({ GroupName: 'auditors' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'OPS', UserName: 'bob' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'alice' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'alice' })); // twice changes nothing
    const page = await iam.send(new GetGroupCommand({ GroupName: 'ops', MaxItems: 1 }));
    assert.deepEqual([page.Group!.GroupName, page.Users!.map((u) => u.UserName), page.IsTruncated], ['Ops', ['Alice'], true]);
    const rest = await iam.send(new GetGroupCommand({ GroupName: 'ops', Marker: page.Marker }));
    assert.deepEqual([rest.Users!.map((u) => u.UserName), rest.IsTruncated], [['bob'], false]);
    assert.deepEqual((await iam.send(new ListGroupsCommand({ PathPrefix: '/teams/' }))).Groups!.map((x) => x.GroupName), ['Ops']);
    assert.deepEqual((await iam.send(new ListGroupsCommand({}))).Groups!.map((x) => x.GroupName), ['auditors', 'Ops']);
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'BOB' }))).Groups!.map((x) => x.GroupName), ['Ops']);
  });

  test('membership failures: NoSuchEntity for a missing group or user; at most 10 groups per user', async () => {
    await queryRejects(iam.send(new AddUserToGroupCommand({ GroupName: 'nope', UserName: 'bob' })), 'NoSuchEntity', 404, 'The group with name nope cannot be found.');
    await queryRejects(iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'nobody' })), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
    await queryRejects(iam.send(new GetGroupCommand({ GroupName: 'nope' })), 'NoSuchEntity', 404, 'The group with name nope cannot be found.');
    await iam.send(new CreateUserCommand({ UserName: 'joiner' }));
    for (let i = 0; i < 10; i++) {
      await iam.send(new CreateGroupCommand({ GroupName: `g${i}` }));
      await iam.send(new AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'joiner' }));
    }
    await queryRejects(iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'joiner' })), 'LimitExceeded', 409, 'Cannot exceed quota for GroupsPerUser: 10');
    for (let i = 0; i < 10; i++) {
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: `g${i}`, UserName: 'joiner' }));
      await iam.send(new DeleteGroupCommand({ GroupName: `g${i}` }));
    }
    await iam.send(new DeleteUserCommand({ UserName: 'joiner' }));
  });

  test('inline policies of users and groups: put, get (URL-encoded on the wire, as IAM), list, replace, delete', async () => {
    const doc = policy('kms:Encrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:app': 'billing & <co> 100%+' } } });
    for (const [kind, owner] of [['User', 'alice'], ['Group', 'ops']] as const) {
      const names = { [`${kind}Name`]: owner.toUpperCase() } as Record<string, string>;
      if (kind === 'User') await iam.send(new PutUserPolicyCommand({ UserName: owner, PolicyName: 'Encrypt', PolicyDocument: doc }));
      else await iam.send(new PutGroupPolicyCommand({ GroupName: owner, PolicyName: 'Encrypt', PolicyDocument: doc }));
      const got = kind === 'User' ? await iam.send(new GetUserPolicyCommand({ UserName: names.UserName!, PolicyName: 'Encrypt' }))
        : await iam.send(new GetGroupPolicyCommand({ GroupName: names.GroupName!, PolicyName: 'Encrypt' }));
      assert.equal(got.PolicyName, 'Encrypt');
      assert.match(got.PolicyDocument!, /^%7B%22Version%22/, 'the JS SDK hands over the URL-encoded document');
      assert.equal(decodeURIComponent(got.PolicyDocument!), doc);
      const listed = kind === 'User' ? await iam.send(new ListUserPoliciesCommand({ UserName: owner }))
        : await iam.send(new ListGroupPoliciesCommand({ GroupName: owner }));
      assert.deepEqual([listed.PolicyNames, listed.IsTruncated], [['Encrypt'], false]);
    }
    const replaced = policy('kms:Decrypt');
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'Encrypt', PolicyDocument: replaced }));
    assert.equal(decodeURIComponent((await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'Encrypt' }))).PolicyDocument!), replaced);
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'Second', PolicyDocument: policy('kms:Sign') }));
    const page = await iam.send(new ListUserPoliciesCommand({ UserName: 'alice', MaxItems: 1 }));
    assert.deepEqual([page.PolicyNames, page.IsTruncated], [['Encrypt'], true]);
    const rest = await iam.send(new ListUserPoliciesCommand({ UserName: 'alice', MaxItems: 1, Marker: page.Marker }));
    assert.deepEqual(rest.PolicyNames, ['Second']);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'Second' }));
    await queryRejects(iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'Second' })), 'NoSuchEntity', 404,
      'The user policy with name Second cannot be found.');
    await queryRejects(iam.send(new DeleteGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'nope' })), 'NoSuchEntity', 404,
      'The group policy with name nope cannot be found.');
  });

  test('inline policy documents must be valid policies: MalformedPolicyDocument with the grammar\'s text', async () => {
    await queryRejects(iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'bad', PolicyDocument: '{"Statement": [' })),
      'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
    await queryRejects(iam.send(new PutUserPolicyCommand({
      UserName: 'alice', PolicyName: 'bad', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt' }] }),
    })), 'MalformedPolicyDocument', 400, 'Policy statement must contain resources.');
    await queryRejects(iam.send(new PutGroupPolicyCommand({
      GroupName: 'ops', PolicyName: 'bad', PolicyDocument: policy('kms:Encrypt', { Principal: '*' }),
    })), 'MalformedPolicyDocument', 400, 'Policy document should not specify a principal.');
    await queryRejects(iam.send(new PutUserPolicyCommand({ UserName: 'nobody', PolicyName: 'p', PolicyDocument: policy('kms:Encrypt') })),
      'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
  });

  test('a user\'s inline policies total at most 2,048 non-blank characters (groups 5,120): LimitExceeded', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'wordy' }));
    const big = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/${'x'.repeat(n)}` }] });
    const base = big(0).length;
    await iam.send(new PutUserPolicyCommand({ UserName: 'wordy', PolicyName: 'one', PolicyDocument: big(1_000 - base) }));
    // Whitespace does not count: the same policy pretty-printed fits as well.
    await iam.send(new PutUserPolicyCommand({ UserName: 'wordy', PolicyName: 'two', PolicyDocument: JSON.stringify(JSON.parse(big(1_048 - base)), null, 8) }));
    await queryRejects(iam.send(new PutUserPolicyCommand({ UserName: 'wordy', PolicyName: 'three', PolicyDocument: policy('kms:Sign') })),
      'LimitExceeded', 409, 'Maximum policy size of 2048 bytes exceeded for user wordy');
    await iam.send(new PutUserPolicyCommand({ UserName: 'wordy', PolicyName: 'one', PolicyDocument: policy('kms:Sign') })); // a replacement frees room
    await iam.send(new CreateGroupCommand({ GroupName: 'wordy-group' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'wordy-group', PolicyName: 'one', PolicyDocument: big(5_100 - base) }));
    await queryRejects(iam.send(new PutGroupPolicyCommand({ GroupName: 'wordy-group', PolicyName: 'two', PolicyDocument: policy('kms:Sign') })),
      'LimitExceeded', 409, 'Maximum policy size of 5120 bytes exceeded for group wordy-group');
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'wordy', PolicyName: 'two' }));
  });
});

describe('deleting', () => {
  test('DeleteGroup refuses while it has users or policies (DeleteConflict, 409)', async () => {
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'Encrypt' }));
    await queryRejects(iam.send(new DeleteGroupCommand({ GroupName: 'ops' })), 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    await queryRejects(iam.send(new DeleteGroupCommand({ GroupName: 'wordy-group' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'wordy-group', PolicyName: 'one' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'WORDY-GROUP' }));
    await queryRejects(iam.send(new DeleteGroupCommand({ GroupName: 'wordy-group' })), 'NoSuchEntity', 404, 'The group with name wordy-group cannot be found.');
  });

  test('DeleteUser refuses while the user has access keys, inline policies or groups (DeleteConflict, 409)', async () => {
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ops', UserName: 'BOB' }));
    await queryRejects(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ops', UserName: 'bob' })), 'NoSuchEntity', 404);
    await queryRejects(iam.send(new DeleteUserCommand({ UserName: 'bob' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
    for (const k of (await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata!) {
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: k.AccessKeyId! }));
    }
    await queryRejects(iam.send(new DeleteUserCommand({ UserName: 'bob' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'self-service' }));
    await iam.send(new DeleteUserCommand({ UserName: 'Bob' }));
    await queryRejects(iam.send(new DeleteUserCommand({ UserName: 'bob' })), 'NoSuchEntity', 404, 'The user with name bob cannot be found.');
    await queryRejects(iam.send(new DeleteUserCommand({ UserName: 'wordy' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'wordy', PolicyName: 'one' }));
    await iam.send(new DeleteUserCommand({ UserName: 'wordy' }));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'Encrypt' }));
    await queryRejects(iam.send(new DeleteUserCommand({ UserName: 'alice' })), 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ops', UserName: 'alice' }));
    await iam.send(new DeleteUserCommand({ UserName: 'alice' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'OPS' }));
  });
});

describe('audit and secrets', () => {
  test('every operation of this file is audited as iam:<Action>, with names and ids and without secrets', () => {
    const rows = auditRows(server).filter((r) => r.operation.startsWith('iam:'));
    for (const op of USERS_GROUPS_KEYS) {
      assert.ok(rows.some((r) => r.operation === `iam:${op}` && r.outcome === 'success'), `iam:${op} succeeded and was audited`);
    }
    // details: the operation's own facts, and under `event` what its CloudTrail event is rebuilt from.
    const parsed = (r: { details?: string | null }) => JSON.parse(r.details!) as { event: { requestParameters: Record<string, unknown> | null; responseElements?: Record<string, unknown> } } & Record<string, unknown>;
    const created = rows.find((r) => r.operation === 'iam:CreateUser' && r.outcome === 'success' && r.details?.includes('"Alice"'));
    const { event, ...facts } = parsed(created!);
    assert.deepEqual(facts, { userName: 'Alice' });
    assert.equal(event.requestParameters!.userName, 'Alice');
    assert.equal(created!.principal, ARN('user/keyward-admin'));
    const key = rows.find((r) => r.operation === 'iam:CreateAccessKey' && r.outcome === 'success')!;
    const { event: keyEvent, ...keyFacts } = parsed(key);
    assert.deepEqual(Object.keys(keyFacts).sort(), ['accessKeyId', 'userName']);
    const accessKey = keyEvent.responseElements!.accessKey as Record<string, unknown>;
    assert.match(String(accessKey.accessKeyId), /^AKIA/);
    assert.equal(accessKey.secretAccessKey, undefined, 'the secret is left out of responseElements');
    const refused = rows.find((r) => r.operation === 'iam:CreateUser' && r.outcome === 'failure' && r.error_code === 'EntityAlreadyExists');
    assert.ok(refused, 'refused changes are audited with their error code');
    // As CloudTrail does, a policy document is recorded only as the request's policyDocument parameter.
    for (const r of rows.filter((x) => x.details?.includes('kms:Encrypt'))) {
      assert.match(String(parsed(r).event.requestParameters!.policyDocument), /kms:Encrypt/, r.operation);
    }
  });

  test('no secret access key appears in the audit log or the server output', () => {
    assertNoSecrets(server, secrets);
  });
});
