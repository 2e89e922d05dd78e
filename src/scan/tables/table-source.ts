// One database column as the scan sees it: rows in key order and batches, each value as bytes (BLOB/bytea as is,
// text as UTF-8), and an update of a batch in one transaction that changes a row only if it still holds what was read.

export interface RowValue {
  /** How the row is named in locations and the state file: `<key column>=<value>[,...]`. */
  label: string;
  /** The key values, in key-column order, as the driver returned them (for the UPDATE). */
  key: unknown[];
  value: Buffer;
  /** The column held text: write text back, so the column keeps its type. */
  text: boolean;
}

export interface RowUpdate { row: RowValue; value: Buffer }

export interface TableSource {
  /** What was scanned, for reports: sqlite:/abs/file#table.column or postgres:host:port/db#table.column (no credentials). */
  readonly scope: string;
  /** `table.column`, the prefix of every row location. */
  readonly column: string;
  count(): Promise<number>;
  /** Every row with a non-null value, `size` at a time, in key order. */
  batches(size: number): AsyncIterable<RowValue[]>;
  /** One transaction; per row, whether it was written (a row changed since it was read is left alone: false). */
  update(batch: readonly RowUpdate[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** A SQL identifier, double-quoted (both engines): `schema.table` names are quoted part by part. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new RangeError(`not a usable identifier: ${JSON.stringify(name)}`);
  return name.split('.').map((part) => `"${part.replaceAll('"', '""')}"`).join('.');
}

/** A value as bytes: Buffers as they are, strings as UTF-8; anything else (numbers, NULL) cannot hold a ciphertext. */
export function valueBytes(v: unknown): { value: Buffer; text: boolean } | null {
  if (Buffer.isBuffer(v)) return { value: v, text: false };
  if (v instanceof Uint8Array) return { value: Buffer.from(v.buffer, v.byteOffset, v.byteLength), text: false };
  if (typeof v === 'string') return { value: Buffer.from(v, 'utf8'), text: true };
  if (v !== null && typeof v === 'object') return { value: Buffer.from(JSON.stringify(v), 'utf8'), text: true }; // json/jsonb
  return null;
}
