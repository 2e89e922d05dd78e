// The persistence port of verifiable destruction (Store.destruction): scan reports (`keyward scan --report-to`, the
// latest per scope), destruction receipts (their own table: they outlive the key), and the byte search of what the
// store can reach after material was shredded. Implemented by store/sqlite/destruction-store.ts and
// store/postgres/destruction-store.ts; test/contract/destruction-contract.ts covers both.
import type { Page } from '../ports.js';

/** One inventory line of a scan report: ciphertexts of a key version found in the scope. */
export interface ScanEntry {
  keyArn: string;
  version: number;
  count: number;
  bytes: number;
}

export interface ScanReport {
  reportId: string;
  scope: string;
  reportDate: number;
  inventory: ScanEntry[];
}

/** What the latest report of one scope says about one version of a key. */
export interface ScanFinding extends ScanEntry {
  scope: string;
  reportId: string;
  reportDate: number;
}

export interface StoredReceipt {
  receiptId: string;
  keyArn: string;
  /** The versions whose material the receipt covers, ascending. */
  versions: number[];
  destroyedAt: number;
  /** CLEAN, FOUND or INCOMPLETE (receipt-document.ts). */
  scanResult: string;
  /** The signed receipt as delivered: canonical JSON text. */
  document: string;
}

/** A byte string to search for, with a label that says what it is (never the bytes themselves). */
export interface ResidueNeedle {
  label: string;
  bytes: Buffer;
}

export interface ResidueScan {
  /** What was searched: files (SQLite) or tables and columns (PostgreSQL). */
  scope: string[];
  /** Each needle found, and where. */
  found: { label: string; where: string }[];
  /** What the search could not cover, or how (e.g. VACUUM refused, a WAL checkpoint left frames behind). */
  notes: string[];
}

export interface DestructionStore {
  /** Stores a scan report; it replaces every earlier report of the same scope. */
  putScanReport(report: ScanReport): Promise<void>;
  /** The latest reports' lines about one key, every scope. */
  scanFindings(keyArn: string): Promise<ScanFinding[]>;
  putReceipt(receipt: StoredReceipt): Promise<void>;
  /** The receipts of one key (also after it is gone), oldest first. */
  receipts(keyArn: string): Promise<StoredReceipt[]>;
  /** Every receipt, oldest first, after the position `after` (from a previous page). */
  listReceipts(limit: number, after?: string): Promise<Page<StoredReceipt>>;
  /**
   * Searches what this store can reach for the needles, after making deleted content unreachable where it can
   * (SQLite: WAL checkpoint and truncate; PostgreSQL: VACUUM, where permitted).
   */
  searchResidue(needles: readonly ResidueNeedle[]): Promise<ResidueScan>;
}
