// SetMinimumDecryptionVersion: ciphertexts of versions below it no longer decrypt (the error names the version), as
// Vault transit's min_decryption_version; 1 allows every version again, so it is reversible. docs/extension-api.md
import { KmsError } from '../../../protocol/errors.js';
import { mutateLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { defineExtensionOperation } from '../../operation.js';
import { S } from './extension-shapes.js';

export const setMinimumDecryptionVersion = defineExtensionOperation<{ KeyId: string; MinimumDecryptionVersion: number }>({
  name: 'SetMinimumDecryptionVersion',
  doc: 'Sets the lowest key version whose ciphertexts still decrypt (and re-encrypt from). 1 allows all versions again. It cannot exceed the current version.',
  errors: ['NotFoundException', 'KMSInvalidStateException', 'ValidationException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId(), MinimumDecryptionVersion: S.keyVersion() },
  output: { KeyId: { ...S.keyArn(), required: true }, MinimumDecryptionVersion: S.keyVersion() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'SetMinimumDecryptionVersion', 'idOrArn');
    const to = input.MinimumDecryptionVersion;
    let from = 1;
    await mutateLifecycle(ctx.service, key.record.keyId, 'SetMinimumDecryptionVersion', (v) => {
      if (to > v.key.currentVersion) {
        throw new KmsError('ValidationException', `MinimumDecryptionVersion ${to} is above the current version ${v.key.currentVersion} of ${key.arn}.`);
      }
      from = v.lifecycle.minimumDecryptionVersion ?? 1;
      return from === to ? undefined : { lifecycle: { minimumDecryptionVersion: to === 1 ? undefined : to } };
    });
    ctx.audit.details = { from, to, changed: from !== to };
    return { KeyId: key.arn, MinimumDecryptionVersion: to };
  },
});
