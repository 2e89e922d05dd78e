// CreatePolicyVersion: a new version of a customer managed policy, optionally the default; at most five versions.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
import { limitExceeded, noSuchPolicy } from '../errors.js';
import { IAM_QUOTAS } from '../identity-service.js';
import { iamOperation } from '../operation.js';
import { checkDocument } from './documents.js';
import { requireCustomerPolicy } from './lookups.js';

export const createPolicyVersion = iamOperation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }>({
  name: 'CreatePolicyVersion',
  resource: (_ctx, i) => i.PolicyArn,
  async run(ctx, input) {
    checkDocument(input.PolicyDocument, 'identity', IAM_QUOTAS.managedPolicyChars, 'PolicySize');
    const policy = await requireCustomerPolicy(ctx, input.PolicyArn);
    const now = ctx.identity.now();
    const outcome = await ctx.identity.store.addPolicyVersion(policy.name, input.PolicyDocument, input.SetAsDefault ?? false, IAM_QUOTAS.versionsPerPolicy, now);
    if (outcome === 'missing') throw noSuchPolicy(input.PolicyArn);
    if (outcome === 'limit') {
      throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    }
    Object.assign(ctx.details, { policyArn: input.PolicyArn, versionId: outcome.versionId });
    return { PolicyVersion: { VersionId: outcome.versionId, IsDefaultVersion: input.SetAsDefault ?? false, CreateDate: now } };
  },
});
