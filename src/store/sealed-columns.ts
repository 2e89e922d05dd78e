// Where each kind of sealed value lives (core/secrets/sealed-values.ts): its table, identifying columns (the primary
// key, in paging order) and column, and the SQL both stores run over them, with their own placeholders.
import { SEALED_META_NAMES, type SealedKind } from '../core/secrets/sealed-values.js';

export interface SealedColumn {
  table: string;
  ids: readonly string[];
  column: string;
  /** Stored as base64 text (meta values) rather than a blob. */
  text?: boolean;
  /** Only these rows hold sealed values. */
  where?: string;
}

export const SEALED_COLUMNS: Record<SealedKind, SealedColumn> = {
  keyMaterial: { table: 'key_versions', ids: ['key_id', 'version'], column: 'sealed_material' },
  accessKeySecret: { table: 'iam_access_keys', ids: ['access_key_id'], column: 'sealed_secret' },
  importWrappingKey: { table: 'import_tokens', ids: ['token_hash', 'key_id'], column: 'sealed_private_key', where: 'sealed_private_key IS NOT NULL' },
  serviceSecret: { table: 'meta', ids: ['name'], column: 'value', text: true, where: `name IN (${SEALED_META_NAMES.map((n) => `'${n}'`).join(', ')})` },
  customKeyStorePassword: { table: 'custom_key_stores', ids: ['custom_key_store_id'], column: 'sealed_password' },
};

/** `ph(i)` writes the i-th placeholder (1-based): `?` for SQLite, `$i` for PostgreSQL. */
export type Placeholder = (i: number) => string;

/** A page of one kind after a position (the ids of the last row, as a row value), in primary-key order. */
export function pageSql(c: SealedColumn, ph: Placeholder, withAfter: boolean): string {
  const ids = c.ids.join(', ');
  const conds = [c.where, withAfter ? `(${ids}) > (${c.ids.map((_, i) => ph(i + 1)).join(', ')})` : undefined].filter(Boolean);
  const limit = ph((withAfter ? c.ids.length : 0) + 1);
  return `SELECT ${ids}, ${c.column} AS sealed FROM ${c.table}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ORDER BY ${ids} LIMIT ${limit}`;
}

/** Replaces a value if it still holds the old one: parameters next, ids..., old. */
export function resealSql(c: SealedColumn, ph: Placeholder): string {
  const ids = c.ids.map((col, i) => `${col} = ${ph(i + 2)}`).join(' AND ');
  return `UPDATE ${c.table} SET ${c.column} = ${ph(1)} WHERE ${ids} AND ${c.column} = ${ph(c.ids.length + 2)}`;
}

/** A stored value as bytes, and bytes as the stored value. */
export const sealedFromColumn = (c: SealedColumn, v: unknown): Buffer => (c.text ? Buffer.from(String(v), 'base64') : (v as Buffer));
export const sealedToColumn = (c: SealedColumn, b: Buffer): Buffer | string => (c.text ? b.toString('base64') : b);

/** The identifying columns of a row, as text (numbers included), and back as the parameters the SQL compares. */
export const idsOf = (c: SealedColumn, row: Record<string, unknown>): string[] => c.ids.map((col) => String(row[col]));
export const idParams = (c: SealedColumn, id: string[]): (string | number)[] =>
  id.map((v, i) => (c.ids[i] === 'version' ? Number(v) : v));
