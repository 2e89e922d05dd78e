// CreateAlias: a friendly name for a key, unique in the account and Region, at most 50 per key.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
import { KmsError } from '../../../protocol/errors.js';
import { aliasArn } from '../../keys/arn.js';
import { ALIAS_NAME_FIELD, checkAliasName, checkTargetIsKey, MAX_ALIASES_PER_KEY } from '../../keys/alias-rules.js';
import { defineOperation } from '../../operation.js';
import { StoreConflictError } from '../../ports.js';
import { F } from '../../../protocol/shape.js';

export const createAlias = defineOperation<{ AliasName: string; TargetKeyId: string }>({
  name: 'CreateAlias',
  input: { AliasName: ALIAS_NAME_FIELD, TargetKeyId: F.keyId() },
  async run(ctx, input) {
    checkAliasName(input.AliasName);
    checkTargetIsKey(input.TargetKeyId);
    // AWS asks for kms:CreateAlias on the alias (identity-based policies) and on the key (key policy).
    await ctx.authorizeAlias('CreateAlias', input.AliasName);
    const key = await ctx.key(input.TargetKeyId, 'CreateAlias', 'idOrArn');
    const { store } = ctx.service;
    const { scope } = ctx;
    if ((await store.countAliases(key.record.keyId)) >= MAX_ALIASES_PER_KEY) {
      throw new KmsError('LimitExceededException', `Cannot create more than ${MAX_ALIASES_PER_KEY} aliases for ${key.arn}.`);
    }
    const now = ctx.service.now();
    try {
      await store.createAlias({ aliasName: input.AliasName, accountId: scope.accountId, region: scope.region, targetKeyId: key.record.keyId, createdAt: now, updatedAt: now });
    } catch (err) {
      if (err instanceof StoreConflictError) {
        throw new KmsError('AlreadyExistsException', `An alias with the name ${aliasArn(scope, input.AliasName)} already exists`);
      }
      throw err;
    }
    ctx.service.keys.invalidate(key.record.keyId);
    return {};
  },
});
