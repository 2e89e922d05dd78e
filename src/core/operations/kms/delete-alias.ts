// DeleteAlias: removes an alias (the key is unaffected); allowed in every key state.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html
import { aliasMissing, ALIAS_NAME_FIELD, checkAliasName } from '../../keys/alias-rules.js';
import { keyArn } from '../../keys/arn.js';
import { defineOperation } from '../../operation.js';

export const deleteAlias = defineOperation<{ AliasName: string }>({
  name: 'DeleteAlias',
  input: { AliasName: ALIAS_NAME_FIELD },
  async run(ctx, input) {
    checkAliasName(input.AliasName);
    const { store } = ctx.service;
    const { scope } = ctx;
    const alias = await store.getAlias(input.AliasName, scope.region);
    if (!alias) throw aliasMissing(scope, input.AliasName);
    // AWS asks for kms:DeleteAlias on the alias (identity-based policies) and on its key (key policy).
    await ctx.authorizeAlias('DeleteAlias', input.AliasName);
    await ctx.key(keyArn(scope, alias.targetKeyId), 'DeleteAlias', 'idOrArn');
    if (!(await store.deleteAlias(input.AliasName, scope.region))) throw aliasMissing(scope, input.AliasName);
    ctx.service.keys.invalidate(alias.targetKeyId);
    return {};
  },
});
