// GetDestructionPreflight: the destruction pre-flight settings in effect for a key, and which are its own.
import { keyPreflight } from '../../destruction/preflight-settings.js';
import { defineExtensionOperation } from '../../operation.js';
import { PREFLIGHT_OUTPUT, preflightAnswer } from './destruction-preflight-shapes.js';
import { S } from './extension-shapes.js';

export const getDestructionPreflight = defineExtensionOperation<{ KeyId: string }>({
  name: 'GetDestructionPreflight',
  doc: 'Returns the destruction pre-flight settings in effect for a key (its own, PutDestructionPreflight, over the installation\'s) and which members are the key\'s own.',
  errors: ['NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId() },
  output: PREFLIGHT_OUTPUT,
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'GetDestructionPreflight', 'any');
    return preflightAnswer(ctx.service, key.arn, await keyPreflight(ctx.service, key.record.keyId));
  },
});
