// UpdateAssumeRolePolicy: replaces a role's trust policy. https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
import { noSuch } from '../errors.js';
import { IAM_QUOTAS } from '../identity-service.js';
import { iamOperation } from '../operation.js';
import { checkDocument } from './documents.js';
import { arnOf, requireEntity } from './lookups.js';

export const updateAssumeRolePolicy = iamOperation<{ RoleName: string; PolicyDocument: string }>({
  name: 'UpdateAssumeRolePolicy',
  resource: (ctx, i) => arnOf(ctx, 'role', i.RoleName),
  async run(ctx, input) {
    checkDocument(input.PolicyDocument, 'trust', IAM_QUOTAS.trustPolicyChars, 'ACLSizePerRole');
    const role = await requireEntity(ctx, 'role', input.RoleName);
    if (!(await ctx.identity.store.updateEntityData('role', role.name, { ...role.data, assumeRolePolicy: input.PolicyDocument }))) {
      throw noSuch('role', input.RoleName);
    }
    ctx.details.roleName = role.name;
    return {};
  },
});
