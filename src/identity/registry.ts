// The IAM and STS operations Keyward serves, by Query-protocol Action, each with the AWS service model that parses its
// input and writes its answer (src/identity/models, generated from botocore's).
import type { QueryServiceModel } from '../protocol/query/model.js';
import { addUserToGroup } from './iam/add-user-to-group.js';
import { attachmentOperations } from './iam/attachments.js';
import { createAccessKey } from './iam/create-access-key.js';
import { createGroup } from './iam/create-group.js';
import { createPolicy } from './iam/create-policy.js';
import { createPolicyVersion } from './iam/create-policy-version.js';
import { createRole } from './iam/create-role.js';
import { createUser } from './iam/create-user.js';
import { deleteAccessKey } from './iam/delete-access-key.js';
import { deleteGroup } from './iam/delete-group.js';
import { deletePolicy } from './iam/delete-policy.js';
import { deletePolicyVersion } from './iam/delete-policy-version.js';
import { deleteRole } from './iam/delete-role.js';
import { deleteUser } from './iam/delete-user.js';
import { tagOperations } from './iam/entity-tags.js';
import { getAccessKeyLastUsed } from './iam/get-access-key-last-used.js';
import { getGroup } from './iam/get-group.js';
import { getPolicy } from './iam/get-policy.js';
import { getPolicyVersion } from './iam/get-policy-version.js';
import { getRole } from './iam/get-role.js';
import { getUser } from './iam/get-user.js';
import { inlinePolicyOperations } from './iam/inline-policies.js';
import { listAccessKeys } from './iam/list-access-keys.js';
import { listGroups } from './iam/list-groups.js';
import { listGroupsForUser } from './iam/list-groups-for-user.js';
import { listPolicies } from './iam/list-policies.js';
import { listPolicyVersions } from './iam/list-policy-versions.js';
import { listRoles } from './iam/list-roles.js';
import { listUsers } from './iam/list-users.js';
import { removeUserFromGroup } from './iam/remove-user-from-group.js';
import { setDefaultPolicyVersion } from './iam/set-default-policy-version.js';
import { updateAccessKey } from './iam/update-access-key.js';
import { updateAssumeRolePolicy } from './iam/update-assume-role-policy.js';
import { IAM_MODEL } from './models/iam-model.js';
import { STS_MODEL } from './models/sts-model.js';
import type { QueryOperation } from './operation.js';
import { assumeRole } from './sts/assume-role.js';
import { getCallerIdentity } from './sts/get-caller-identity.js';
import { getSessionToken } from './sts/get-session-token.js';

const IAM: readonly QueryOperation[] = [
  // users and their access keys
  createUser, getUser, listUsers, deleteUser, ...tagOperations('user'),
  createAccessKey, listAccessKeys, updateAccessKey, deleteAccessKey, getAccessKeyLastUsed,
  // groups
  createGroup, getGroup, listGroups, deleteGroup, addUserToGroup, removeUserFromGroup, listGroupsForUser,
  // roles
  createRole, getRole, listRoles, deleteRole, updateAssumeRolePolicy, ...tagOperations('role'),
  // inline and managed policies
  ...inlinePolicyOperations('user'), ...inlinePolicyOperations('group'), ...inlinePolicyOperations('role'),
  createPolicy, getPolicy, deletePolicy, listPolicies, createPolicyVersion, getPolicyVersion, listPolicyVersions,
  deletePolicyVersion, setDefaultPolicyVersion,
  ...attachmentOperations('user'), ...attachmentOperations('group'), ...attachmentOperations('role'),
];

const STS: readonly QueryOperation[] = [getCallerIdentity, assumeRole, getSessionToken];

export interface QueryService {
  model: QueryServiceModel;
  operations: ReadonlyMap<string, QueryOperation>;
}

const byName = (ops: readonly QueryOperation[]) => new Map(ops.map((op) => [op.name, op]));

/** The Query services by SigV4 signing name. */
export const QUERY_SERVICES: ReadonlyMap<string, QueryService> = new Map([
  ['iam', { model: IAM_MODEL, operations: byName(IAM) }],
  ['sts', { model: STS_MODEL, operations: byName(STS) }],
]);
