// Destruction pre-flight: before ScheduleKeyDeletion or ScheduleKeyVersionDestruction, the checks of
// preflight-rules.ts run over the versions to be destroyed, with usage counted from the audit log up to this request
// and the latest scan reports; any refusal is a KMSInvalidStateException naming the check, the figures and the way on.
import { KmsError } from '../../protocol/errors.js';
import { followAudit } from '../lifecycle/audit-follower.js';
import type { UsageCounter } from '../lifecycle/lifecycle-model.js';
import { PRODUCING, REENCRYPTED_AWAY } from '../lifecycle/usage-operations.js';
import type { KmsService } from '../service.js';
import { effectivePreflight, keyPreflight } from './preflight-settings.js';
import { preflightRefusals, type VersionFacts } from './preflight-rules.js';
import { scanTotals } from './scan-totals.js';
import type { ScanFinding } from './destruction-store.js';

/** Throws KMSInvalidStateException if the pre-flight refuses destroying `versions` of the key. */
export async function checkDestructionPreflight(
  service: KmsService, keyId: string, arn: string, versions: readonly number[], operation: string,
): Promise<void> {
  const settings = effectivePreflight(service.preflight, await keyPreflight(service, keyId));
  if (!settings.enabled) return;
  await followAudit(service); // counters include every request answered before this one
  const [counters, findings] = await Promise.all([service.store.lifecycle.usage.counters(keyId), service.store.destruction.scanFindings(arn)]);
  const facts = versions.map((v) => versionFacts(v, counters.filter((c) => c.version === v), findings));
  const refusals = preflightRefusals(facts, settings, service.now());
  if (refusals.length === 0) return;
  throw new KmsError('KMSInvalidStateException', `Destruction pre-flight refused ${operation} of ${arn}: ${refusals.join('; ')}.`);
}

function versionFacts(version: number, counters: readonly UsageCounter[], findings: readonly ScanFinding[]): VersionFacts {
  const away = counters.find((c) => c.operation === REENCRYPTED_AWAY);
  // Re-encrypting away from the version is how its data leaves: not a use that keeps data under it. A re-encryption
  // that stayed on the version (from count above the away count) is one.
  const uses = counters.filter((c) => c.operation !== REENCRYPTED_AWAY && (c.operation !== 'ReEncryptFrom' || c.count > (away?.count ?? 0)));
  const last = uses.reduce<UsageCounter | undefined>((a, c) => (a === undefined || c.lastUsedAt > a.lastUsedAt ? c : a), undefined);
  const totals = scanTotals(findings, version);
  return {
    version,
    lastUse: last && { at: last.lastUsedAt, operation: last.operation },
    lastAwayAt: away?.lastUsedAt,
    produced: counters.filter((c) => PRODUCING.has(c.operation)).reduce((n, c) => n + c.count, 0),
    reEncryptedAway: away?.count ?? 0,
    scan: { count: totals.count, bytes: totals.bytes, scopes: totals.scopes },
  };
}
