// The scan's result: findings grouped by key ARN and version (count, bytes, every location), and the candidates the
// server did not confirm. The table caps the locations it prints per key; --json carries them all.
import type { Match, MatchFormat } from './match.js';

export interface Finding extends Match {
  /** A file path, or a row: `<table>.<column> <key column>=<value>`. */
  location: string;
  arn: string;
  newestVersion: number;
}

export interface Unresolved { location: string; offset: number; format: MatchFormat; keyId: string; keyVersion: number; reason: string }

export interface InventoryEntry {
  KeyId: string;
  KeyVersion: number;
  Count: number;
  Bytes: number;
  Newest: boolean;
  Formats: Partial<Record<MatchFormat, number>>;
  Locations: { Location: string; Offset: number; Format: MatchFormat }[];
}

export interface ScanSummary {
  Scope: string;
  Scanned: { Files?: number; Rows?: number; Bytes: number };
  Inventory: InventoryEntry[];
  Unresolved: Unresolved[];
  Skipped: { Location: string; Reason: string }[];
}

export function inventoryOf(findings: readonly Finding[]): InventoryEntry[] {
  const byKey = new Map<string, InventoryEntry>();
  for (const f of findings) {
    const id = `${f.arn}\u0000${f.keyVersion}`;
    let e = byKey.get(id);
    if (!e) {
      e = { KeyId: f.arn, KeyVersion: f.keyVersion, Count: 0, Bytes: 0, Newest: f.keyVersion === f.newestVersion, Formats: {}, Locations: [] };
      byKey.set(id, e);
    }
    e.Count++;
    e.Bytes += f.bytes;
    e.Formats[f.format] = (e.Formats[f.format] ?? 0) + 1;
    e.Locations.push({ Location: f.location, Offset: f.offset, Format: f.format });
  }
  return [...byKey.values()].sort((a, b) => (a.KeyId < b.KeyId ? -1 : a.KeyId > b.KeyId ? 1 : a.KeyVersion - b.KeyVersion));
}

/** The ReportScanResults input (the server keeps the latest report per Scope): totals only, no locations. */
export function reportInput(summary: ScanSummary): { Scope: string; Inventory: { KeyId: string; KeyVersion: number; Count: number; Bytes: number }[] } {
  return { Scope: summary.Scope, Inventory: summary.Inventory.map((e) => ({ KeyId: e.KeyId, KeyVersion: e.KeyVersion, Count: e.Count, Bytes: e.Bytes })) };
}
