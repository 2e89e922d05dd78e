// CloseReactivationWindow: ends a reactivation window before its time; the key is archived (Disabled) again.
// docs/extension-api.md
import { KmsError } from '../../../protocol/errors.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { mutateLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import type { ReactivationWindow } from '../../lifecycle/lifecycle-model.js';
import { defineExtensionOperation } from '../../operation.js';
import { S } from './extension-shapes.js';

export const closeReactivationWindow = defineExtensionOperation<{ KeyId: string }>({
  name: 'CloseReactivationWindow',
  doc: 'Closes the open reactivation window of an archived key before its end: the key is disabled (archived) again.',
  errors: ['NotFoundException', 'KMSInvalidStateException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId() },
  output: { KeyId: { ...S.keyArn(), required: true }, KeyState: { ...S.awsKeyState(), required: true } },
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'CloseReactivationWindow', 'idOrArn');
    let closed: ReactivationWindow | undefined;
    const after = await mutateLifecycle(ctx.service, key.record.keyId, 'CloseReactivationWindow', (v) => {
      closed = v.lifecycle.window;
      if (!closed) throw new KmsError('KMSInvalidStateException', `${key.arn} has no open reactivation window.`);
      return { key: v.key.state === 'Enabled' ? { state: 'Disabled' } : undefined, lifecycle: { window: undefined } };
    });
    ctx.audit.details = { reason: 'ClosedEarly', mode: closed!.mode, openedAt: epochSeconds(closed!.openedAt), until: epochSeconds(closed!.until) };
    return { KeyId: key.arn, KeyState: after.key.state };
  },
});
