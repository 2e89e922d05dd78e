// What the latest scan reports (ReportScanResults) say about a key version, summed over scopes: ListKeyVersions'
// ScanFound and the pre-flight's ScanFoundData check read the same totals.
import type { ScanFinding } from './destruction-store.js';

export interface ScanTotals {
  count: number;
  bytes: number;
  /** Scopes whose latest report lists the version (with Count 0 too: a scan that looked and found none). */
  scopes: string[];
  /** The newest of those reports. */
  lastReportDate?: number | undefined;
}

export function scanTotals(findings: readonly ScanFinding[], version: number): ScanTotals {
  const mine = findings.filter((f) => f.version === version);
  return {
    count: mine.reduce((n, f) => n + f.count, 0),
    bytes: mine.reduce((n, f) => n + f.bytes, 0),
    scopes: [...new Set(mine.filter((f) => f.count > 0).map((f) => f.scope))].sort(),
    lastReportDate: mine.length === 0 ? undefined : Math.max(...mine.map((f) => f.reportDate)),
  };
}
