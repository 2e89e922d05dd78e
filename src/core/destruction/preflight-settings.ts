// Destruction pre-flight settings: the installation's defaults (server flags --destruction-preflight,
// --destruction-preflight-recent-use-days; off by default in dev mode, on otherwise) and a key's own overrides
// (PutDestructionPreflight), kept in the store's meta table under the key's id. docs/destruction.md
import type { KmsService } from '../service.js';

export interface PreflightSettings {
  /** Whether ScheduleKeyDeletion and ScheduleKeyVersionDestruction run the checks at all. */
  readonly enabled: boolean;
  /** A use within this many days refuses the destruction (0: the recent-use check is off). */
  readonly recentUseDays: number;
  /** Refuse while ciphertexts produced under the key or version were not all re-encrypted away. */
  readonly requireReEncryption: boolean;
  /** Refuse while the latest scan report of any scope found ciphertexts under the key or version. */
  readonly requireCleanScan: boolean;
}

export const DEFAULT_RECENT_USE_DAYS = 30;

/** Outside dev mode (server/config.ts turns it off for --dev unless a flag says otherwise). */
export const DEFAULT_PREFLIGHT_SETTINGS: PreflightSettings = {
  enabled: true, recentUseDays: DEFAULT_RECENT_USE_DAYS, requireReEncryption: true, requireCleanScan: true,
};

/** A key's overrides; an absent member takes the installation's value. */
export type KeyPreflight = Partial<{ -readonly [K in keyof PreflightSettings]: PreflightSettings[K] }> & { updatedAt?: number };

const metaName = (keyId: string) => `destruction-preflight:${keyId}`;

export async function keyPreflight(service: KmsService, keyId: string): Promise<KeyPreflight> {
  const text = await service.store.getMeta(metaName(keyId));
  return text === undefined ? {} : (JSON.parse(text) as KeyPreflight);
}

export async function putKeyPreflight(service: KmsService, keyId: string, settings: KeyPreflight): Promise<void> {
  await service.store.setMeta(metaName(keyId), JSON.stringify(settings));
}

/** The settings that apply to a key: its overrides over the installation's defaults. */
export function effectivePreflight(installation: PreflightSettings, key: KeyPreflight): PreflightSettings {
  return {
    enabled: key.enabled ?? installation.enabled,
    recentUseDays: key.recentUseDays ?? installation.recentUseDays,
    requireReEncryption: key.requireReEncryption ?? installation.requireReEncryption,
    requireCleanScan: key.requireCleanScan ?? installation.requireCleanScan,
  };
}
