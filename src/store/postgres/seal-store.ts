// The seal's store methods on PostgreSQL (core/secrets/seal-store.ts): paging and re-sealing sealed values, retiring
// barrier terms, rekeying; each write one transaction.
import type pg from 'pg';
import type { Page } from '../../core/ports.js';
import type { Reseal, SealedValue, SealStore } from '../../core/secrets/seal-store.js';
import type { SealedKind } from '../../core/secrets/sealed-values.js';
import { idParams, idsOf, pageSql, resealSql, SEALED_COLUMNS, sealedFromColumn, sealedToColumn } from '../sealed-columns.js';
import type { Row } from './rows.js';
import { inTransaction } from './transaction.js';

const ph = (i: number) => `$${i}`;

export class PostgresSealStore implements SealStore {
  constructor(private readonly pool: pg.Pool) {}

  async sealedValues(kind: SealedKind, limit: number, after?: string): Promise<Page<SealedValue>> {
    const c = SEALED_COLUMNS[kind];
    const params = after === undefined ? [limit + 1] : [...idParams(c, JSON.parse(after) as string[]), limit + 1];
    const rows = (await this.pool.query(pageSql(c, ph, after !== undefined), params)).rows as Row[];
    const items = rows.slice(0, limit).map((r) => ({ id: idsOf(c, r), sealed: sealedFromColumn(c, r.sealed) }));
    return { items, next: rows.length > limit ? JSON.stringify(items[items.length - 1]!.id) : undefined };
  }

  async resealValues(kind: SealedKind, changes: Reseal[]): Promise<number> {
    const c = SEALED_COLUMNS[kind];
    const sql = resealSql(c, ph);
    return inTransaction(this.pool, async (client) => {
      let n = 0;
      for (const ch of changes) n += (await client.query(sql, [sealedToColumn(c, ch.next), ...idParams(c, ch.id), sealedToColumn(c, ch.old)])).rowCount ?? 0;
      return n;
    });
  }

  async deleteBarrierKeys(terms: number[]): Promise<void> {
    await this.pool.query('DELETE FROM barrier_keys WHERE term = ANY($1::int[])', [terms]);
  }

  async replaceSealConfig(name: string, expected: string, next: string, wraps: { term: number; wrapped: Buffer }[]): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      if ((await client.query('UPDATE meta SET value = $1 WHERE name = $2 AND value = $3', [next, name, expected])).rowCount !== 1) return false;
      for (const w of wraps) await client.query('UPDATE barrier_keys SET wrapped = $1 WHERE term = $2', [w.wrapped, w.term]);
      return true;
    });
  }
}
