// A PostgreSQL column as a TableSource (pg): rows by primary key (keyset pages), updates in one transaction per batch.
import pg from 'pg';
import { quoteIdent, valueBytes, type RowUpdate, type RowValue, type TableSource } from './table-source.js';

/** The primary key columns in key order, and whether the scanned column is bytea (else it is read and compared as text). */
async function describeTable(client: pg.Client, table: string, column: string): Promise<{ keys: string[]; bytea: boolean }> {
  const keys = await client.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`, [quoteIdent(table)]);
  if (keys.rows.length === 0) throw new RangeError(`table ${table} has no primary key: the scan names rows by it (add one, or scan a view of the table with one)`);
  const type = await client.query<{ t: string }>(
    `SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2 AND NOT attisdropped`, [quoteIdent(table), column]);
  if (type.rows.length === 0) throw new RangeError(`table ${table} has no column ${column}`);
  return { keys: keys.rows.map((r) => r.attname), bytea: type.rows[0]!.t === 'bytea' };
}

/** host:port/database of a connection URL: the scope names the database, never the credentials. */
function scopeOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
}

export async function openPostgresTable(url: string, table: string, column: string): Promise<TableSource> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { keys, bytea } = await describeTable(client, table, column);
    const t = quoteIdent(table);
    const c = quoteIdent(column);
    const k = keys.map(quoteIdent);
    const keyTuple = `(${k.join(', ')})`;
    const params = (from: number) => `(${keys.map((_, i) => `$${from + i}`).join(', ')})`;
    const same = bytea ? `${c} = $2` : `${c}::text = $2::text`;
    return {
      scope: `postgres:${scopeOf(url)}#${table}.${column}`,
      column: `${table}.${column}`,
      count: async () => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE ${c} IS NOT NULL`)).rows[0]!.n),
      async *batches(size) {
        let after: unknown[] | undefined;
        for (;;) {
          const where = after ? `AND ${keyTuple} > ${params(2)}` : '';
          const res = await client.query({
            text: `SELECT ${k.join(', ')}, ${bytea ? c : `${c}::text`} AS "__value" FROM ${t} WHERE ${c} IS NOT NULL ${where} ORDER BY ${k.join(', ')} LIMIT $1`,
            values: [size, ...(after ?? [])],
          });
          if (res.rows.length === 0) return;
          const out: RowValue[] = [];
          for (const r of res.rows as Record<string, unknown>[]) {
            const key = keys.map((name) => r[name]);
            const v = valueBytes(r.__value);
            if (v) out.push({ label: keys.map((name, i) => `${name}=${String(key[i])}`).join(','), key, ...v });
          }
          after = keys.map((name) => (res.rows[res.rows.length - 1] as Record<string, unknown>)[name]);
          yield out;
        }
      },
      async update(batch: readonly RowUpdate[]) {
        const written: boolean[] = [];
        await client.query('BEGIN');
        try {
          for (const { row, value } of batch) {
            const res = await client.query(`UPDATE ${t} SET ${c} = $1 WHERE ${same} AND ${keyTuple} = ${params(3)}`,
              [row.text ? value.toString('utf8') : value, row.text ? row.value.toString('utf8') : row.value, ...row.key]);
            written.push(res.rowCount === 1);
          }
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
        return written;
      },
      close: () => client.end(),
    };
  } catch (err) {
    await client.end();
    throw err;
  }
}
