// `keyward audit verify`: recomputes the audit log's hash chain from the first record to the head, read-only, and
// says where it breaks. Editing, deleting, inserting or reordering records breaks the chain; cutting records off the
// end does not, so the head (seq and hash) is printed for the operator to record elsewhere, and `--anchor SEQ:HASH`
// checks that a head recorded earlier is still in the log, unchanged. It also checks every signed checkpoint
// (core/audit-checkpoint.ts): its signature, with the public key in the store or one the operator pins with
// `--public-key`, and that the record at its seq still has the signed hash. `keyward audit public-key` prints the key.
import Database from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GENESIS_HASH, verifyChain } from '../core/audit-chain.js';
import { CHECKPOINT_PUBLIC_KEY_META, parseCheckpointPublicKey, spkiDer } from '../core/audit-checkpoint.js';
import { CheckpointChecker, type CheckpointReport } from '../core/audit-checkpoint-check.js';
import type { Scope } from '../core/arn.js';
import type { AuditCheckpoint, AuditRecord } from '../core/model.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { auditFromRow, checkpointFromRow } from '../store/sqlite/rows.js';
import { OPTIONS } from '../server/config.js';

const PAGE = 1000;

export const AUDIT_VERIFY_USAGE = `Usage: keyward audit verify [--data-dir DIR | --database-url URL] [--anchor SEQ:HASH] [--public-key FILE] [--json]
       keyward audit public-key [--data-dir DIR | --database-url URL]

verify recomputes the audit log's hash chain and checks the signed checkpoints, read-only. Exit status 0: intact;
1: broken, a checkpoint fails or an anchor does not match; 2: usage. public-key prints the checkpoint public key (PEM).
  --data-dir DIR, KEYWARD_DATA_DIR          the SQLite data directory (default .keyward)
  --database-url URL, KEYWARD_DATABASE_URL  a PostgreSQL database instead
  --anchor SEQ:HASH                         a head printed by an earlier run: record SEQ must still have HASH
  --public-key FILE                         the checkpoint public key (PEM or DER SPKI) kept outside the database;
                                            the key in the database must be this one
  --json                                    print the result as one JSON object
  KEYWARD_ACCOUNT_ID, KEYWARD_REGION        as the server has them (checkpoints are signed for them)
`;

interface Options {
  dataDir: string; databaseUrl: string | undefined; anchor: { seq: number; hash: string } | undefined; json: boolean;
  publicKeyFile: string | undefined; scope: Scope;
}

export class UsageError extends Error {}

function parse(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const opts: Options = {
    dataDir: env.KEYWARD_DATA_DIR ?? '.keyward', databaseUrl: env.KEYWARD_DATABASE_URL, anchor: undefined, json: false,
    publicKeyFile: undefined,
    scope: { accountId: env.KEYWARD_ACCOUNT_ID ?? OPTIONS.accountId.default, region: env.KEYWARD_REGION ?? OPTIONS.region.default },
  };
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
    else if (flag === '--public-key') opts.publicKeyFile = value;
    else if (flag === '--anchor') {
      const m = /^(\d+):([0-9a-f]{64})$/.exec(value);
      if (!m) throw new UsageError('--anchor must be SEQ:HASH (a sequence number and 64 lowercase hex digits)');
      opts.anchor = { seq: Number(m[1]), hash: m[2]! };
    } else throw new UsageError(`unknown option ${flag}`);
  }
  return opts;
}

/** Pages of the log and of the checkpoints in sequence order, and meta values, from a source opened read-only. */
interface AuditSource {
  describe: string;
  read(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  checkpoints(afterSeq: number, limit: number): Promise<AuditCheckpoint[]>;
  meta(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE undefined_table: a database not yet migrated to checkpoints has none. */
const UNDEFINED_TABLE = '42P01';

function openSource(opts: Pick<Options, 'dataDir' | 'databaseUrl'>): AuditSource {
  if (opts.databaseUrl !== undefined) {
    const store = new PostgresStore(opts.databaseUrl);
    return {
      describe: 'postgresql',
      read: (after, limit) => store.readAudit(after, limit),
      checkpoints: (after, limit) => store.readAuditCheckpoints(after, limit).catch((err: { code?: string }) => {
        if (err.code === UNDEFINED_TABLE) return [];
        throw err;
      }),
      meta: (name) => store.getMeta(name),
      close: () => store.close(),
    };
  }
  const file = join(resolve(opts.dataDir), 'keyward.db');
  if (!existsSync(file)) throw new UsageError(`no Keyward database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const page = db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?');
  const hasCheckpoints = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_checkpoints'").get() !== undefined;
  const cps = hasCheckpoints ? db.prepare('SELECT * FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?') : undefined;
  const meta = db.prepare('SELECT value FROM meta WHERE name = ?');
  return {
    describe: `sqlite ${file}`,
    read: async (after, limit) => (page.all(after, limit) as Record<string, unknown>[]).map(auditFromRow),
    checkpoints: async (after, limit) => (cps?.all(after, limit) as Record<string, unknown>[] | undefined ?? []).map(checkpointFromRow),
    meta: async (name) => (meta.get(name) as { value: string } | undefined)?.value,
    close: async () => void db.close(),
  };
}

/** The key in the store (DER SPKI, base64), or undefined; throws on a value that is not an Ed25519 public key. */
async function storedPublicKey(source: AuditSource): Promise<KeyObject | undefined> {
  const b64 = await source.meta(CHECKPOINT_PUBLIC_KEY_META);
  return b64 === undefined ? undefined : parseCheckpointPublicKey(Buffer.from(b64, 'base64'));
}

interface KeyChoice { key: KeyObject | undefined; from: 'store' | 'file' | null; problem?: string }

/**
 * The key to verify checkpoints with: the operator's file when given (then the store's key must be the same one:
 * a replaced key is how forged checkpoints would pass), else the store's.
 */
async function checkpointKey(source: AuditSource, file: string | undefined): Promise<KeyChoice> {
  let stored: KeyObject | undefined;
  let unreadable = false;
  try {
    stored = await storedPublicKey(source);
  } catch {
    unreadable = true;
  }
  if (file === undefined) {
    return unreadable ? { key: undefined, from: null, problem: 'the public key in the store is not an Ed25519 public key' } : { key: stored, from: stored ? 'store' : null };
  }
  let pinned: KeyObject;
  try {
    pinned = parseCheckpointPublicKey(readFileSync(file));
  } catch (err) {
    throw new UsageError(`--public-key ${file}: ${(err as Error).message}`);
  }
  if (unreadable || !stored) return { key: pinned, from: 'file', problem: `the public key is ${stored ? 'unreadable' : 'missing'} in the store` };
  if (!spkiDer(stored).equals(spkiDer(pinned))) return { key: pinned, from: 'file', problem: 'the public key in the store DIFFERS from --public-key' };
  return { key: pinned, from: 'file' };
}

export interface VerifyResult {
  source: string;
  records: number;
  head: { seq: number; hash: string } | null;
  intact: boolean;
  brokenAtSeq?: number;
  anchor?: { seq: number; hash: string; found: boolean; matches: boolean };
  checkpoints?: CheckpointReport & { ok: boolean; publicKey: 'store' | 'file' | null; keyProblem?: string };
}

async function verify(source: AuditSource, opts: Options): Promise<VerifyResult> {
  const { anchor } = opts;
  const choice = await checkpointKey(source, opts.publicKeyFile);
  const checker = new CheckpointChecker((after, limit) => source.checkpoints(after, limit), choice.key, opts.scope);
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let anchorHash: string | undefined;
  for (;;) {
    const page = await source.read(prevSeq, PAGE);
    if (page.length === 0) break;
    const broken = verifyChain(page, prevHash, prevSeq);
    if (anchor && anchorHash === undefined) anchorHash = page.find((r) => r.seq === anchor.seq)?.hash;
    if (broken !== undefined) return { source: source.describe, records: prevSeq, head: null, intact: false, brokenAtSeq: broken };
    await checker.page(page);
    prevSeq = page[page.length - 1]!.seq;
    prevHash = page[page.length - 1]!.hash;
  }
  const result: VerifyResult = { source: source.describe, records: prevSeq, head: prevSeq ? { seq: prevSeq, hash: prevHash } : null, intact: true };
  if (anchor) result.anchor = { ...anchor, found: anchorHash !== undefined, matches: anchorHash === anchor.hash };
  const report = await checker.end();
  result.checkpoints = {
    ...report, ok: !report.failure && !choice.problem, publicKey: choice.from, ...(choice.problem ? { keyProblem: choice.problem } : {}),
  };
  return result;
}

const FAILURE_TEXT: Record<NonNullable<CheckpointReport['failure']>['reason'], string> = {
  'signature': 'its signature is INVALID (forged, altered, or signed for another account or Region)',
  'hash': 'the record at that seq has ANOTHER hash (records at or before it were rewritten)',
  'missing-record': 'the record at that seq is MISSING (the log was cut off below a checkpoint)',
  'no-public-key': 'there is NO public key to check it with (give --public-key)',
};

function describeCheckpoints(c: NonNullable<VerifyResult['checkpoints']>): string[] {
  const lines: string[] = [];
  if (c.keyProblem) lines.push(`checkpoint key: ${c.keyProblem}`);
  const by = c.publicKey === 'file' ? ' (key from --public-key)' : c.publicKey === 'store' ? ' (key from the store)' : '';
  const latest = c.latest ? `, latest ${c.latest.seq}:${c.latest.hash} at ${new Date(c.latest.time).toISOString()}` : '';
  lines.push(`checkpoints: ${c.verified} verified${latest}${by}`);
  if (c.failure) lines.push(`checkpoint ${c.failure.seq}: FAILED: ${FAILURE_TEXT[c.failure.reason]}`);
  return lines;
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
  if (r.checkpoints) lines.push(...describeCheckpoints(r.checkpoints));
  return lines.join('\n');
}

/** Runs the command; returns the exit status. */
export async function auditVerify(argv: readonly string[], env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<number> {
  const opts = parse(argv, env);
  const source = openSource(opts);
  try {
    const result = await verify(source, opts);
    out(opts.json ? JSON.stringify(result) : describe(result));
    return result.intact && (result.anchor?.matches ?? true) && (result.checkpoints?.ok ?? true) ? 0 : 1;
  } finally {
    await source.close();
  }
}

/** `keyward audit public-key`: prints the checkpoint public key as PEM (to keep outside the database); 1 if none. */
export async function auditPublicKey(argv: readonly string[], env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<number> {
  const opts = parse(argv, env);
  if (opts.anchor || opts.publicKeyFile || opts.json) throw new UsageError('audit public-key takes only --data-dir or --database-url');
  const source = openSource(opts);
  try {
    const key = await storedPublicKey(source);
    if (!key) {
      out('no audit checkpoint key yet: start the server once on this database');
      return 1;
    }
    out((key.export({ format: 'pem', type: 'spki' }) as string).trimEnd());
    return 0;
  } finally {
    await source.close();
  }
}
