// SQLite: the destruction port (core/destruction/destruction-store.ts) on the store's main connection. The residue
// search reads the database's own files — the main file, its WAL and the WAL index (-shm) — byte by byte, after
// checking that the main connection deletes securely (secure_delete: freed cells and pages are overwritten with zeros,
// https://www.sqlite.org/pragma.html#pragma_secure_delete) and folding the WAL into the main file and truncating it
// (wal_checkpoint(TRUNCATE), https://www.sqlite.org/pragma.html#pragma_wal_checkpoint): without both, the page images
// that held the sealed material before it was overwritten would survive in free pages or in old WAL frames.
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import type { DestructionStore, ResidueNeedle, ResidueScan, ScanFinding, ScanReport, StoredReceipt } from '../../core/destruction/destruction-store.js';
import type { Page } from '../../core/ports.js';
import { searchFile } from '../file-residue.js';
import { findingFromRow, receiptFromRow } from '../destruction-rows.js';
import type { Row } from '../rows.js';

export class SqliteDestructionStore implements DestructionStore {
  private readonly s;

  constructor(private readonly db: Database.Database, private readonly path: string) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      dropFindings: p('DELETE FROM scan_findings WHERE scope = ?'),
      dropReport: p('DELETE FROM scan_reports WHERE scope = ?'),
      insertReport: p('INSERT INTO scan_reports (scope, report_id, report_date) VALUES (?, ?, ?)'),
      insertFinding: p('INSERT INTO scan_findings (scope, key_arn, version, count, bytes) VALUES (?, ?, ?, ?, ?)'),
      findings: p(`SELECT f.*, r.report_id, r.report_date FROM scan_findings f JOIN scan_reports r ON r.scope = f.scope
        WHERE f.key_arn = ? ORDER BY f.version, f.scope`),
      insertReceipt: p(`INSERT INTO destruction_receipts (receipt_id, key_arn, versions, destroyed_at, scan_result, document)
        VALUES (?, ?, ?, ?, ?, ?)`),
      receipts: p('SELECT * FROM destruction_receipts WHERE key_arn = ? ORDER BY seq'),
      listReceipts: p('SELECT * FROM destruction_receipts WHERE seq > ? ORDER BY seq LIMIT ?'),
    };
  }

  async putScanReport(r: ScanReport): Promise<void> {
    this.db.transaction(() => {
      this.s.dropFindings.run(r.scope);
      this.s.dropReport.run(r.scope);
      this.s.insertReport.run(r.scope, r.reportId, r.reportDate);
      for (const e of r.inventory) this.s.insertFinding.run(r.scope, e.keyArn, e.version, e.count, e.bytes);
    }).immediate();
  }

  async scanFindings(keyArn: string): Promise<ScanFinding[]> {
    return (this.s.findings.all(keyArn) as Row[]).map(findingFromRow);
  }

  async putReceipt(r: StoredReceipt): Promise<void> {
    this.s.insertReceipt.run(r.receiptId, r.keyArn, JSON.stringify(r.versions), r.destroyedAt, r.scanResult, r.document);
  }

  async receipts(keyArn: string): Promise<StoredReceipt[]> {
    return (this.s.receipts.all(keyArn) as Row[]).map(receiptFromRow);
  }

  async listReceipts(limit: number, after?: string): Promise<Page<StoredReceipt>> {
    const rows = this.s.listReceipts.all(Number(after ?? 0), limit + 1) as Row[];
    const items = rows.slice(0, limit).map(receiptFromRow);
    return { items, next: rows.length > limit ? String(rows[limit - 1]!.seq) : undefined };
  }

  async searchResidue(needles: readonly ResidueNeedle[]): Promise<ResidueScan> {
    const notes: string[] = [];
    if (this.db.pragma('secure_delete', { simple: true }) !== 1) notes.push('secure_delete is off on the main connection: freed space may keep deleted content');
    const [cp] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (cp && cp.busy !== 0) notes.push(`the WAL checkpoint was blocked by a reader (${cp.checkpointed} of ${cp.log} frames folded): the WAL was searched as it stands`);
    if (this.path === ':memory:' || this.path === '') return { scope: [], found: [], notes: [...notes, 'an in-memory database has no files to search'] };
    const files = [this.path, `${this.path}-wal`, `${this.path}-shm`];
    const found = files.flatMap((f) => searchFile(f, needles).map((m) => ({ label: m.label, where: `${basename(f)} at byte ${m.offset}` })));
    return { scope: files.map((f) => `file ${basename(f)} (SQLite ${f.endsWith('-wal') ? 'WAL' : f.endsWith('-shm') ? 'WAL index' : 'main database'})`), found, notes };
  }
}
