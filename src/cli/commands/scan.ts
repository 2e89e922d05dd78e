// `keyward scan`: finds Keyward ciphertexts (raw and base64 blobs, data-key envelopes, AWS Encryption SDK messages) in
// files or a database column and prints an inventory by key ARN and version; --rewrap re-encrypts them to each key's
// newest version through the server; --report-to sends the totals (ReportScanResults). docs/cli.md "keyward scan".
// Exit 0; 1 a rewrap or report failed, or the server could not be reached; 2 usage.
import type { Command } from 'commander';
import { reportInput, type ScanSummary } from '../../scan/inventory.js';
import { KeyResolver } from '../../scan/key-resolver.js';
import { rewrapFiles } from '../../scan/rewrap/rewrap-files.js';
import type { RewrapResult } from '../../scan/rewrap/rewrap-result.js';
import { rewrapTable } from '../../scan/rewrap/rewrap-table.js';
import { kmsRewrapper } from '../../scan/rewrap/rewrapper.js';
import { StateFile } from '../../scan/rewrap/state-file.js';
import { scanFiles } from '../../scan/scan-files.js';
import { scanTable } from '../../scan/scan-table.js';
import { openPostgresTable } from '../../scan/tables/postgres-table.js';
import { openSqliteTable } from '../../scan/tables/sqlite-table.js';
import type { TableSource } from '../../scan/tables/table-source.js';
import { addAwsOptions, awsSession, type AwsOptions, type AwsSession } from '../aws-client.js';
import { openAtomic } from '../atomic-output.js';
import type { CliContext } from '../cli-context.js';
import { contextPairs } from '../file-crypto.js';
import { callKeywardAs, CommandFailure } from '../keyward-endpoint.js';
import { sessionDirectory } from '../scan-directory.js';
import { progressBar, rewrapLines, summaryTable } from '../scan-output.js';
import { UsageError } from '../usage-error.js';

interface Options extends AwsOptions {
  sqlite?: string; postgres?: string; table?: string; column?: string; json?: boolean; rewrap?: boolean; state?: string;
  reportTo?: string | boolean; context?: string[]; maxLocations: string;
}

const HELP = `
Finds Keyward ciphertexts and reports them by key ARN and version: a file or column value that is one Keyward blob,
base64 blobs anywhere in text or JSON (data-key envelopes included), and AWS Encryption SDK messages (counted under
every Keyward key their encrypted data keys name). Every key id found is confirmed with the server (DescribeKey,
ListKeyVersions); header-shaped noise that names no real key or version is listed as unconfirmed, never counted.
Read-only unless --rewrap. Symbolic links are followed, each file once.

--rewrap re-encrypts what it found to each key's newest version: blobs with ReEncrypt (DestinationKeyId = the same
key), ESDK messages decrypted and encrypted again to the same keys and context. Files are replaced atomically
(temporary file + rename, permissions kept); rows are updated in one transaction per batch, each only if it still
holds what was scanned. With --state FILE, finished locations are recorded and a rerun skips them (use a fresh
file for each rewrap campaign).

Exit status: 0; 1 a rewrap or report failed, or the server could not be reached; 2 usage.

Examples:
  keyward scan /srv/data /var/backups
  keyward scan /srv/data --json > inventory.json
  keyward scan /srv/data --rewrap --state /var/tmp/rewrap.state
  keyward scan --sqlite app.db --table secrets --column blob --rewrap
  keyward scan --postgres postgres://app@db/app --table payments --column card_token --report-to
  keyward scan /srv/data --report-to=https://kms.internal:8080`;

export function registerScan(program: Command, ctx: CliContext): void {
  addAwsOptions(program.command('scan').argument('[paths...]', 'files and directories to scan (recursively)')
    .description('Find data encrypted under Keyward keys (files or a database column), inventory by key and version, rewrap'))
    .option('--sqlite <file>', 'scan a SQLite database column (with --table and --column)')
    .option('--postgres <url>', 'scan a PostgreSQL table column (with --table and --column)')
    .option('--table <name>', 'the table (PostgreSQL: schema.table allowed)')
    .option('--column <name>', 'the column (BLOB/bytea, or text/JSON holding base64)')
    .option('--json', 'print the whole summary (every location) as JSON')
    .option('--max-locations <n>', 'locations listed per key and version in the table', '3')
    .option('--rewrap', 're-encrypt what was found to each key\'s newest version')
    .option('--state <file>', 'with --rewrap: record finished locations; a rerun skips them')
    .option('--context <k=v>', 'with --rewrap: the encryption context of the blobs (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--report-to [url]', 'send the totals to the server (ReportScanResults; default: the endpoint)')
    .addHelpText('after', HELP)
    .action(async (paths: string[], opts: Options) => {
      const reportUrl = reportTarget(opts.reportTo); // first: a path taken as its value would otherwise read as "no paths"
      const source = checkUsage(paths, opts);
      const max = Number(opts.maxLocations);
      if (!Number.isInteger(max) || max < 0) throw new UsageError('--max-locations must be a non-negative integer');
      const { pairs } = contextPairs(opts.context, false);
      const s = await awsSession(opts, ctx.env);
      const tty = { json: opts.json, quiet: ctx.quiet };
      try {
        const resolver = new KeyResolver(sessionDirectory(s));
        const rewrapper = kmsRewrapper(s.kms, pairs);
        let summary: ScanSummary;
        let rewrap: RewrapResult | undefined;
        if (source === 'files') {
          const scan = await scanFiles(paths, resolver, progressBar(tty, 'scan'));
          summary = scan.summary;
          if (opts.rewrap) rewrap = await withState(opts.state, summary.Scope, (st) => rewrapFiles(scan.byFile, rewrapper, openAtomic, st, progressBar(tty, 'rewrap')));
        } else {
          const table = await openTable(source, opts);
          try {
            const scan = await scanTable(table, resolver, progressBar(tty, 'scan'));
            summary = scan.summary;
            if (opts.rewrap) rewrap = await withState(opts.state, summary.Scope, (st) => rewrapTable(table, scan, rewrapper, st, progressBar(tty, 'rewrap')));
          } finally {
            await table.close();
          }
        }
        const report = reportUrl === undefined ? undefined : await sendReport(s, reportUrl, summary);
        if (opts.json) ctx.out(JSON.stringify({ ...summary, ...(rewrap ? { Rewrap: rewrap } : {}), ...(report ? { Report: report } : {}) }));
        else {
          ctx.out(summaryTable(summary, max));
          if (rewrap) ctx.out(rewrapLines(rewrap));
          if (report) ctx.out(`report ${String(report.ReportId)} sent for ${String(report.Scope)}`);
        }
        if (rewrap && rewrap.Failed.length > 0) ctx.exitCode = 1;
      } finally {
        s.close();
      }
    });
}

function checkUsage(paths: string[], o: Options): 'files' | 'sqlite' | 'postgres' {
  const db = o.sqlite !== undefined ? 'sqlite' : o.postgres !== undefined ? 'postgres' : undefined;
  if (o.sqlite !== undefined && o.postgres !== undefined) throw new UsageError('give --sqlite or --postgres, not both');
  if (db && paths.length > 0) throw new UsageError(`--${db} scans a column; scan paths in a separate run`);
  if (db && (!o.table || !o.column)) throw new UsageError(`--${db} needs --table and --column`);
  if (!db && (o.table || o.column)) throw new UsageError('--table and --column go with --sqlite or --postgres');
  if (!db && paths.length === 0) throw new UsageError('give the paths to scan, or --sqlite/--postgres with --table and --column');
  if (o.state && !o.rewrap) throw new UsageError('--state records rewrap progress: it needs --rewrap');
  return db ?? 'files';
}

function reportTarget(v: string | boolean | undefined): URL | null | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === true) return null; // the session's endpoint
  try {
    const url = new URL(v);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch { /* reported below */ }
  throw new UsageError(`--report-to takes an http(s) URL, got ${JSON.stringify(v)} (to report to the endpoint, put --report-to after the paths)`);
}

async function openTable(kind: 'sqlite' | 'postgres', o: Options): Promise<TableSource> {
  try {
    return kind === 'sqlite' ? openSqliteTable(o.sqlite!, o.table!, o.column!, o.rewrap === true) : await openPostgresTable(o.postgres!, o.table!, o.column!);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw new CommandFailure(`cannot open the ${kind} table: ${(err as Error).message}`);
  }
}

async function withState<T>(path: string | undefined, scope: string, run: (state: StateFile) => Promise<T>): Promise<T> {
  const state = new StateFile(path, scope);
  try {
    return await run(state);
  } finally {
    state.close();
  }
}

/** ReportScanResults at the endpoint (or `url`), signed with the session's credentials; the server keeps the latest per Scope. */
async function sendReport(s: AwsSession, url: URL | null, summary: ScanSummary): Promise<Record<string, unknown>> {
  const input = reportInput(summary);
  if (url === null) return s.keyward('ReportScanResults', input);
  const [credentials, region] = await Promise.all([s.kms.config.credentials(), s.kms.config.region()]).catch((err: unknown) => {
    throw new CommandFailure(`no AWS credentials or Region: ${(err as Error).message}`);
  });
  return callKeywardAs(url, 'ReportScanResults', input, credentials, region);
}
