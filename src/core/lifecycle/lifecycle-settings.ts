// The installation's lifecycle settings (server/config.ts resolves them from configuration options).
import { DAY_MS } from './rotation.js';

/** NIST SP 800-38D §8.3: with random 96-bit IVs, at most 2^32 invocations of the authenticated encryption per key. */
export const GCM_RANDOM_IV_LIMIT = 2 ** 32;

export interface LifecycleSettings {
  /** AES-GCM encryptions allowed per key version (GCM_RANDOM_IV_LIMIT, or lower). */
  readonly gcmInvocationLimit: number;
  /** Fraction of the limit at which a version is warned about, and rotated if the key's rotation is on. */
  readonly usageWarnFraction: number;
  /** Lead time of the notice events before automatic rotations and cryptoperiod transitions, in ms. */
  readonly noticeMs: number;
  /** The longest reactivation window ReactivateKey accepts, in seconds. */
  readonly maxReactivationSeconds: number;
  /** Whether events of this type go to the webhook (false for every type when none is configured). */
  delivers(type: string): boolean;
}

export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = {
  gcmInvocationLimit: GCM_RANDOM_IV_LIMIT,
  usageWarnFraction: 0.9,
  noticeMs: 7 * DAY_MS,
  maxReactivationSeconds: 86_400,
  delivers: () => false,
};

/** The reservation totals at which a version is warned about and refused. */
export function usageThresholds(s: LifecycleSettings): { warnAt: number; limit: number } {
  return { warnAt: Math.max(1, Math.floor(s.gcmInvocationLimit * s.usageWarnFraction)), limit: s.gcmInvocationLimit };
}
