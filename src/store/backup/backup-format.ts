// Keyward's backup file: one manifest line (JSON: format, engine, schema version, time, row counts, SHA-256 of the
// body), then the body: gzip of JSON lines {"t": table, "r": row}, blobs as {"$b": base64}, JSON values as {"$j": ...}.
// Every secret in it is still barrier-sealed (and the barrier keys wrapped by the root key), so a backup is useless
// without a root of trust; the checksum catches a damaged or altered file before anything is restored.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

export const BACKUP_FORMAT = 'keyward-backup';
export const BACKUP_VERSION = 1;

export type Row = Record<string, unknown>;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  engine: 'sqlite' | 'postgres';
  schemaVersion: number;
  createdAt: string;
  tables: Record<string, number>;
  /** SHA-256 (hex) of the body bytes as stored. */
  sha256: string;
}

export interface Backup {
  manifest: BackupManifest;
  /** Tables in restore order (referenced tables first), each with its rows. */
  tables: { name: string; rows: Row[] }[];
}

function encodeValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $b: v.toString('base64') };
  if (typeof v === 'bigint') return v.toString();
  if (v !== null && typeof v === 'object') return { $j: v };
  return v;
}

function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    const o = v as { $b?: string; $j?: unknown };
    if (o.$b !== undefined) return Buffer.from(o.$b, 'base64');
    if ('$j' in o) return JSON.stringify(o.$j);
  }
  return v;
}

export function writeBackup(file: string, b: Omit<Backup, 'manifest'> & { manifest: Omit<BackupManifest, 'sha256' | 'tables'> }): BackupManifest {
  const lines = b.tables.flatMap((t) => t.rows.map((r) => JSON.stringify({ t: t.name, r: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, encodeValue(v)])) })));
  const order = b.tables.map((t) => t.name);
  const body = gzipSync(Buffer.from(JSON.stringify({ order }) + '\n' + lines.join('\n'), 'utf8'));
  const manifest: BackupManifest = {
    ...b.manifest, tables: Object.fromEntries(b.tables.map((t) => [t.name, t.rows.length])), sha256: createHash('sha256').update(body).digest('hex'),
  };
  writeFileSync(file, Buffer.concat([Buffer.from(JSON.stringify(manifest) + '\n', 'utf8'), body]), { mode: 0o600, flag: 'wx' });
  return manifest;
}

export class BackupFileError extends Error {}

/** Table and column names are written into SQL on restore: only plain identifiers are accepted from a file. */
const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

export function readBackup(file: string): Backup {
  const bytes = readFileSync(file);
  const nl = bytes.indexOf(0x0a);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as BackupManifest;
  } catch {
    throw new BackupFileError(`${file} is not a Keyward backup`);
  }
  if (typeof manifest !== 'object' || manifest === null || manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION) throw new BackupFileError(`${file} is not a Keyward backup of format version ${BACKUP_VERSION}`);
  const body = bytes.subarray(nl + 1);
  if (createHash('sha256').update(body).digest('hex') !== manifest.sha256) throw new BackupFileError(`${file} is damaged or altered: its checksum does not match the manifest`);
  const [head, ...lines] = gunzipSync(body).toString('utf8').split('\n');
  const order = (JSON.parse(head!) as { order: string[] }).order;
  if (!Array.isArray(order) || !order.every((n) => typeof n === 'string' && IDENTIFIER.test(n))) throw new BackupFileError(`${file}: a table name is not an identifier`);
  const byTable = new Map<string, Row[]>(order.map((n) => [n, []]));
  for (const line of lines) {
    if (!line) continue;
    const { t, r } = JSON.parse(line) as { t: string; r: Row };
    if (!byTable.has(t) || !Object.keys(r).every((c) => IDENTIFIER.test(c))) throw new BackupFileError(`${file}: a row of an unlisted table or with a column name that is not an identifier`);
    byTable.get(t)!.push(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, decodeValue(v)])));
  }
  for (const [name, rows] of byTable) {
    if (rows.length !== manifest.tables[name]) throw new BackupFileError(`${file}: table ${name} has ${rows.length} rows, the manifest says ${manifest.tables[name]}`);
  }
  return { manifest, tables: order.map((name) => ({ name, rows: byTable.get(name)! })) };
}
