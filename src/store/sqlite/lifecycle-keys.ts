// SQLite: key and version lifecycle records (core/lifecycle/lifecycle-store.ts KeyLifecycleStore). Changes run on the
// store's main connection (synchronous=FULL) in one IMMEDIATE transaction with the key's revision check; shredded
// material is overwritten in place, emptied, and the WAL checkpointed and truncated as deleteKey does.
import type Database from 'better-sqlite3';
import type { KeyLifecycleStore, LifecycleChange } from '../../core/lifecycle/lifecycle-store.js';
import type { LifecycleSnapshot } from '../../core/lifecycle/lifecycle-model.js';
import type { KeyRecord } from '../../core/model.js';
import {
  KEY_LIFECYCLE_COLUMNS, VERSION_LIFECYCLE_COLUMNS, keyLifecycleFromRow, keyLifecycleParams, versionLifecycleFromRow,
  versionLifecycleParams,
} from '../lifecycle-rows.js';
import { keyFromRow, keyToRow, UPDATE_KEY_SQL, type Row } from './rows.js';

const list = (cols: readonly string[]) => cols.join(', ');
const marks = (cols: readonly string[]) => cols.map(() => '?').join(', ');
const updates = (cols: readonly string[], skip: string) => cols.filter((c) => c !== skip).map((c) => `${c} = excluded.${c}`).join(', ');

export class SqliteKeyLifecycle implements KeyLifecycleStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      getKey: p('SELECT * FROM key_lifecycle WHERE key_id = ?'),
      getVersions: p('SELECT * FROM key_version_lifecycle WHERE key_id = ? ORDER BY version'),
      updateKey: p(UPDATE_KEY_SQL),
      putKey: p(`INSERT INTO key_lifecycle (${list(KEY_LIFECYCLE_COLUMNS)}) VALUES (${marks(KEY_LIFECYCLE_COLUMNS)})
        ON CONFLICT (key_id) DO UPDATE SET ${updates(KEY_LIFECYCLE_COLUMNS, 'key_id')}`),
      deleteKey: p('DELETE FROM key_lifecycle WHERE key_id = ?'),
      putVersion: p(`INSERT INTO key_version_lifecycle (${list(VERSION_LIFECYCLE_COLUMNS)}) VALUES (${marks(VERSION_LIFECYCLE_COLUMNS)})
        ON CONFLICT (key_id, version) DO UPDATE SET ${updates(VERSION_LIFECYCLE_COLUMNS, 'key_id')}`),
      zeroMaterial: p('UPDATE key_versions SET sealed_material = zeroblob(length(sealed_material)) WHERE key_id = ? AND version = ?'),
      emptyMaterial: p(`UPDATE key_versions SET sealed_material = X'' WHERE key_id = ? AND version = ?`),
      deleteAlias: p('DELETE FROM aliases WHERE alias_name = ? AND target_key_id = ?'),
      due: p(`SELECT key_id FROM key_lifecycle WHERE next_due_at <= @now
        UNION SELECT l.key_id FROM key_lifecycle l JOIN keys k ON k.key_id = l.key_id
          WHERE l.originator_days IS NOT NULL AND l.planned_revision <> k.revision
        LIMIT @limit`),
      replan: p('UPDATE key_lifecycle SET next_due_at = ?, planned_revision = ? WHERE key_id = ? AND planned_revision = ?'),
      dueNotices: p(`SELECT k.* FROM keys k LEFT JOIN key_lifecycle l ON l.key_id = k.key_id
        WHERE k.next_rotation_at <= ? AND k.state = 'Enabled'
          AND (l.rotation_notice_for IS NULL OR l.rotation_notice_for <> k.next_rotation_at) LIMIT ?`),
      markNotice: p(`INSERT INTO key_lifecycle (key_id, planned_revision, rotation_notice_for) SELECT ?, 0, ?
        WHERE EXISTS (SELECT 1 FROM keys WHERE key_id = ?)
        ON CONFLICT (key_id) DO UPDATE SET rotation_notice_for = excluded.rotation_notice_for
          WHERE key_lifecycle.rotation_notice_for IS NULL OR key_lifecycle.rotation_notice_for <> excluded.rotation_notice_for`),
    };
  }

  async read(keyId: string): Promise<LifecycleSnapshot> {
    const key = this.s.getKey.get(keyId) as Row | undefined;
    const versions = (this.s.getVersions.all(keyId) as Row[]).map(versionLifecycleFromRow);
    return { key: key && keyLifecycleFromRow(key), versions };
  }

  async change(next: KeyRecord, expectedRevision: number, c: LifecycleChange): Promise<boolean> {
    const shred = c.shredVersions ?? [];
    const done = this.db.transaction(() => {
      if (this.s.updateKey.run({ ...keyToRow(next), expected: expectedRevision }).changes !== 1) return false;
      if (c.key === null) this.s.deleteKey.run(next.keyId);
      else if (c.key) this.s.putKey.run(...keyLifecycleParams(c.key));
      for (const v of c.versions ?? []) this.s.putVersion.run(...versionLifecycleParams(v));
      for (const v of shred) {
        this.s.zeroMaterial.run(next.keyId, v); // overwrite in place first (secure_delete zeroes freed space)
        this.s.emptyMaterial.run(next.keyId, v);
      }
      for (const a of c.removeAliases ?? []) this.s.deleteAlias.run(a, next.keyId);
      return true;
    }).immediate();
    // As deleteKey: no earlier page image of the shredded material may linger in the WAL.
    if (done && shred.length > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return done;
  }

  async dueKeys(now: number, limit: number): Promise<string[]> {
    return (this.s.due.all({ now, limit }) as Row[]).map((r) => r.key_id as string);
  }

  async replan(keyId: string, fromRevision: number, nextDueAt: number | undefined, plannedRevision: number): Promise<boolean> {
    return this.s.replan.run(nextDueAt ?? null, plannedRevision, keyId, fromRevision).changes === 1;
  }

  async dueRotationNotices(horizon: number, limit: number): Promise<KeyRecord[]> {
    return (this.s.dueNotices.all(horizon, limit) as Row[]).map(keyFromRow);
  }

  async markRotationNotice(keyId: string, rotationAt: number): Promise<boolean> {
    return this.s.markNotice.run(keyId, rotationAt, keyId).changes === 1;
  }
}
