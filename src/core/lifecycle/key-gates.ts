// The lifecycle rules applied to every key access on top of AWS's key-state table (context.ts): a reactivation window's
// mode and end, and per key version its own state, the minimum decryption version and its cryptoperiod. Every refusal
// names the key and, for a version rule, the version. Version refusals are KMSInvalidStateException ("the state of the
// specified resource is not valid for this request"): the ciphertext is sound, so InvalidCiphertextException (which
// stays message-less, conventions "no decryption oracle") would hide the reason from the key's owner.
import { KmsError } from '../../protocol/errors.js';
import { periodEnds } from './cryptoperiod.js';
import type { KeyLifecycle, VersionLifecycle } from './lifecycle-model.js';
import type { UsageClass } from './usage-class.js';

const iso = (ms: number) => new Date(ms).toISOString();
const invalidState = (message: string) => new KmsError('KMSInvalidStateException', message);

/** The key-level rule: a window past its end is about to close (the key reads Disabled, as it will in a moment). */
export function checkWindow(cls: UsageClass, access: string, lc: KeyLifecycle, arn: string, now: number): void {
  const w = lc.window;
  if (w === undefined || cls === 'manage') return;
  if (w.until <= now) throw new KmsError('DisabledException', `${arn} is disabled.`);
  if (w.mode === 'DECRYPT_ONLY' && cls === 'protect') {
    throw invalidState(`${arn} is archived and reactivated for decryption only until ${iso(w.until)}: ${access} is refused.`);
  }
}

/** What the version rules need to know about one version. */
export interface VersionFacts {
  version: number;
  createdAt?: number | undefined;
  state?: VersionLifecycle | undefined;
}

type VersionRule = (f: VersionFacts, cls: UsageClass, lc: KeyLifecycle | undefined, now: number) => string | undefined;

/** The version rules in the order they are reported; each returns the reason after "Key version N of <arn> ". */
const VERSION_RULES: readonly VersionRule[] = [
  (f) => (f.state?.state === 'DESTROYED' ? `was destroyed on ${iso(f.state.destroyedAt ?? f.state.stateChangedAt)}.` : undefined),
  (f) => (f.state?.state === 'PENDING_DESTRUCTION' ? `is pending destruction on ${iso(f.state.destructionDate!)}.` : undefined),
  (f) => (f.state?.state === 'DISABLED' ? 'is disabled.' : undefined),
  (f, cls, lc) => {
    const min = lc?.minimumDecryptionVersion;
    return cls === 'process' && min !== undefined && f.version < min ? `is below the key's minimum decryption version ${min}.` : undefined;
  },
  (f, _cls, lc, now) => {
    if (lc?.cryptoperiod === undefined || f.createdAt === undefined) return undefined;
    const end = periodEnds(lc.cryptoperiod, f.createdAt).recipientEnd;
    return end <= now ? `is archived: its recipient-usage period ended on ${iso(end)}.` : undefined;
  },
  (f, cls, lc, now) => {
    if (cls !== 'protect' || lc?.cryptoperiod === undefined || f.createdAt === undefined) return undefined;
    const end = periodEnds(lc.cryptoperiod, f.createdAt).originatorEnd;
    return end <= now
      ? `is past its originator-usage period (it ended on ${iso(end)}) and only decrypts or verifies: rotate the key to protect new data.`
      : undefined;
  },
];

/** Why version `f.version` may not be used for `cls` now, or undefined. */
export function versionRefusal(f: VersionFacts, cls: UsageClass, lc: KeyLifecycle | undefined, now: number): string | undefined {
  for (const rule of VERSION_RULES) {
    const reason = rule(f, cls, lc, now);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** Throws the refusal of versionRefusal as KMSInvalidStateException naming key and version. */
export function checkVersion(f: VersionFacts, cls: UsageClass, lc: KeyLifecycle | undefined, arn: string, now: number): void {
  const reason = versionRefusal(f, cls, lc, now);
  if (reason !== undefined) throw invalidState(`Key version ${f.version} of ${arn} ${reason}`);
}
