// Row mapping of the destruction tables (migration 11), shared by the SQLite and PostgreSQL stores.
import type { ScanFinding, StoredReceipt } from '../core/destruction/destruction-store.js';

type Row = Record<string, unknown>;

export function findingFromRow(r: Row): ScanFinding {
  return {
    scope: r.scope as string, keyArn: r.key_arn as string, version: Number(r.version), count: Number(r.count), bytes: Number(r.bytes),
    reportId: r.report_id as string, reportDate: Number(r.report_date),
  };
}

export function receiptFromRow(r: Row): StoredReceipt {
  return {
    receiptId: r.receipt_id as string, keyArn: r.key_arn as string, versions: JSON.parse(r.versions as string) as number[],
    destroyedAt: Number(r.destroyed_at), scanResult: r.scan_result as string, document: r.document as string,
  };
}
