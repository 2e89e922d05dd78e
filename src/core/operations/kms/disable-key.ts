// DisableKey: Enabled → Disabled (idempotent); cryptographic operations then fail with DisabledException. A reactivation
// window of an archived key (Keyward's ReactivateKey) is thereby closed: recorded in the audit details (lifecycle event
// ReactivationWindowClosed). https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html
import { F } from '../../../protocol/shape.js';
import { mutateLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { defineOperation } from '../../operation.js';

export const disableKey = defineOperation<{ KeyId: string }>({
  name: 'DisableKey',
  input: { KeyId: F.keyId() },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'DisableKey', 'idOrArn');
    await mutateLifecycle(ctx.service, key.record.keyId, 'DisableKey', (v) => {
      const w = v.lifecycle.window;
      if (w) ctx.audit.details.windowClosed = { mode: w.mode, openedAt: w.openedAt, until: w.until };
      else delete ctx.audit.details.windowClosed;
      if (v.key.state === 'Disabled' && !w) return undefined;
      return { key: { state: 'Disabled' }, lifecycle: w ? { window: undefined } : undefined };
    });
    return {};
  },
});
