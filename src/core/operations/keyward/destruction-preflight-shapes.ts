// What PutDestructionPreflight and GetDestructionPreflight share: the settings' members and the answer (the
// settings in effect for the key, and which of them are the key's own).
import type { Shape } from '../../../protocol/shape.js';
import { effectivePreflight, type KeyPreflight } from '../../destruction/preflight-settings.js';
import type { KmsService } from '../../service.js';
import { S } from './extension-shapes.js';

const DAYS = { t: 'int', min: 0, max: 3650, name: 'RecentUseDaysType' } as const;

/** The members a key may set; each absent one takes the installation's value. */
export const PREFLIGHT_MEMBERS = {
  Enabled: { t: 'bool', doc: 'Whether the pre-flight checks run before ScheduleKeyDeletion and ScheduleKeyVersionDestruction of this key.' },
  RecentUseDays: { ...DAYS, doc: 'Refuse destroying a version used within this many days (0: the check is off).' },
  RequireReEncryption: { t: 'bool', doc: 'Refuse while ciphertexts produced under a version were not all re-encrypted away.' },
  RequireCleanScan: { t: 'bool', doc: 'Refuse while the latest scan report of any scope found ciphertexts under a version.' },
} as const satisfies Shape;

/** Wire member → setting. */
export const MEMBER_SETTINGS = {
  Enabled: 'enabled', RecentUseDays: 'recentUseDays', RequireReEncryption: 'requireReEncryption', RequireCleanScan: 'requireCleanScan',
} as const;

export const PREFLIGHT_OUTPUT: Shape = {
  KeyId: { ...S.keyArn(), required: true },
  Enabled: { t: 'bool', required: true }, RecentUseDays: { ...DAYS, required: true },
  RequireReEncryption: { t: 'bool', required: true }, RequireCleanScan: { t: 'bool', required: true },
  KeyOverrides: {
    t: 'list', required: true, of: { t: 'string', min: 1, max: 64, name: 'PreflightMemberType' }, name: 'PreflightMemberList',
    doc: 'The members set for this key (PutDestructionPreflight); the others are the installation\'s (server flags).',
  },
};

export function preflightAnswer(service: KmsService, arn: string, own: KeyPreflight): Record<string, unknown> {
  const s = effectivePreflight(service.preflight, own);
  return {
    KeyId: arn, Enabled: s.enabled, RecentUseDays: s.recentUseDays, RequireReEncryption: s.requireReEncryption, RequireCleanScan: s.requireCleanScan,
    KeyOverrides: Object.entries(MEMBER_SETTINGS).filter(([, k]) => own[k] !== undefined).map(([m]) => m),
  };
}
