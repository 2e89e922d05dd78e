// IAM roles (trust policies, session-duration maximum, tags, inline policies) and managed policies (versions, the
// default version, attachments to users, groups and roles, AWS managed policies) through @aws-sdk/client-iam against a
// real server: answers, documented failures with AWS's codes, statuses and texts, quotas, paging, paths, and policy
// documents that round-trip URL-encoded as IAM sends them. Every operation is audited as iam:<Action>.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, DeletePolicyCommand, DeletePolicyVersionCommand,
  DeleteRoleCommand, DeleteRolePolicyCommand, DetachGroupPolicyCommand, DetachRolePolicyCommand, DetachUserPolicyCommand,
  GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, type IAMClient,
  ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand, ListPoliciesCommand,
  ListPolicyVersionsCommand, ListRolePoliciesCommand, ListRolesCommand, ListRoleTagsCommand, PutRolePolicyCommand,
  SetDefaultPolicyVersionCommand, TagRoleCommand, UntagRoleCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ARN, auditRows, iamClient, queryRejects } from '../support/identity.js';
import { ROLES_POLICIES } from '../support/identity-coverage.js';
import { TEST_ACCOUNT, useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let iam: IAMClient;

useTestServer({}, (s) => {
  server = s;
  iam = iamClient(s);
});

const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const TRUST = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
const ALLOW = (action: string) => doc({ Effect: 'Allow', Action: action, Resource: '*' });
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe('roles', () => {
  test('CreateRole answers the role with its trust policy (URL-encoded), description, maximum session and tags', async () => {
    const role = (await iam.send(new CreateRoleCommand({
      RoleName: 'Decrypter', Path: '/apps/', AssumeRolePolicyDocument: TRUST, Description: 'decrypts billing data', MaxSessionDuration: 7200,
      Tags: [{ Key: 'app', Value: 'billing' }],
    }))).Role!;
    assert.deepEqual([role.RoleName, role.Path, role.Arn, role.Description, role.MaxSessionDuration],
      ['Decrypter', '/apps/', ARN('role/apps/Decrypter'), 'decrypts billing data', 7200]);
    assert.match(role.RoleId!, /^AROA[A-Z2-7]{16}$/);
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), TRUST);
    assert.deepEqual(role.Tags, [{ Key: 'app', Value: 'billing' }]);
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'decrypter' }))).Role!;
    assert.equal(got.RoleName, 'Decrypter');
    assert.equal(decodeURIComponent(got.AssumeRolePolicyDocument!), TRUST);
    assert.deepEqual(got.Tags, [{ Key: 'app', Value: 'billing' }]);
    assert.deepEqual(got.RoleLastUsed, {});
  });

  test('a role defaults to a one-hour maximum session; the maximum must lie in 3600..43200', async () => {
    assert.equal((await iam.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: TRUST }))).Role!.MaxSessionDuration, 3600);
    await queryRejects(iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3599 })), 'ValidationError', 400,
      "1 validation error detected: Value '3599' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600");
    await queryRejects(iam.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 43201 })), 'ValidationError', 400,
      "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200");
  });

  test('trust policies are checked: MalformedPolicyDocument texts, the 2,048-character quota, EntityAlreadyExists', async () => {
    await queryRejects(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{"Version":' })), 'MalformedPolicyDocument', 400,
      'This policy contains invalid Json');
    await queryRejects(iam.send(new CreateRoleCommand({
      RoleName: 'bad', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Resource: '*' }),
    })), 'MalformedPolicyDocument', 400, 'Has prohibited field Resource');
    const huge = doc({ Effect: 'Allow', Principal: { AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${TEST_ACCOUNT}:user/someone-${i}`) }, Action: 'sts:AssumeRole' });
    await queryRejects(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: huge })), 'LimitExceeded', 409,
      'Cannot exceed quota for ACLSizePerRole: 2048');
    await queryRejects(iam.send(new CreateRoleCommand({ RoleName: 'DECRYPTER', AssumeRolePolicyDocument: TRUST })), 'EntityAlreadyExists', 409,
      'Role with name DECRYPTER already exists.');
  });

  test('UpdateAssumeRolePolicy replaces the trust policy; NoSuchEntity for a missing role', async () => {
    const next = doc({ Effect: 'Allow', Principal: { AWS: ARN('user/keyward-admin') }, Action: 'sts:AssumeRole' });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'plain', PolicyDocument: next }));
    assert.equal(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'plain' }))).Role!.AssumeRolePolicyDocument!), next);
    await queryRejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'ghost', PolicyDocument: next })), 'NoSuchEntity', 404,
      'The role with name ghost cannot be found.');
    await queryRejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'plain', PolicyDocument: ALLOW('kms:Encrypt') })),
      'MalformedPolicyDocument', 400);
  });

  test('ListRoles pages by name and filters by path (no tags in the list); ListRoleTags, TagRole, UntagRole', async () => {
    const page = await iam.send(new ListRolesCommand({ MaxItems: 1 }));
    assert.deepEqual([page.Roles!.map((r) => r.RoleName), page.IsTruncated], [['Decrypter'], true]);
    assert.equal(page.Roles![0]!.Tags, undefined);
    assert.equal(decodeURIComponent(page.Roles![0]!.AssumeRolePolicyDocument!), TRUST);
    const rest = await iam.send(new ListRolesCommand({ Marker: page.Marker }));
    assert.deepEqual([rest.Roles!.map((r) => r.RoleName), rest.IsTruncated], [['plain'], false]);
    assert.deepEqual((await iam.send(new ListRolesCommand({ PathPrefix: '/apps/' }))).Roles!.map((r) => r.RoleName), ['Decrypter']);
    await iam.send(new TagRoleCommand({ RoleName: 'decrypter', Tags: [{ Key: 'owner', Value: 'finance' }, { Key: 'APP', Value: 'ledger' }] }));
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'Decrypter' }))).Tags,
      [{ Key: 'owner', Value: 'finance' }, { Key: 'APP', Value: 'ledger' }]);
    await iam.send(new UntagRoleCommand({ RoleName: 'Decrypter', TagKeys: ['owner'] }));
    const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'Decrypter', MaxItems: 5 }));
    assert.deepEqual([tags.Tags, tags.IsTruncated], [[{ Key: 'APP', Value: 'ledger' }], false]);
    await queryRejects(iam.send(new ListRoleTagsCommand({ RoleName: 'ghost' })), 'NoSuchEntity', 404, 'The role with name ghost cannot be found.');
  });

  test('role inline policies: put, get (URL-encoded), list, delete; the aggregate quota is 10,240 characters', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Decrypter', PolicyName: 'decrypt', PolicyDocument: ALLOW('kms:Decrypt') }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'DECRYPTER', PolicyName: 'decrypt' }));
    assert.deepEqual([got.RoleName, got.PolicyName, decodeURIComponent(got.PolicyDocument!)], ['Decrypter', 'decrypt', ALLOW('kms:Decrypt')]);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'Decrypter' }))).PolicyNames, ['decrypt']);
    const big = doc({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/${'k'.repeat(10_200)}` });
    await queryRejects(iam.send(new PutRolePolicyCommand({ RoleName: 'Decrypter', PolicyName: 'huge', PolicyDocument: big })), 'LimitExceeded', 409,
      'Maximum policy size of 10240 bytes exceeded for role Decrypter');
    await queryRejects(iam.send(new GetRolePolicyCommand({ RoleName: 'Decrypter', PolicyName: 'huge' })), 'NoSuchEntity', 404,
      'The role policy with name huge cannot be found.');
  });
});

describe('managed policies', () => {
  let arn = '';

  test('CreatePolicy: v1 is the default; GetPolicy and GetPolicyVersion answer it (the document URL-encoded)', async () => {
    const p = (await iam.send(new CreatePolicyCommand({
      PolicyName: 'KeyUsers', Path: '/kms/', PolicyDocument: ALLOW('kms:Encrypt'), Description: 'encrypt anything', Tags: [{ Key: 'tier', Value: 'gold' }],
    }))).Policy!;
    arn = p.Arn!;
    assert.deepEqual([p.PolicyName, p.Path, p.Arn, p.DefaultVersionId, p.AttachmentCount, p.IsAttachable],
      ['KeyUsers', '/kms/', ARN('policy/kms/KeyUsers'), 'v1', 0, true]);
    assert.match(p.PolicyId!, /^ANPA[A-Z2-7]{16}$/);
    assert.deepEqual(p.Tags, [{ Key: 'tier', Value: 'gold' }]);
    const got = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    assert.deepEqual([got.Description, got.DefaultVersionId, got.PermissionsBoundaryUsageCount], ['encrypt anything', 'v1', 0]);
    const v1 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))).PolicyVersion!;
    assert.deepEqual([v1.VersionId, v1.IsDefaultVersion, decodeURIComponent(v1.Document!)], ['v1', true, ALLOW('kms:Encrypt')]);
  });

  test('CreatePolicy failures: EntityAlreadyExists, MalformedPolicyDocument, the 6,144-character quota', async () => {
    await queryRejects(iam.send(new CreatePolicyCommand({ PolicyName: 'KeyUsers', PolicyDocument: ALLOW('kms:Encrypt') })), 'EntityAlreadyExists', 409,
      'A policy called KeyUsers already exists. Duplicate names are not allowed.');
    await queryRejects(iam.send(new CreatePolicyCommand({ PolicyName: 'Broken', PolicyDocument: doc({ Effect: 'Maybe', Action: 'kms:Encrypt', Resource: '*' }) })),
      'MalformedPolicyDocument', 400, /^Invalid effect/);
    await queryRejects(iam.send(new CreatePolicyCommand({ PolicyName: 'Broken', PolicyDocument: doc({ Effect: 'Allow', Action: 'Encrypt', Resource: '*' }) })),
      'MalformedPolicyDocument', 400, 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
    const big = doc({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/${'k'.repeat(6_100)}` });
    await queryRejects(iam.send(new CreatePolicyCommand({ PolicyName: 'Broken', PolicyDocument: big })), 'LimitExceeded', 409,
      'Cannot exceed quota for PolicySize: 6144');
    await queryRejects(iam.send(new GetPolicyCommand({ PolicyArn: ARN('policy/Nope') })), 'NoSuchEntity', 404,
      `Policy ${ARN('policy/Nope')} does not exist or is not attachable.`);
    await queryRejects(iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::not-a-policy-arn' })), 'InvalidInput', 400,
      'ARN arn:aws:iam::not-a-policy-arn is not valid.');
  });

  test('versions: numbered after the highest ever, at most five, the default set at will and never deleted', async () => {
    const v2 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: ALLOW('kms:Decrypt'), SetAsDefault: true }))).PolicyVersion!;
    assert.deepEqual([v2.VersionId, v2.IsDefaultVersion], ['v2', true]);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v2');
    for (const a of ['kms:Sign', 'kms:Verify', 'kms:GenerateMac']) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: ALLOW(a) }));
    await queryRejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: ALLOW('kms:Encrypt') })), 'LimitExceeded', 409,
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(listed.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', false], ['v2', true], ['v1', false]]);
    const page = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2 }));
    assert.deepEqual([page.Versions!.map((v) => v.VersionId), page.IsTruncated], [['v5', 'v4'], true]);
    await queryRejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })), 'DeleteConflict', 409,
      'Cannot delete the default version of a policy.');
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    assert.equal((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: ALLOW('kms:Encrypt') }))).PolicyVersion!.VersionId, 'v6');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v1');
    await queryRejects(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })), 'NoSuchEntity', 404);
    await queryRejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })), 'NoSuchEntity', 404);
    await queryRejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'version-1' })), 'ValidationError', 400,
      "1 validation error detected: Value 'version-1' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
  });

  test('AWS managed policies are listed and readable, and cannot be changed', async () => {
    const ro = (await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy!;
    assert.deepEqual([ro.PolicyName, ro.Path, ro.DefaultVersionId], ['ReadOnlyAccess', '/', 'v1']);
    const v1 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: READ_ONLY, VersionId: 'v1' }))).PolicyVersion!;
    assert.ok(JSON.parse(decodeURIComponent(v1.Document!)).Statement);
    assert.deepEqual((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: READ_ONLY }))).Versions!.map((v) => v.VersionId), ['v1']);
    await queryRejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: READ_ONLY, PolicyDocument: ALLOW('kms:Encrypt') })), 'InvalidInput', 400);
    await queryRejects(iam.send(new DeletePolicyCommand({ PolicyArn: READ_ONLY })), 'InvalidInput', 400);
    const aws = (await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies!.map((p) => p.Arn);
    assert.ok(aws.includes(READ_ONLY) && aws.includes('arn:aws:iam::aws:policy/AdministratorAccess'));
    assert.ok(aws.every((a) => a!.startsWith('arn:aws:iam::aws:policy/')));
  });

  test('ListPolicies: Local, OnlyAttached, PathPrefix, and MaxItems/Marker across AWS and local policies', async () => {
    await iam.send(new CreatePolicyCommand({ PolicyName: 'Second', PolicyDocument: ALLOW('kms:Sign') }));
    assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies!.map((p) => p.PolicyName), ['KeyUsers', 'Second']);
    assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/kms/' }))).Policies!.map((p) => p.PolicyName), ['KeyUsers']);
    const attached = (await iam.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies!.map((p) => p.PolicyName);
    assert.deepEqual(attached, ['AdministratorAccess'], 'only the administrator\'s policy is attached so far');
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListPoliciesCommand({ MaxItems: 2, Marker: marker }));
      assert.ok(page.Policies!.length <= 2);
      seen.push(...page.Policies!.map((p) => p.Arn!));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    assert.equal(new Set(seen).size, seen.length, 'no policy twice');
    assert.ok(seen.includes(arn) && seen.includes(ARN('policy/Second')) && seen.includes(READ_ONLY));
  });
});

describe('attachments', () => {
  test('Attach/ListAttached/Detach for users, groups and roles, AWS managed and customer managed', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    const keyUsers = ARN('policy/kms/KeyUsers');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'CAROL', PolicyArn: keyUsers }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: READ_ONLY }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: READ_ONLY })); // twice changes nothing
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: READ_ONLY }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'decrypter', PolicyArn: keyUsers }));
    const userAttached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol' }));
    assert.deepEqual(userAttached.AttachedPolicies!.map((p) => [p.PolicyName, p.PolicyArn]).sort(), [['KeyUsers', keyUsers], ['ReadOnlyAccess', READ_ONLY]]);
    const page = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol', MaxItems: 1 }));
    assert.deepEqual([page.AttachedPolicies!.length, page.IsTruncated], [1, true]);
    const rest = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol', MaxItems: 1, Marker: page.Marker }));
    assert.deepEqual([rest.AttachedPolicies!.length, rest.IsTruncated], [1, false]);
    assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol', PathPrefix: '/kms/' }))).AttachedPolicies!.map((p) => p.PolicyName), ['KeyUsers']);
    assert.deepEqual((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'readers' }))).AttachedPolicies!.map((p) => p.PolicyArn), [READ_ONLY]);
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Decrypter' }))).AttachedPolicies!.map((p) => p.PolicyArn), [keyUsers]);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: keyUsers }))).Policy!.AttachmentCount, 2);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy!.AttachmentCount, 2);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: READ_ONLY }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: READ_ONLY }));
    await queryRejects(iam.send(new DetachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: READ_ONLY })), 'NoSuchEntity', 404, `Policy ${READ_ONLY} was not found.`);
    assert.deepEqual((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'readers' }))).AttachedPolicies, []);
  });

  test('attaching a policy that does not exist: NoSuchEntity; an owner that does not exist: NoSuchEntity', async () => {
    await queryRejects(iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: ARN('policy/Nope') })), 'NoSuchEntity', 404,
      `Policy ${ARN('policy/Nope')} does not exist or is not attachable.`);
    await queryRejects(iam.send(new AttachRolePolicyCommand({ RoleName: 'ghost', PolicyArn: READ_ONLY })), 'NoSuchEntity', 404,
      'The role with name ghost cannot be found.');
    await queryRejects(iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: 'arn:aws:iam::999988887777:policy/Foreign' })), 'NoSuchEntity', 404);
  });

  test('at most 10 managed policies per role, user or group: LimitExceeded', async () => {
    const arns: string[] = [];
    for (let i = 0; i < 10; i++) arns.push((await iam.send(new CreatePolicyCommand({ PolicyName: `quota-${i}`, PolicyDocument: ALLOW('kms:Sign') }))).Policy!.Arn!);
    for (const a of arns.slice(0, 9)) await iam.send(new AttachRolePolicyCommand({ RoleName: 'Decrypter', PolicyArn: a })); // + KeyUsers = 10
    await queryRejects(iam.send(new AttachRolePolicyCommand({ RoleName: 'Decrypter', PolicyArn: arns[9] })), 'LimitExceeded', 409,
      'Cannot exceed quota for PoliciesPerRole: 10');
    for (const a of arns) await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: a }));
    await queryRejects(iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: READ_ONLY })), 'LimitExceeded', 409,
      'Cannot exceed quota for PoliciesPerGroup: 10');
    for (const a of arns.slice(0, 9)) await iam.send(new DetachRolePolicyCommand({ RoleName: 'Decrypter', PolicyArn: a }));
    for (const a of arns) await iam.send(new DetachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: a }));
    for (const a of arns) await iam.send(new DeletePolicyCommand({ PolicyArn: a }));
  });
});

describe('deleting roles and policies', () => {
  test('DeletePolicy refuses while attached or with versions besides the default; DeleteRole while it has policies', async () => {
    const keyUsers = ARN('policy/kms/KeyUsers');
    await queryRejects(iam.send(new DeletePolicyCommand({ PolicyArn: keyUsers })), 'DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
    await queryRejects(iam.send(new DeleteRoleCommand({ RoleName: 'Decrypter' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'Decrypter', PolicyName: 'decrypt' }));
    await queryRejects(iam.send(new DeleteRoleCommand({ RoleName: 'Decrypter' })), 'DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'Decrypter', PolicyArn: keyUsers }));
    await iam.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: keyUsers }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'DECRYPTER' }));
    await queryRejects(iam.send(new GetRoleCommand({ RoleName: 'Decrypter' })), 'NoSuchEntity', 404, 'The role with name Decrypter cannot be found.');
    await queryRejects(iam.send(new DeleteRoleCommand({ RoleName: 'Decrypter' })), 'NoSuchEntity', 404);
    await queryRejects(iam.send(new DeletePolicyCommand({ PolicyArn: keyUsers })), 'DeleteConflict', 409,
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    for (const v of ['v2', 'v4', 'v5', 'v6']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: keyUsers, VersionId: v }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: keyUsers }));
    await queryRejects(iam.send(new GetPolicyCommand({ PolicyArn: keyUsers })), 'NoSuchEntity', 404);
  });

  test('every operation of this file is audited as iam:<Action> with what it touched', () => {
    const rows = auditRows(server).filter((r) => r.operation.startsWith('iam:'));
    for (const op of ROLES_POLICIES) {
      assert.ok(rows.some((r) => r.operation === `iam:${op}` && r.outcome === 'success'), `iam:${op} succeeded and was audited`);
    }
    // details: the operation's own facts, and under `event` what its CloudTrail event is rebuilt from.
    const facts = (r: { details?: string | null }) => {
      const { event: _event, ...rest } = JSON.parse(r.details!) as Record<string, unknown>;
      return rest;
    };
    const attach = rows.find((r) => r.operation === 'iam:AttachRolePolicy' && r.outcome === 'success')!;
    assert.deepEqual(facts(attach), { roleName: 'Decrypter', policyArn: ARN('policy/kms/KeyUsers') });
    const version = rows.find((r) => r.operation === 'iam:CreatePolicyVersion' && r.outcome === 'success')!;
    assert.deepEqual(facts(version), { policyArn: ARN('policy/kms/KeyUsers'), versionId: 'v2' });
    assert.ok(rows.some((r) => r.operation === 'iam:CreateRole' && r.error_code === 'MalformedPolicyDocument'));
    // As CloudTrail does, documents are recorded only as the request's parameters (assumeRolePolicyDocument, ...).
    for (const r of rows.filter((x) => x.details?.includes('sts:AssumeRole'))) {
      const params = (JSON.parse(r.details!) as { event: { requestParameters: Record<string, unknown> } }).event.requestParameters;
      assert.ok(Object.entries(params).some(([k, v]) => /[dD]ocument$/.test(k) && String(v).includes('sts:AssumeRole')), r.operation);
    }
  });
});
