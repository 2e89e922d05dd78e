// IAM's and STS's error answers with AWS's texts (codes and HTTP statuses as the service models give them).
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and each operation's Errors section.
import { QueryError } from '../protocol/query/errors.js';
import type { DeleteBlocker } from './ports.js';
import type { EntityKind, OwnerKind } from './model.js';

const NOUN: Record<EntityKind, string> = { user: 'user', group: 'group', role: 'role', policy: 'policy' };

export const noSuchEntity = (message: string) => new QueryError('NoSuchEntity', message, 404);
export const noSuch = (kind: EntityKind, name: string) => noSuchEntity(`The ${NOUN[kind]} with name ${name} cannot be found.`);
export const noSuchPolicy = (arn: string) => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
export const noSuchPolicyVersion = (arn: string, v: string) => noSuchEntity(`Policy ${arn} version ${v} does not exist or is not attachable.`);
export const noSuchInline = (kind: OwnerKind, name: string) => noSuchEntity(`The ${NOUN[kind]} policy with name ${name} cannot be found.`);
export const noSuchAccessKey = (id: string) => noSuchEntity(`The Access Key with id ${id} cannot be found.`);

const TITLE: Record<EntityKind, string> = { user: 'User', group: 'Group', role: 'Role', policy: 'Policy' };
export function alreadyExists(kind: EntityKind, name: string): QueryError {
  return new QueryError('EntityAlreadyExists', kind === 'policy'
    ? `A policy called ${name} already exists. Duplicate names are not allowed.`
    : `${TITLE[kind]} with name ${name} already exists.`, 409);
}

const CONFLICT: Record<DeleteBlocker, string> = {
  'access-keys': 'Cannot delete entity, must delete access keys first.',
  'inline-policies': 'Cannot delete entity, must delete policies first.',
  'attachments': 'Cannot delete entity, must detach all policies first.',
  'groups': 'Cannot delete entity, must remove users from group first.',
  'group-members': 'Cannot delete entity, must remove users from group first.',
  'policy-versions': "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
};
export function deleteConflict(kind: EntityKind, blocker: DeleteBlocker): QueryError {
  const text = kind === 'policy' && blocker === 'attachments' ? 'Cannot delete a policy attached to entities.' : CONFLICT[blocker];
  return new QueryError('DeleteConflict', text, 409);
}

export const limitExceeded = (message: string) => new QueryError('LimitExceeded', message, 409);
export const invalidInput = (message: string) => new QueryError('InvalidInput', message, 400);
export const malformedPolicy = (message: string) => new QueryError('MalformedPolicyDocument', message, 400);
export const unmodifiable = (message: string) => new QueryError('UnmodifiableEntity', message, 400);
