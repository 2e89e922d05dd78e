// PostgreSQL: the destruction port (core/destruction/destruction-store.ts) on the store's pool. The residue search can
// only see what SQL sees: the rows. It first VACUUMs key_versions where this role may (its owner or a superuser), so
// the dead row versions that held the overwritten material are pruned and no longer reachable, then searches the rows
// of every table that could hold material or its text forms. The database's files, its WAL and the disk blocks below
// them cannot be read over a client connection, and the result says so (docs/destruction.md).
import type pg from 'pg';
import type { DestructionStore, ResidueNeedle, ResidueScan, ScanFinding, ScanReport, StoredReceipt } from '../../core/destruction/destruction-store.js';
import type { Page } from '../../core/ports.js';
import { findingFromRow, receiptFromRow } from '../destruction-rows.js';
import { inTransaction } from './transaction.js';

/** Where rows are searched: binary columns for every needle, text columns for needles that are text (hex, base64). */
const BINARY: readonly [string, string][] = [['key_versions', 'sealed_material'], ['import_tokens', 'sealed_private_key']];
const TEXT: readonly [string, string][] = [['audit_log', 'details'], ['lifecycle_events', 'details'], ['meta', 'value']];

const isText = (b: Buffer) => b.length > 0 && b.every((c) => c >= 0x20 && c < 0x7f);

export class PostgresDestructionStore implements DestructionStore {
  constructor(private readonly pool: pg.Pool) {}

  async putScanReport(r: ScanReport): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query('DELETE FROM scan_findings WHERE scope = $1', [r.scope]);
      await c.query('DELETE FROM scan_reports WHERE scope = $1', [r.scope]);
      await c.query('INSERT INTO scan_reports (scope, report_id, report_date) VALUES ($1, $2, $3)', [r.scope, r.reportId, r.reportDate]);
      if (r.inventory.length === 0) return;
      // One statement for the inventory (up to 10,000 lines) as a JSON array.
      await c.query(`INSERT INTO scan_findings (scope, key_arn, version, count, bytes)
        SELECT $1, e->>0, (e->>1)::integer, (e->>2)::bigint, (e->>3)::bigint FROM jsonb_array_elements($2::jsonb) AS e`,
      [r.scope, JSON.stringify(r.inventory.map((e) => [e.keyArn, e.version, e.count, e.bytes]))]);
    });
  }

  async scanFindings(keyArn: string): Promise<ScanFinding[]> {
    const { rows } = await this.pool.query(`SELECT f.*, r.report_id, r.report_date FROM scan_findings f JOIN scan_reports r ON r.scope = f.scope
      WHERE f.key_arn = $1 ORDER BY f.version, f.scope`, [keyArn]);
    return rows.map(findingFromRow);
  }

  async putReceipt(r: StoredReceipt): Promise<void> {
    await this.pool.query(`INSERT INTO destruction_receipts (receipt_id, key_arn, versions, destroyed_at, scan_result, document)
      VALUES ($1, $2, $3, $4, $5, $6)`, [r.receiptId, r.keyArn, JSON.stringify(r.versions), r.destroyedAt, r.scanResult, r.document]);
  }

  async receipts(keyArn: string): Promise<StoredReceipt[]> {
    const { rows } = await this.pool.query('SELECT * FROM destruction_receipts WHERE key_arn = $1 ORDER BY seq', [keyArn]);
    return rows.map(receiptFromRow);
  }

  async listReceipts(limit: number, after?: string): Promise<Page<StoredReceipt>> {
    const { rows } = await this.pool.query('SELECT * FROM destruction_receipts WHERE seq > $1 ORDER BY seq LIMIT $2', [Number(after ?? 0), limit + 1]);
    return { items: rows.slice(0, limit).map(receiptFromRow), next: rows.length > limit ? String(rows[limit - 1].seq) : undefined };
  }

  async searchResidue(needles: readonly ResidueNeedle[]): Promise<ResidueScan> {
    const notes: string[] = ['PostgreSQL data files, WAL (pg_wal) and freed disk blocks are not readable over a client connection and were not searched'];
    const { rows: [may] } = await this.pool.query(`SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
      OR pg_has_role(current_user, c.relowner, 'USAGE') AS ok FROM pg_class c WHERE c.oid = 'key_versions'::regclass`);
    if (may?.ok === true) {
      await this.pool.query('VACUUM key_versions');
      notes.push('key_versions was vacuumed first: dead row versions pruned (their bytes may remain in the table files until reused)');
    } else {
      notes.push('key_versions was not vacuumed (this role neither owns it nor is a superuser): dead row versions were not pruned');
    }
    const found: { label: string; where: string }[] = [];
    for (const n of needles) {
      for (const [table, column] of BINARY) {
        const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE position($1::bytea in ${column}) > 0`, [n.bytes]);
        if (rows[0].n > 0) found.push({ label: n.label, where: `${table}.${column} (${rows[0].n} rows)` });
      }
      if (!isText(n.bytes)) continue;
      for (const [table, column] of TEXT) {
        const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE strpos(${column}, $1) > 0`, [n.bytes.toString('latin1')]);
        if (rows[0].n > 0) found.push({ label: n.label, where: `${table}.${column} (${rows[0].n} rows)` });
      }
    }
    const scope = [...BINARY, ...TEXT].map(([t, c]) => `rows of ${t}.${c} (PostgreSQL)`);
    return { scope, found, notes };
  }
}
