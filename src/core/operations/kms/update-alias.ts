// UpdateAlias: points an existing alias at another key of the same type and key usage.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html
import { KmsError } from '../../../protocol/errors.js';
import { F } from '../../../protocol/shape.js';
import { aliasMissing, ALIAS_NAME_FIELD, checkAliasName, checkTargetIsKey } from '../../keys/alias-rules.js';
import { keyArn } from '../../keys/arn.js';
import type { KeyRecord } from '../../model.js';
import { defineOperation } from '../../operation.js';

const keyType = (k: KeyRecord) => (k.keySpec === 'SYMMETRIC_DEFAULT' ? 'SYMMETRIC' : k.keySpec.startsWith('HMAC') ? 'HMAC' : 'ASYMMETRIC');

export const updateAlias = defineOperation<{ AliasName: string; TargetKeyId: string }>({
  name: 'UpdateAlias',
  input: { AliasName: ALIAS_NAME_FIELD, TargetKeyId: F.keyId() },
  async run(ctx, input) {
    checkAliasName(input.AliasName);
    checkTargetIsKey(input.TargetKeyId);
    const { store } = ctx.service;
    const { scope } = ctx;
    const alias = await store.getAlias(input.AliasName, scope.region);
    if (!alias) throw aliasMissing(scope, input.AliasName);
    // AWS asks for kms:UpdateAlias on the alias, the key it points at now and the new target.
    await ctx.authorizeAlias('UpdateAlias', input.AliasName);
    const target = await ctx.key(input.TargetKeyId, 'UpdateAlias', 'idOrArn');
    const old = alias.targetKeyId === target.record.keyId ? target.record
      : (await ctx.key(keyArn(scope, alias.targetKeyId), 'UpdateAlias', 'idOrArn', { authorizeOnly: true }).catch((err) => {
        if (err instanceof KmsError && err.code === 'NotFoundException') return undefined; // the old key is gone
        throw err;
      }))?.record;
    if (old && (keyType(old) !== keyType(target.record) || old.keyUsage !== target.record.keyUsage)) {
      throw new KmsError('ValidationException',
        `${input.AliasName} cannot be changed from a ${keyType(old)} ${old.keyUsage} key to a ${keyType(target.record)} ${target.record.keyUsage} key.`);
    }
    if (!(await store.updateAlias(input.AliasName, scope.region, target.record.keyId, ctx.service.now()))) throw aliasMissing(scope, input.AliasName);
    ctx.service.keys.invalidate(alias.targetKeyId);
    ctx.service.keys.invalidate(target.record.keyId);
    return {};
  },
});
