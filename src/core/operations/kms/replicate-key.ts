// ReplicateKey: a replica of a multi-Region primary key in another Region served by this installation, with the same
// key id and material (every version) and its own policy, description and tags.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { checkPolicy, defaultKeyPolicy, POLICY_FIELD } from '../../access/key-policy.js';
import { recordArn } from '../../keys/arn.js';
import { keyMetadata } from '../../keys/key-metadata.js';
import { checkTags, TAG_LIST_FIELD } from '../../keys/tags.js';
import type { Tag } from '../../model.js';
import { relatedKeys } from '../../multi-region/related-keys.js';
import { refuseExistingCopy, replicaRecord, replicaScope, replicaVersions, requirePrimary } from '../../multi-region/replica.js';
import { defineOperation } from '../../operation.js';

interface Input {
  KeyId: string; ReplicaRegion: string; Policy?: string; BypassPolicyLockoutSafetyCheck?: boolean; Description?: string; Tags?: Tag[];
}

export const replicateKey = defineOperation<Input>({
  name: 'ReplicateKey',
  input: {
    KeyId: F.keyId(),
    ReplicaRegion: { t: 'string', required: true, min: 1, max: 32, pattern: /^([a-z]+-){2,3}\d+$/ },
    Policy: POLICY_FIELD,
    BypassPolicyLockoutSafetyCheck: { t: 'bool' },
    Description: { t: 'string', min: 0, max: 8192 },
    Tags: TAG_LIST_FIELD,
  },
  async run(ctx, input) {
    const tags = input.Tags ?? [];
    checkTags(tags);
    if (input.Policy !== undefined) checkPolicy(input.Policy);
    const key = await ctx.key(input.KeyId, 'ReplicateKey', 'idOrArn');
    const primary = key.record;
    requirePrimary(primary, key.arn);
    if (primary.origin !== 'AWS_KMS') {
      throw new KmsError('UnsupportedOperationException',
        `${key.arn} origin is ${primary.origin}: Keyward replicates multi-Region keys of AWS_KMS origin only (docs/compatibility.md).`);
    }
    const scope = replicaScope(ctx.service, input.ReplicaRegion);
    refuseExistingCopy(await relatedKeys(ctx.service, primary), scope.region);
    // AWS: the caller also needs kms:CreateKey in the replica Region (an identity-based policy).
    await ctx.authorizeAccount('CreateKey');
    const policy = input.Policy ?? defaultKeyPolicy(scope.accountId);
    const record = replicaRecord(primary, scope, { description: input.Description ?? '', policy, now: ctx.service.now() });
    if (input.Policy !== undefined) {
      ctx.service.deps.authorizer.checkKeyPolicy(input.Policy, {
        principal: ctx.principal, keyArn: recordArn(record), bypassLockout: input.BypassPolicyLockoutSafetyCheck === true, request: ctx.request,
      });
    }
    const versions = await replicaVersions(ctx.service, primary.keyId, record.keyId);
    try {
      await ctx.service.store.createKey(record, versions, tags);
    } catch (err) {
      // A concurrent ReplicateKey into the same Region won the store id: answer as for an existing replica.
      refuseExistingCopy(await relatedKeys(ctx.service, primary), scope.region);
      throw err;
    }
    ctx.service.keys.invalidate(primary.keyId);
    ctx.audit.details.replicaRegion = scope.region;
    ctx.audit.details.replicaKeyArn = recordArn(record);
    const related = await relatedKeys(ctx.service, record);
    const current = versions.find((v) => v.version === record.currentVersion);
    return {
      ReplicaKeyMetadata: keyMetadata(record, current?.materialId, undefined, related),
      ReplicaPolicy: policy,
      ReplicaTags: tags,
    };
  },
});
