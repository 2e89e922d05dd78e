// The seal's store methods on SQLite (core/secrets/seal-store.ts): paging and re-sealing sealed values, retiring
// barrier terms, rekeying; each write one immediate transaction.
import type Database from 'better-sqlite3';
import type { Page } from '../../core/ports.js';
import type { Reseal, SealedValue, SealStore } from '../../core/secrets/seal-store.js';
import type { SealedKind } from '../../core/secrets/sealed-values.js';
import { idParams, idsOf, pageSql, resealSql, SEALED_COLUMNS, sealedFromColumn, sealedToColumn } from '../sealed-columns.js';
import type { Row } from './rows.js';

const ph = () => '?';

export class SqliteSealStore implements SealStore {
  constructor(private readonly db: Database.Database) {}

  async sealedValues(kind: SealedKind, limit: number, after?: string): Promise<Page<SealedValue>> {
    const c = SEALED_COLUMNS[kind];
    const params = after === undefined ? [limit + 1] : [...idParams(c, JSON.parse(after) as string[]), limit + 1];
    const rows = this.db.prepare(pageSql(c, ph, after !== undefined)).all(...params) as Row[];
    const items = rows.slice(0, limit).map((r) => ({ id: idsOf(c, r), sealed: sealedFromColumn(c, r.sealed) }));
    return { items, next: rows.length > limit ? JSON.stringify(items[items.length - 1]!.id) : undefined };
  }

  async resealValues(kind: SealedKind, changes: Reseal[]): Promise<number> {
    const c = SEALED_COLUMNS[kind];
    const stmt = this.db.prepare(resealSql(c, ph));
    return this.db.transaction(() => changes.reduce((n, ch) =>
      n + stmt.run(sealedToColumn(c, ch.next), ...idParams(c, ch.id), sealedToColumn(c, ch.old)).changes, 0)).immediate();
  }

  async deleteBarrierKeys(terms: number[]): Promise<void> {
    const stmt = this.db.prepare('DELETE FROM barrier_keys WHERE term = ?');
    this.db.transaction(() => terms.forEach((t) => stmt.run(t))).immediate();
  }

  async replaceSealConfig(name: string, expected: string, next: string, wraps: { term: number; wrapped: Buffer }[]): Promise<boolean> {
    const config = this.db.prepare('UPDATE meta SET value = ? WHERE name = ? AND value = ?');
    const wrap = this.db.prepare('UPDATE barrier_keys SET wrapped = ? WHERE term = ?');
    return this.db.transaction(() => {
      if (config.run(next, name, expected).changes !== 1) return false;
      for (const w of wraps) wrap.run(w.wrapped, w.term);
      return true;
    }).immediate();
  }
}
