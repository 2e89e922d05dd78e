// ReactivateKey: opens a time-boxed window on an archived key (the seed's temporary reactivation, closing by itself):
// DECRYPT_ONLY lets Decrypt and ReEncrypt from the key work while everything that protects new data is refused; FULL
// enables the key for the window. The scheduler closes the window at its end (also under the dev test clock);
// CloseReactivationWindow or DisableKey close it early. docs/extension-api.md
import { KmsError } from '../../../protocol/errors.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import type { WindowMode } from '../../lifecycle/lifecycle-model.js';
import { mutateLifecycle } from '../../lifecycle/lifecycle-mutation.js';
import { defineExtensionOperation } from '../../operation.js';
import { S } from './extension-shapes.js';

interface Input { KeyId: string; DurationInSeconds: number; Reason: string; Mode?: WindowMode }

export const reactivateKey = defineExtensionOperation<Input>({
  name: 'ReactivateKey',
  doc: 'Opens a reactivation window on an archived key for DurationInSeconds (at most the installation\'s maximum, 24 hours by default). Mode DECRYPT_ONLY (the default) allows Decrypt and ReEncrypt from the key and refuses Encrypt, GenerateDataKey and every other operation that protects new data; FULL allows everything. The window closes by itself at its end.',
  errors: ['NotFoundException', 'KMSInvalidStateException', 'ValidationException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: {
    KeyId: S.keyId(), DurationInSeconds: { t: 'int', required: true, min: 1, max: 31_536_000, name: 'DurationInSecondsType' },
    Reason: S.reason(true), Mode: S.windowMode(),
  },
  output: {
    KeyId: { ...S.keyArn(), required: true }, KeyState: { ...S.awsKeyState(), required: true },
    Mode: { ...S.windowMode(), required: true }, ReactivationEndDate: { t: 'timestamp', required: true },
  },
  async run(ctx, input) {
    const max = ctx.service.lifecycle.maxReactivationSeconds;
    if (input.DurationInSeconds > max) {
      throw new KmsError('ValidationException',
        `1 validation error detected: Value '${input.DurationInSeconds}' at 'durationInSeconds' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
    }
    const key = await ctx.key(input.KeyId, 'ReactivateKey', 'idOrArn');
    const mode = input.Mode ?? 'DECRYPT_ONLY';
    const openedAt = ctx.service.now();
    const until = openedAt + input.DurationInSeconds * 1000;
    await mutateLifecycle(ctx.service, key.record.keyId, 'ReactivateKey', (v) => {
      if (!v.lifecycle.archive) throw new KmsError('KMSInvalidStateException', `${key.arn} is not archived: ReactivateKey opens a window on an archived key.`);
      const w = v.lifecycle.window;
      if (w) throw new KmsError('KMSInvalidStateException', `${key.arn} has a reactivation window open until ${new Date(w.until).toISOString()}.`);
      return { key: { state: 'Enabled' }, lifecycle: { window: { openedAt, until, mode, reason: input.Reason } } };
    });
    ctx.audit.details = { mode, reason: input.Reason, durationInSeconds: input.DurationInSeconds, until: epochSeconds(until) };
    return { KeyId: key.arn, KeyState: 'Enabled', Mode: mode, ReactivationEndDate: epochSeconds(until) };
  },
});
