// PostgreSQL: key and version lifecycle records (core/lifecycle/lifecycle-store.ts KeyLifecycleStore). A change is one
// transaction behind the key's revision compare-and-set; shredded material is overwritten with zeros, then emptied, and
// VACUUM reclaims the dead row versions that held it (as deleteKey does).
import type pg from 'pg';
import type { KeyLifecycleStore, LifecycleChange } from '../../core/lifecycle/lifecycle-store.js';
import type { LifecycleSnapshot } from '../../core/lifecycle/lifecycle-model.js';
import type { KeyRecord } from '../../core/model.js';
import {
  KEY_LIFECYCLE_COLUMNS, VERSION_LIFECYCLE_COLUMNS, keyLifecycleFromRow, keyLifecycleParams, versionLifecycleFromRow,
  versionLifecycleParams,
} from '../lifecycle-rows.js';
import { keyFromRow, updateParams, UPDATE_KEY_SQL, type Row } from './rows.js';
import { inTransaction } from './transaction.js';

const upsert = (table: string, cols: readonly string[], conflict: readonly string[]) =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})
   ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${cols.filter((c) => !conflict.includes(c)).map((c) => `${c} = excluded.${c}`).join(', ')}`;

const SQL = {
  putKey: upsert('key_lifecycle', KEY_LIFECYCLE_COLUMNS, ['key_id']),
  putVersion: upsert('key_version_lifecycle', VERSION_LIFECYCLE_COLUMNS, ['key_id', 'version']),
  due: `SELECT key_id FROM key_lifecycle WHERE next_due_at <= $1
    UNION SELECT l.key_id FROM key_lifecycle l JOIN keys k ON k.key_id = l.key_id
      WHERE l.originator_days IS NOT NULL AND l.planned_revision <> k.revision
    LIMIT $2`,
  dueNotices: `SELECT k.* FROM keys k LEFT JOIN key_lifecycle l ON l.key_id = k.key_id
    WHERE k.next_rotation_at <= $1 AND k.state = 'Enabled'
      AND (l.rotation_notice_for IS NULL OR l.rotation_notice_for <> k.next_rotation_at) LIMIT $2`,
  markNotice: `INSERT INTO key_lifecycle (key_id, planned_revision, rotation_notice_for)
    SELECT $1::text, 0, $2::bigint WHERE EXISTS (SELECT 1 FROM keys WHERE key_id = $1::text)
    ON CONFLICT (key_id) DO UPDATE SET rotation_notice_for = excluded.rotation_notice_for
      WHERE key_lifecycle.rotation_notice_for IS DISTINCT FROM excluded.rotation_notice_for`,
} as const;

export class PostgresKeyLifecycle implements KeyLifecycleStore {
  private vacuumTimer: NodeJS.Timeout | undefined;

  constructor(private readonly pool: pg.Pool) {}

  async read(keyId: string): Promise<LifecycleSnapshot> {
    const [key, versions] = await Promise.all([
      this.pool.query('SELECT * FROM key_lifecycle WHERE key_id = $1', [keyId]),
      this.pool.query('SELECT * FROM key_version_lifecycle WHERE key_id = $1 ORDER BY version', [keyId]),
    ]);
    const k = key.rows[0] as Row | undefined;
    return { key: k && keyLifecycleFromRow(k), versions: (versions.rows as Row[]).map(versionLifecycleFromRow) };
  }

  async change(next: KeyRecord, expectedRevision: number, c: LifecycleChange): Promise<boolean> {
    const shred = c.shredVersions ?? [];
    const done = await inTransaction(this.pool, async (db) => {
      if ((await db.query(UPDATE_KEY_SQL, updateParams(next, expectedRevision))).rowCount !== 1) return false;
      if (c.key === null) await db.query('DELETE FROM key_lifecycle WHERE key_id = $1', [next.keyId]);
      else if (c.key) await db.query(SQL.putKey, keyLifecycleParams(c.key));
      for (const v of c.versions ?? []) await db.query(SQL.putVersion, versionLifecycleParams(v));
      for (const v of shred) {
        await db.query(`UPDATE key_versions SET sealed_material = decode(repeat('00', length(sealed_material)), 'hex')
          WHERE key_id = $1 AND version = $2`, [next.keyId, v]);
        await db.query(`UPDATE key_versions SET sealed_material = '\\x'::bytea WHERE key_id = $1 AND version = $2`, [next.keyId, v]);
      }
      for (const a of c.removeAliases ?? []) {
        await db.query('DELETE FROM aliases WHERE alias_name = $1 AND target_key_id = $2', [a, next.keyId]);
      }
      return true;
    });
    if (done && shred.length > 0) this.scheduleVacuum();
    return done;
  }

  async dueKeys(now: number, limit: number): Promise<string[]> {
    return ((await this.pool.query(SQL.due, [now, limit])).rows as Row[]).map((r) => r.key_id as string);
  }

  async replan(keyId: string, fromRevision: number, nextDueAt: number | undefined, plannedRevision: number): Promise<boolean> {
    const res = await this.pool.query('UPDATE key_lifecycle SET next_due_at = $1, planned_revision = $2 WHERE key_id = $3 AND planned_revision = $4',
      [nextDueAt ?? null, plannedRevision, keyId, fromRevision]);
    return res.rowCount === 1;
  }

  async dueRotationNotices(horizon: number, limit: number): Promise<KeyRecord[]> {
    return ((await this.pool.query(SQL.dueNotices, [horizon, limit])).rows as Row[]).map(keyFromRow);
  }

  async markRotationNotice(keyId: string, rotationAt: number): Promise<boolean> {
    return (await this.pool.query(SQL.markNotice, [keyId, rotationAt])).rowCount === 1;
  }

  /** The dead row versions that held shredded material are reclaimed promptly, once per burst. */
  private scheduleVacuum(): void {
    if (this.vacuumTimer) return;
    this.vacuumTimer = setTimeout(() => {
      this.vacuumTimer = undefined;
      this.pool.query('VACUUM key_versions').catch(() => undefined);
    }, 250);
    this.vacuumTimer.unref();
  }
}
