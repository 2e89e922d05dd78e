// How `keyward scan` prints: a table per key and version for people (locations capped), the whole summary with every
// location for --json, and a progress bar on a terminal's stderr (cli-progress) that --json and pipes never see.
import type { ScanSummary } from '../scan/inventory.js';
import type { Progress } from '../scan/progress.js';
import { NO_PROGRESS } from '../scan/progress.js';
import type { RewrapResult } from '../scan/rewrap/rewrap-result.js';
import { progressBar as terminalBar, showsProgress, type Progress as TerminalBar } from './progress.js';
import { table } from './table.js';

/** The scan's progress port as the CLI's terminal bar (src/cli/progress.ts: stderr on a terminal, never --json or --quiet). */
export function progressBar(o: { json?: unknown; quiet?: unknown }, label: string): Progress {
  if (!showsProgress(o)) return NO_PROGRESS;
  let bar: TerminalBar | undefined;
  return {
    start(total, unit) {
      bar = terminalBar(o, total, unit);
      bar.label(label);
    },
    advance: (n) => bar?.add(n),
    stop: () => bar?.stop(),
  };
}

export function summaryTable(s: ScanSummary, maxLocations: number): string {
  const scanned = s.Scanned.Files !== undefined ? `${s.Scanned.Files} files` : `${s.Scanned.Rows ?? 0} rows`;
  const lines = [`${s.Scope}: ${scanned}, ${s.Scanned.Bytes} bytes`];
  if (s.Inventory.length === 0) lines.push('no Keyward ciphertexts found');
  else {
    lines.push(table(['KEY', 'VERSION', 'NEWEST', 'COUNT', 'BYTES', 'LOCATIONS'], s.Inventory.map((e) => {
      const shown = e.Locations.slice(0, maxLocations).map((l) => (l.Offset > 0 ? `${l.Location}@${l.Offset}` : l.Location));
      const more = e.Locations.length - shown.length;
      return [e.KeyId, String(e.KeyVersion), e.Newest ? 'yes' : 'no', String(e.Count), String(e.Bytes), shown.join(', ') + (more > 0 ? ` (+${more} more, all in --json)` : '')];
    })));
  }
  if (s.Unresolved.length > 0) lines.push(`${s.Unresolved.length} candidate(s) not confirmed by the server (not counted; --json lists them)`);
  if (s.Skipped.length > 0) lines.push(`${s.Skipped.length} location(s) could not be read: ${s.Skipped.slice(0, 3).map((x) => `${x.Location} (${x.Reason})`).join(', ')}`);
  return lines.join('\n');
}

export function rewrapLines(r: RewrapResult): string {
  const lines = [`rewrap: ${r.Rewrapped} rewritten, ${r.AlreadyNewest} already on the newest version, ${r.SkippedByState} done in an earlier run (--state), ${r.ChangedSinceScan} changed since the scan (rerun to include them)`];
  for (const f of r.Failed) lines.push(`  failed: ${f.Location}: ${f.Reason}`);
  return lines.join('\n');
}
