// CreatePolicy: a customer managed policy with its first version, v1, as the default.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
import { StoreConflictError } from '../../core/ports.js';
import { alreadyExists } from '../errors.js';
import { entityArn, newId } from '../ids.js';
import { IAM_QUOTAS } from '../identity-service.js';
import type { IamTag, ManagedPolicy } from '../model.js';
import { iamOperation } from '../operation.js';
import { checkDocument } from './documents.js';
import { initialTags } from './tag-rules.js';
import { managedPolicyFacts, policyView } from './views.js';

interface Input { PolicyName: string; Path?: string; PolicyDocument: string; Description?: string; Tags?: IamTag[] }

export const createPolicy = iamOperation<Input>({
  name: 'CreatePolicy',
  resource: (ctx, i) => entityArn(ctx.identity.scope, 'policy', i.Path ?? '/', i.PolicyName),
  async run(ctx, input) {
    checkDocument(input.PolicyDocument, 'identity', IAM_QUOTAS.managedPolicyChars, 'PolicySize');
    const path = input.Path ?? '/';
    const now = ctx.identity.now();
    const policy: ManagedPolicy = {
      kind: 'policy', name: input.PolicyName, id: newId('policy'), path, arn: entityArn(ctx.identity.scope, 'policy', path, input.PolicyName),
      createdAt: now, data: { description: input.Description, defaultVersionId: 'v1', lastVersion: 1, updatedAt: now, tags: initialTags(input.Tags) },
    };
    try {
      await ctx.identity.store.createEntity(policy, { policyArn: policy.arn, versionId: 'v1', document: input.PolicyDocument, createdAt: now });
    } catch (err) {
      if (err instanceof StoreConflictError) throw alreadyExists('policy', input.PolicyName);
      throw err;
    }
    ctx.details.policyArn = policy.arn;
    return { Policy: policyView(managedPolicyFacts(policy, 0), true) };
  },
});
