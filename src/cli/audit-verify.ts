// `keyward audit verify`: recomputes the audit log's hash chain from the first record to the head, read-only, and
// says where it breaks. Editing, deleting, inserting or reordering records breaks the chain; cutting records off the
// end does not, so the head (seq and hash) is printed for the operator to record elsewhere, and `--anchor SEQ:HASH`
// checks that a head recorded earlier is still in the log, unchanged.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GENESIS_HASH, verifyChain } from '../core/audit-chain.js';
import type { AuditRecord } from '../core/model.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { auditFromRow } from '../store/sqlite/rows.js';

const PAGE = 1000;

export const AUDIT_VERIFY_USAGE = `Usage: keyward audit verify [--data-dir DIR | --database-url URL] [--anchor SEQ:HASH] [--json]

Recomputes the audit log's hash chain, read-only. Exit status 0: intact; 1: broken or an anchor does not match; 2: usage.
  --data-dir DIR, KEYWARD_DATA_DIR          the SQLite data directory (default .keyward)
  --database-url URL, KEYWARD_DATABASE_URL  a PostgreSQL database instead
  --anchor SEQ:HASH                         a head printed by an earlier run: record SEQ must still have HASH
  --json                                    print the result as one JSON object
`;

interface Options { dataDir: string; databaseUrl: string | undefined; anchor: { seq: number; hash: string } | undefined; json: boolean }

export class UsageError extends Error {}

function parse(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const opts: Options = { dataDir: env.KEYWARD_DATA_DIR ?? '.keyward', databaseUrl: env.KEYWARD_DATABASE_URL, anchor: undefined, json: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--json') {
      opts.json = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--data-dir') opts.dataDir = value;
    else if (flag === '--database-url') opts.databaseUrl = value;
    else if (flag === '--anchor') {
      const m = /^(\d+):([0-9a-f]{64})$/.exec(value);
      if (!m) throw new UsageError('--anchor must be SEQ:HASH (a sequence number and 64 lowercase hex digits)');
      opts.anchor = { seq: Number(m[1]), hash: m[2]! };
    } else throw new UsageError(`unknown option ${flag}`);
  }
  return opts;
}

/** Pages of the log in sequence order, from a source opened read-only. */
interface AuditSource {
  describe: string;
  read(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

function openSource(opts: Options): AuditSource {
  if (opts.databaseUrl !== undefined) {
    const store = new PostgresStore(opts.databaseUrl);
    return { describe: 'postgresql', read: (after, limit) => store.readAudit(after, limit), close: () => store.close() };
  }
  const file = join(resolve(opts.dataDir), 'keyward.db');
  if (!existsSync(file)) throw new UsageError(`no Keyward database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const page = db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?');
  return {
    describe: `sqlite ${file}`,
    read: async (after, limit) => (page.all(after, limit) as Record<string, unknown>[]).map(auditFromRow),
    close: async () => void db.close(),
  };
}

export interface VerifyResult {
  source: string;
  records: number;
  head: { seq: number; hash: string } | null;
  intact: boolean;
  brokenAtSeq?: number;
  anchor?: { seq: number; hash: string; found: boolean; matches: boolean };
}

async function verify(source: AuditSource, anchor: Options['anchor']): Promise<VerifyResult> {
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let anchorHash: string | undefined;
  for (;;) {
    const page = await source.read(prevSeq, PAGE);
    if (page.length === 0) break;
    const broken = verifyChain(page, prevHash, prevSeq);
    if (anchor && anchorHash === undefined) anchorHash = page.find((r) => r.seq === anchor.seq)?.hash;
    if (broken !== undefined) return { source: source.describe, records: prevSeq, head: null, intact: false, brokenAtSeq: broken };
    prevSeq = page[page.length - 1]!.seq;
    prevHash = page[page.length - 1]!.hash;
  }
  const result: VerifyResult = { source: source.describe, records: prevSeq, head: prevSeq ? { seq: prevSeq, hash: prevHash } : null, intact: true };
  if (anchor) result.anchor = { ...anchor, found: anchorHash !== undefined, matches: anchorHash === anchor.hash };
  return result;
}

function describe(r: VerifyResult): string {
  const lines = [`audit log: ${r.source}`];
  if (!r.intact) {
    lines.push(`chain: BROKEN at seq ${r.brokenAtSeq} (records 1..${r.records} verify; seq ${r.brokenAtSeq} was altered, removed, inserted or moved)`);
    return lines.join('\n');
  }
  lines.push(r.head ? `records: ${r.records} (seq 1..${r.head.seq})` : 'records: 0');
  if (r.head) lines.push(`head: ${r.head.seq}:${r.head.hash}`);
  lines.push('chain: intact');
  if (r.anchor) {
    const a = r.anchor;
    lines.push(`anchor ${a.seq}: ${a.matches ? 'matches' : a.found ? `DIFFERS (the log has another record at seq ${a.seq})` : `MISSING (the log ends before seq ${a.seq}: records were cut off)`}`);
  }
  return lines.join('\n');
}

/** Runs the command; returns the exit status. */
export async function auditVerify(argv: readonly string[], env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<number> {
  const opts = parse(argv, env);
  const source = openSource(opts);
  try {
    const result = await verify(source, opts.anchor);
    out(opts.json ? JSON.stringify(result) : describe(result));
    return result.intact && (result.anchor?.matches ?? true) ? 0 : 1;
  } finally {
    await source.close();
  }
}
