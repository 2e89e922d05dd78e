// DescribeKeyVersion: one version of a key, as ListKeyVersions reports it. docs/extension-api.md
import { followAudit } from '../../lifecycle/audit-follower.js';
import { readLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { usageFacts, versionEntry } from '../../lifecycle/version-report.js';
import { versionRow } from '../../lifecycle/version-rules.js';
import { defineExtensionOperation } from '../../operation.js';
import { KEY_VERSION_ENTRY, S } from './extension-shapes.js';

export const describeKeyVersion = defineExtensionOperation<{ KeyId: string; KeyVersion: number }>({
  name: 'DescribeKeyVersion',
  doc: 'Describes one version of a key: its state, cryptoperiod, usage counters and last use.',
  errors: ['NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId(), KeyVersion: S.keyVersion() },
  output: { KeyVersion: { ...KEY_VERSION_ENTRY, required: true } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'DescribeKeyVersion', 'any');
    await followAudit(ctx.service);
    const [view, usage] = await Promise.all([readLifecycle(ctx.service, key.record.keyId, undefined), usageFacts(ctx.service, key.record.keyId, key.arn)]);
    const row = versionRow(view, input.KeyVersion, key.arn);
    ctx.used(key, input.KeyVersion);
    return { KeyVersion: versionEntry(ctx.service, key.arn, view, row, usage) };
  },
});
