// What --rewrap did, per location: rewritten, already on the newest version, skipped by the state file, or failed
// (with the reason, so the operator can fix it and rerun with the same --state).
import type { Finding } from '../inventory.js';

export interface RewrapResult {
  Rewrapped: number;
  AlreadyNewest: number;
  SkippedByState: number;
  ChangedSinceScan: number;
  Failed: { Location: string; Reason: string }[];
}

export const emptyResult = (): RewrapResult => ({ Rewrapped: 0, AlreadyNewest: 0, SkippedByState: 0, ChangedSinceScan: 0, Failed: [] });

/** A location needs work when one of its ciphertexts is not on its key's newest version. */
export const needsRewrap = (findings: readonly Finding[]) => findings.some((f) => f.keyVersion < f.newestVersion);

/** AWS's error type and message, or the error's own message: never key material (the SDK's errors carry none). */
export function reasonOf(err: unknown): string {
  const e = err as { name?: string; message?: string; $metadata?: unknown };
  return e.$metadata !== undefined && e.name ? `${e.name}: ${e.message ?? ''}` : (e.message ?? String(err));
}
