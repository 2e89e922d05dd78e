// Which successful audit records count as usage of which key version, as data: the operations GetKeyLastUsage tracks
// (AWS's KeyLastUsageTrackingOperation), with ReEncrypt split into its source and destination sides, plus the
// ReEncrypt-away count (a source ciphertext moved to another key or version: progress of re-encryption).
import type { AuditRecord } from '../model.js';
import { TRACKED_OPERATIONS } from '../operations/kms/get-key-last-usage.js';

export const REENCRYPTED_AWAY = 'ReEncryptAway';

/** Operations that produce a ciphertext under the version (their bytes are bytes encrypted). */
export const PRODUCING: ReadonlySet<string> = new Set([
  'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'ReEncryptTo',
]);
/** Operations that decrypt under the version. */
export const DECRYPTING: ReadonlySet<string> = new Set(['Decrypt', 'ReEncryptFrom']);

const COUNTED: ReadonlySet<string> = new Set(TRACKED_OPERATIONS.filter((o) => o !== 'ReEncrypt'));

export interface Use {
  keyArn: string;
  version: number;
  operation: string;
  bytes: number;
}

/** The uses one audit record stands for (none for a failure, a record without key version, or an untracked operation). */
export function usesOf(r: AuditRecord, details: Record<string, unknown> | undefined): Use[] {
  if (r.outcome !== 'success' || r.keyArn === undefined || r.keyVersion === undefined) return [];
  const bytes = typeof details?.bytes === 'number' ? details.bytes : 0;
  if (COUNTED.has(r.operation)) return [{ keyArn: r.keyArn, version: r.keyVersion, operation: r.operation, bytes }];
  if (r.operation !== 'ReEncrypt') return [];
  const uses: Use[] = [{ keyArn: r.keyArn, version: r.keyVersion, operation: 'ReEncryptTo', bytes }];
  const sourceArn = details?.sourceKeyArn;
  const sourceVersion = details?.sourceKeyVersion;
  if (typeof sourceArn === 'string' && typeof sourceVersion === 'number') {
    uses.push({ keyArn: sourceArn, version: sourceVersion, operation: 'ReEncryptFrom', bytes });
    if (sourceArn !== r.keyArn || sourceVersion !== r.keyVersion) uses.push({ keyArn: sourceArn, version: sourceVersion, operation: REENCRYPTED_AWAY, bytes });
  }
  return uses;
}
