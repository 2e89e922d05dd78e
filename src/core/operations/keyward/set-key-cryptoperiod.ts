// SetKeyCryptoperiod: NIST SP 800-57 Part 1 §5.3 cryptoperiods for every version of a key — after OriginatorUsageDays a
// version only decrypts (a rotation follows if the key's rotation is on; otherwise protecting new data is refused), after
// RecipientUsageDays it is archived and decrypts no more. Notices precede each transition (the installation's lead time).
// Off unless set, so AWS behaviour is unchanged. docs/extension-api.md
import { KmsError } from '../../../protocol/errors.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import { MAX_CRYPTOPERIOD_DAYS } from '../../lifecycle/cryptoperiod.js';
import type { Cryptoperiod, VersionLifecycle } from '../../lifecycle/lifecycle-model.js';
import { mutateLifecycle, type LifecycleView } from '../../lifecycle/lifecycle-mutation.js';
import { remainingMilestones } from '../../lifecycle/lifecycle-plan.js';
import { versionState } from '../../lifecycle/version-rules.js';
import { defineExtensionOperation } from '../../operation.js';
import type { KmsService } from '../../service.js';
import { S } from './extension-shapes.js';

interface Input { KeyId: string; OriginatorUsageDays: number; RecipientUsageDays: number }

const days = (doc: string) => ({ t: 'int', required: true, min: 1, max: MAX_CRYPTOPERIOD_DAYS, name: 'CryptoperiodDaysType', doc }) as const;

export const CRYPTOPERIOD_OUTPUT = {
  t: 'struct', name: 'Cryptoperiod', fields: {
    OriginatorUsageDays: days('Days a version protects new data, from its creation.'),
    RecipientUsageDays: days('Days a version decrypts, from its creation (at least OriginatorUsageDays).'),
    SetDate: { t: 'timestamp', required: true },
  },
} as const;

export const setKeyCryptoperiod = defineExtensionOperation<Input>({
  name: 'SetKeyCryptoperiod',
  doc: 'Sets the cryptoperiod of every version of a key (NIST SP 800-57 Part 1 section 5.3), counted from each version\'s creation: after OriginatorUsageDays a version only decrypts (the key rotates if its rotation is on; otherwise Encrypt is refused), after RecipientUsageDays the version is archived and its ciphertexts no longer decrypt. Lifecycle events announce each transition ahead of time.',
  errors: ['NotFoundException', 'KMSInvalidStateException', 'ValidationException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId(), OriginatorUsageDays: days('Originator-usage period in days.'), RecipientUsageDays: days('Recipient-usage period in days.') },
  output: { KeyId: { ...S.keyArn(), required: true }, Cryptoperiod: { ...CRYPTOPERIOD_OUTPUT, required: true } },
  async run(ctx, input) {
    if (input.RecipientUsageDays < input.OriginatorUsageDays) {
      throw new KmsError('ValidationException',
        `RecipientUsageDays (${input.RecipientUsageDays}) must be at least OriginatorUsageDays (${input.OriginatorUsageDays}): a version decrypts for as long as it encrypts, and longer (NIST SP 800-57 Part 1 section 5.3).`);
    }
    const key = await ctx.key(input.KeyId, 'SetKeyCryptoperiod', 'idOrArn');
    const cp: Cryptoperiod = { originatorDays: input.OriginatorUsageDays, recipientDays: input.RecipientUsageDays, setAt: ctx.service.now() };
    await mutateLifecycle(ctx.service, key.record.keyId, 'SetKeyCryptoperiod', (v) => ({ lifecycle: { cryptoperiod: cp }, versions: milestonesFor(ctx.service, v, cp) }));
    ctx.audit.details = { originatorUsageDays: cp.originatorDays, recipientUsageDays: cp.recipientDays };
    return {
      KeyId: key.arn,
      Cryptoperiod: { OriginatorUsageDays: cp.originatorDays, RecipientUsageDays: cp.recipientDays, SetDate: epochSeconds(cp.setAt) },
    };
  },
});

/** The version records whose announced milestones change under the new cryptoperiod (none: undefined). */
export function milestonesFor(service: KmsService, v: LifecycleView, cp: Cryptoperiod | undefined): VersionLifecycle[] | undefined {
  const changed: VersionLifecycle[] = [];
  for (const row of v.versions) {
    const s = versionState(v, row);
    const kept = remainingMilestones(cp, row.createdAt, s.milestones, service.now(), service.lifecycle.noticeMs);
    if (kept !== s.milestones) changed.push({ ...s, milestones: kept });
  }
  return changed.length > 0 ? changed : undefined;
}
