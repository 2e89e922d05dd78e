// Which end-to-end file drives which IAM and STS operation with @aws-sdk/client-iam / client-sts: each file proves its
// list from the audit log (every operation answered successfully at least once), and test/unit/identity-coverage.test.ts
// checks that the lists together are exactly the operations src/identity/registry.ts serves.
export const USERS_GROUPS_KEYS = [
  'CreateUser', 'GetUser', 'ListUsers', 'DeleteUser', 'TagUser', 'UntagUser', 'ListUserTags',
  'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey', 'GetAccessKeyLastUsed',
  'CreateGroup', 'GetGroup', 'ListGroups', 'DeleteGroup', 'AddUserToGroup', 'RemoveUserFromGroup', 'ListGroupsForUser',
  'PutUserPolicy', 'GetUserPolicy', 'DeleteUserPolicy', 'ListUserPolicies',
  'PutGroupPolicy', 'GetGroupPolicy', 'DeleteGroupPolicy', 'ListGroupPolicies',
] as const;

export const ROLES_POLICIES = [
  'CreateRole', 'GetRole', 'ListRoles', 'DeleteRole', 'UpdateAssumeRolePolicy', 'TagRole', 'UntagRole', 'ListRoleTags',
  'PutRolePolicy', 'GetRolePolicy', 'DeleteRolePolicy', 'ListRolePolicies',
  'CreatePolicy', 'GetPolicy', 'DeletePolicy', 'ListPolicies', 'CreatePolicyVersion', 'GetPolicyVersion', 'ListPolicyVersions',
  'DeletePolicyVersion', 'SetDefaultPolicyVersion',
  'AttachUserPolicy', 'DetachUserPolicy', 'ListAttachedUserPolicies', 'AttachGroupPolicy', 'DetachGroupPolicy',
  'ListAttachedGroupPolicies', 'AttachRolePolicy', 'DetachRolePolicy', 'ListAttachedRolePolicies',
] as const;

export const STS_OPERATIONS = ['GetCallerIdentity', 'AssumeRole', 'GetSessionToken'] as const;

export const E2E_COVERAGE = { iam: [...USERS_GROUPS_KEYS, ...ROLES_POLICIES], sts: [...STS_OPERATIONS] };
