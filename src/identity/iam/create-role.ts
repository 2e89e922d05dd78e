// CreateRole: a role with its trust policy (who may assume it), optional description, session-duration maximum
// (3600 s by default) and tags. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
import { StoreConflictError } from '../../core/ports.js';
import { alreadyExists } from '../errors.js';
import { entityArn, newId } from '../ids.js';
import { IAM_QUOTAS } from '../identity-service.js';
import type { IamTag, Role } from '../model.js';
import { iamOperation } from '../operation.js';
import { checkBoundary } from './lookups.js';
import { checkDocument } from './documents.js';
import { initialTags } from './tag-rules.js';
import { roleView } from './views.js';

interface Input {
  RoleName: string; Path?: string; AssumeRolePolicyDocument: string; Description?: string; MaxSessionDuration?: number;
  PermissionsBoundary?: string; Tags?: IamTag[];
}

export const createRole = iamOperation<Input>({
  name: 'CreateRole',
  resource: (ctx, i) => entityArn(ctx.identity.scope, 'role', i.Path ?? '/', i.RoleName),
  async run(ctx, input) {
    checkDocument(input.AssumeRolePolicyDocument, 'trust', IAM_QUOTAS.trustPolicyChars, 'ACLSizePerRole');
    await checkBoundary(ctx, input.PermissionsBoundary);
    const path = input.Path ?? '/';
    const role: Role = {
      kind: 'role', name: input.RoleName, id: newId('role'), path, arn: entityArn(ctx.identity.scope, 'role', path, input.RoleName),
      createdAt: ctx.identity.now(),
      data: {
        tags: initialTags(input.Tags), assumeRolePolicy: input.AssumeRolePolicyDocument, description: input.Description,
        maxSessionDuration: input.MaxSessionDuration ?? 3600, permissionsBoundary: input.PermissionsBoundary,
      },
    };
    try {
      await ctx.identity.store.createEntity(role);
    } catch (err) {
      if (err instanceof StoreConflictError) throw alreadyExists('role', input.RoleName);
      throw err;
    }
    ctx.details.roleName = role.name;
    return { Role: roleView(role, true) };
  },
});
