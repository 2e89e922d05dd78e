// PutDestructionPreflight: a key's own destruction pre-flight settings over the installation's (docs/destruction.md):
// turn the checks on or off for the key, or one check (RecentUseDays 0, RequireReEncryption false, RequireCleanScan
// false); UseInstallationDefaults forgets the key's settings first.
import { putKeyPreflight, keyPreflight, type KeyPreflight } from '../../destruction/preflight-settings.js';
import { defineExtensionOperation } from '../../operation.js';
import { MEMBER_SETTINGS, PREFLIGHT_MEMBERS, PREFLIGHT_OUTPUT, preflightAnswer } from './destruction-preflight-shapes.js';
import { S } from './extension-shapes.js';

type Input = { KeyId: string; UseInstallationDefaults?: boolean } & Partial<Record<keyof typeof MEMBER_SETTINGS, boolean | number>>;

export const putDestructionPreflight = defineExtensionOperation<Input>({
  name: 'PutDestructionPreflight',
  doc: 'Sets the destruction pre-flight of one key: whether the checks run before ScheduleKeyDeletion and ScheduleKeyVersionDestruction, the recent-use period, and whether re-encryption and a clean scan are required. Members left out keep their value; UseInstallationDefaults true first returns every member to the installation\'s setting. Returns the settings now in effect.',
  errors: ['NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: { KeyId: S.keyId(), ...PREFLIGHT_MEMBERS, UseInstallationDefaults: { t: 'bool', doc: 'Forget the key\'s own settings before applying the members given.' } },
  output: PREFLIGHT_OUTPUT,
  async run(ctx, input) {
    const key = await ctx.key(input.KeyId, 'PutDestructionPreflight', 'idOrArn');
    const own: KeyPreflight = input.UseInstallationDefaults ? {} : await keyPreflight(ctx.service, key.record.keyId);
    for (const [member, setting] of Object.entries(MEMBER_SETTINGS) as [keyof typeof MEMBER_SETTINGS, keyof KeyPreflight][]) {
      if (input[member] !== undefined) (own as Record<string, unknown>)[setting] = input[member];
    }
    own.updatedAt = ctx.service.now();
    await putKeyPreflight(ctx.service, key.record.keyId, own);
    const answer = preflightAnswer(ctx.service, key.arn, own);
    ctx.audit.details = { ...answer, KeyId: undefined };
    return answer;
  },
});
