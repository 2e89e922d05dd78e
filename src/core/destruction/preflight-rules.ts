// The destruction pre-flight checks as a table: each names the setting that turns it on and, from a version's facts
// (usage counted from the audit log, the latest scan reports), says why the destruction is refused and how to proceed.
// docs/destruction.md "Pre-flight"
import { DAY_MS } from '../lifecycle/rotation.js';
import type { PreflightSettings } from './preflight-settings.js';

/** What is known about one key version when its destruction is asked for. */
export interface VersionFacts {
  version: number;
  /** The last use that may have made or read data under the version (re-encrypting away from it is not one). */
  lastUse?: { at: number; operation: string } | undefined;
  /** When a ciphertext was last re-encrypted away from the version. */
  lastAwayAt?: number | undefined;
  produced: number;
  reEncryptedAway: number;
  /** Totals of the latest scan report of every scope that found ciphertexts under the version. */
  scan: { count: number; bytes: number; scopes: string[] };
}

export interface PreflightRule {
  /** The check's name, as the error message and GetDestructionPreflight say it. */
  readonly check: 'RecentUse' | 'CiphertextsNotReEncrypted' | 'ScanFoundData';
  readonly on: (s: PreflightSettings) => boolean;
  /** Why the version's destruction is refused (figures and the way forward), or undefined if the check passes. */
  readonly refuse: (f: VersionFacts, s: PreflightSettings, now: number) => string | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Every ciphertext the version produced was re-encrypted away after its last use: its data has moved. */
const movedAway = (f: VersionFacts) =>
  f.produced > 0 && f.reEncryptedAway >= f.produced && f.lastAwayAt !== undefined && f.lastUse !== undefined && f.lastAwayAt >= f.lastUse.at;

export const PREFLIGHT_RULES: readonly PreflightRule[] = [
  {
    check: 'RecentUse',
    on: (s) => s.recentUseDays > 0,
    refuse(f, s, now) {
      if (f.lastUse === undefined || now - f.lastUse.at >= s.recentUseDays * DAY_MS || movedAway(f)) return undefined;
      const days = Math.floor((now - f.lastUse.at) / DAY_MS);
      return `version ${f.version} was used (${f.lastUse.operation}) at ${iso(f.lastUse.at)}, ${days} day(s) ago, within the ` +
        `pre-flight period of ${s.recentUseDays} days: re-encrypt its ciphertexts to another key (ReEncrypt), wait until ` +
        `${iso(f.lastUse.at + s.recentUseDays * DAY_MS)}, or turn the check off for this key (PutDestructionPreflight RecentUseDays 0)`;
    },
  },
  {
    check: 'CiphertextsNotReEncrypted',
    on: (s) => s.requireReEncryption,
    refuse(f) {
      if (f.produced <= f.reEncryptedAway) return undefined;
      return `version ${f.version} produced ${f.produced} ciphertext(s) of which ${f.reEncryptedAway} were re-encrypted away ` +
        `(${f.produced - f.reEncryptedAway} left): re-encrypt them to another key or version (ReEncrypt), or turn the check off ` +
        'for this key (PutDestructionPreflight RequireReEncryption false)';
    },
  },
  {
    check: 'ScanFoundData',
    on: (s) => s.requireCleanScan,
    refuse(f) {
      if (f.scan.count === 0) return undefined;
      return `the latest scan of ${f.scan.scopes.join(', ')} found ${f.scan.count} ciphertext(s) (${f.scan.bytes} bytes) under version ` +
        `${f.version}: re-encrypt them (keyward scan --rewrap) and report the scan again (keyward scan --report-to), or turn the ` +
        'check off for this key (PutDestructionPreflight RequireCleanScan false)';
    },
  },
];

/** The refusals of every check that is on, for every version, as `[Check] reason`. */
export function preflightRefusals(facts: readonly VersionFacts[], s: PreflightSettings, now: number): string[] {
  if (!s.enabled) return [];
  return PREFLIGHT_RULES.filter((r) => r.on(s)).flatMap((r) =>
    facts.flatMap((f) => {
      const why = r.refuse(f, s, now);
      return why === undefined ? [] : [`[${r.check}] ${why}`];
    }));
}
