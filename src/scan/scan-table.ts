// `keyward scan --sqlite|--postgres ... --table T --column C`: every non-null value of the column through the same
// detectors as files; locations are `table.column key=value`. Rows with findings are kept for --rewrap.
import { valueMatches } from './detect-value.js';
import { inventoryOf, type Finding, type ScanSummary, type Unresolved } from './inventory.js';
import type { KeyResolver } from './key-resolver.js';
import type { Progress } from './progress.js';
import { resolveMatches } from './resolve-matches.js';
import type { RowValue, TableSource } from './tables/table-source.js';

export interface TableScan { summary: ScanSummary; rows: { row: RowValue; findings: Finding[] }[] }

const PAGE = 1000;

export const rowLocation = (source: TableSource, row: RowValue) => `${source.column} ${row.label}`;

export async function scanTable(source: TableSource, resolver: KeyResolver, progress: Progress): Promise<TableScan> {
  const found: Finding[] = [];
  const unresolved: Unresolved[] = [];
  const rows: TableScan['rows'] = [];
  let count = 0;
  let bytes = 0;
  progress.start(await source.count(), 'rows');
  for await (const batch of source.batches(PAGE)) {
    for (const row of batch) {
      const findings = await resolveMatches(rowLocation(source, row), await valueMatches(row.value), resolver, found, unresolved);
      if (findings.length > 0) rows.push({ row, findings });
      bytes += row.value.length;
    }
    count += batch.length;
    progress.advance(batch.length);
  }
  progress.stop();
  return {
    summary: { Scope: source.scope, Scanned: { Rows: count, Bytes: bytes }, Inventory: inventoryOf(found), Unresolved: unresolved, Skipped: [] },
    rows,
  };
}
