// ReportScanResults: `keyward scan --report-to` reports what a discovery scan of one scope (a directory tree, a
// table's column) found, by key and version; the latest report of a scope replaces its earlier ones. ListKeyVersions
// shows the totals (ScanFound) and the destruction pre-flight refuses destroying a version a scan still finds.
// docs/destruction.md
import { randomUUID } from 'node:crypto';
import { KmsError } from '../../../protocol/errors.js';
import { keyArn, parseKeyRef, type Scope } from '../../keys/arn.js';
import { epochSeconds } from '../../keys/key-metadata.js';
import type { ScanEntry } from '../../destruction/destruction-store.js';
import { defineExtensionOperation } from '../../operation.js';
import { S } from './extension-shapes.js';

interface Line { KeyId: string; KeyVersion: number; Count: number; Bytes: number }
interface Input { Scope: string; Inventory: Line[] }

const SCOPE = { t: 'string', required: true, min: 1, max: 2048, name: 'ScanScopeType', doc: 'What was scanned (e.g. a path, or sqlite:FILE#TABLE.COLUMN).' } as const;

export const reportScanResults = defineExtensionOperation<Input>({
  name: 'ReportScanResults',
  doc: 'Reports the inventory a discovery scan (keyward scan) found in one scope: per key ARN and version, how many ciphertexts and bytes. The report replaces earlier reports of the same scope. ListKeyVersions and DescribeKeyVersion show the totals as ScanFound; the destruction pre-flight refuses destroying a key or version the latest reports still find.',
  errors: ['ValidationException', 'DependencyTimeoutException', 'KMSInternalException'],
  input: {
    Scope: SCOPE,
    Inventory: {
      t: 'list', required: true, min: 0, max: 10_000, name: 'ScanInventoryList',
      of: {
        t: 'struct', name: 'ScanInventoryEntry', doc: 'Ciphertexts of one key version found in the scope.',
        fields: {
          KeyId: { ...S.keyArn(), required: true }, KeyVersion: S.keyVersion(),
          Count: { ...S.long('Ciphertexts found.'), required: true }, Bytes: { ...S.long('Their bytes.'), required: true },
        },
      },
    },
  },
  output: { ReportId: { t: 'string', required: true, min: 36, max: 36, name: 'ScanReportIdType' }, Scope: SCOPE, ReportDate: { t: 'timestamp', required: true } },
  async run(ctx, input) {
    await ctx.authorizeAccount('ReportScanResults');
    const inventory = new Map<string, ScanEntry>();
    for (const line of input.Inventory) {
      const arn = inventoryArn(ctx.scope, line.KeyId);
      const id = `${arn}\n${line.KeyVersion}`;
      const e = inventory.get(id) ?? { keyArn: arn, version: line.KeyVersion, count: 0, bytes: 0 };
      e.count += line.Count; // a scope listed twice for a version (e.g. two locations) adds up
      e.bytes += line.Bytes;
      inventory.set(id, e);
    }
    const report = { reportId: randomUUID(), scope: input.Scope, reportDate: ctx.service.now(), inventory: [...inventory.values()] };
    await ctx.service.store.destruction.putScanReport(report);
    ctx.audit.details = { scope: input.Scope, lines: report.inventory.length, found: report.inventory.reduce((n, e) => n + e.count, 0) };
    return { ReportId: report.reportId, Scope: report.scope, ReportDate: epochSeconds(report.reportDate) };
  },
});

/** A key ARN of this installation, normalised; another installation's key ARN as given (a scan may find those too). */
function inventoryArn(scope: Scope, raw: string): string {
  if (!/^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\/[^/]+$/.test(raw)) {
    throw new KmsError('ValidationException', `Inventory KeyId ${raw.slice(0, 2048)} is not a key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID).`);
  }
  try {
    const ref = parseKeyRef(raw, 'idOrArn', scope);
    return ref.kind === 'key' ? keyArn(scope, ref.keyId) : raw;
  } catch {
    return raw;
  }
}
