// The embedded SQLite store (better-sqlite3, WAL, synchronous=FULL, secure_delete): the default Keyward backend.
// better-sqlite3 is synchronous; methods are async to share the Store port with PostgreSQL.
import { SqliteAlertStore } from './alert-store.js';
import Database from 'better-sqlite3';
import type { AuditEntry, AuditLink } from '../../audit/audit-chain.js';
import {
  StoreConflictError, type GrantFilter, type ImportedMaterialChange, type KeyUpdate, type Page, type RetiringFilter, type Store,
} from '../../core/ports.js';
import type {
  AliasRecord, AuditCheckpoint, AuditRecord, GrantRecord, ImportedMaterialRecord, ImportTokenRecord, KeyRecord,
  KeyVersionRecord, Tag,
} from '../../core/model.js';
import type { AuditFilter } from '../../core/ports.js';
import { auditSearchSql } from '../audit-search.js';
import { replicaStoreId } from '../../core/keys/arn.js';
import { leaseStatements, SqliteChangeFeed } from './change-feed.js';
import { AuditAppender } from './audit-append.js';
import { SqliteLifecycleStore } from './lifecycle-store.js';
import { SqliteDestructionStore } from './destruction-store.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteSealStore } from './seal-store.js';
import { SqliteCustomKeyStoreStore } from './custom-key-store-store.js';
import { SqliteIdentityStore } from './identity-store.js';
import { SqliteApprovalStore } from './approval-store.js';
import {
  GRANT_COLUMNS, aliasFromRow, aliasParams, auditFromRow, checkpointFromRow, grantFromRow, grantParams,
  importedFromRow, importTokenFromRow, keyFromRow, keyToRow, seqPage, versionFromRow, versionParams, type Row,
  UPDATE_KEY_SQL,
} from './rows.js';

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  readonly seal: SqliteSealStore;
  readonly customKeyStores: SqliteCustomKeyStoreStore;
  private readonly stmts: ReturnType<typeof prepare>;
  private readonly audit: AuditAppender;
  /** IAM users, groups, roles, policies and access keys (src/identity). */
  readonly identity: SqliteIdentityStore;
  readonly lifecycle: SqliteLifecycleStore;
  readonly alerts: SqliteAlertStore;
  readonly approvals: SqliteApprovalStore;
  readonly destruction: SqliteDestructionStore;

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL'); // every commit syncs the WAL: durable before we answer
    this.db.pragma('secure_delete = ON'); // deleted content is overwritten, not left in free pages
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrateSync();
    this.stmts = prepare(this.db);
    this.seal = new SqliteSealStore(this.db);
    this.customKeyStores = new SqliteCustomKeyStoreStore(this.db);
    this.identity = new SqliteIdentityStore(this.db);
    this.audit = new AuditAppender(path, (p) => new Database(p));
    this.alerts = new SqliteAlertStore(this.db);
    this.lifecycle = new SqliteLifecycleStore(this.db, path);
    this.approvals = new SqliteApprovalStore(this.db);
    this.destruction = new SqliteDestructionStore(this.db, path);
  }

  private migrateSync(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  }

  async migrate(): Promise<void> {
    this.migrateSync();
  }

  async close(): Promise<void> {
    this.audit.close();
    this.lifecycle.close();
    if (this.db.open) this.db.close();
  }

  async getMeta(name: string): Promise<string | undefined> {
    return (this.stmts.getMeta.get(name) as Row | undefined)?.value as string | undefined;
  }

  async initMeta(name: string, value: string): Promise<string> {
    this.stmts.initMeta.run(name, value);
    return (await this.getMeta(name))!;
  }

  async getBarrierKeys(): Promise<{ term: number; wrapped: Buffer }[]> {
    return this.stmts.barrierKeys.all() as { term: number; wrapped: Buffer }[];
  }

  async addBarrierKey(term: number, wrapped: Buffer): Promise<void> {
    this.stmts.addBarrierKey.run(term, wrapped);
  }

  async createKey(key: KeyRecord, version: KeyVersionRecord | readonly KeyVersionRecord[] | undefined, tags: Tag[], alias?: AliasRecord): Promise<void> {
    const versions = version === undefined ? [] : 'version' in version ? [version] : version;
    const create = () => this.db.transaction(() => {
      this.stmts.insertKey.run(keyToRow(key));
      for (const v of versions) this.stmts.insertVersion.run(...versionParams(v));
      tags.forEach((t, i) => this.stmts.insertTag.run(key.keyId, t.TagKey, t.TagValue, i));
      if (alias) this.stmts.insertAlias.run(...aliasParams(alias));
    }).immediate();
    // aliases' primary key is the name (keys' primary key is seq, so a key id clash is SQLITE_CONSTRAINT_UNIQUE).
    if (alias) conflictsAs('SQLITE_CONSTRAINT_PRIMARYKEY', `alias ${alias.aliasName} exists`, create);
    else create();
  }

  async getKey(keyId: string): Promise<KeyRecord | undefined> {
    const r = this.stmts.getKey.get(keyId) as Row | undefined;
    return r && keyFromRow(r);
  }

  async getKeyVersions(keyId: string): Promise<KeyVersionRecord[]> {
    return (this.stmts.versions.all(keyId) as Row[]).map(versionFromRow);
  }

  async listKeys(limit: number, after?: string, region?: string): Promise<Page<KeyRecord>> {
    const from = after === undefined ? 0 : Number(after);
    const rows = region === undefined ? this.stmts.listKeys.all(from, limit + 1) : this.stmts.listRegionKeys.all(region, from, limit + 1);
    return seqPage(rows as Row[], limit, keyFromRow);
  }

  async relatedKeys(keyId: string, regions: readonly string[]): Promise<KeyRecord[]> {
    const ids = JSON.stringify([keyId, ...regions.map((r) => replicaStoreId(keyId, r))]);
    return (this.stmts.relatedKeys.all(ids) as Row[]).map(keyFromRow);
  }

  async updateKeys(changes: readonly KeyUpdate[]): Promise<boolean> {
    const abort = new Error('revision moved');
    try {
      return this.db.transaction(() => {
        for (const c of changes) {
          if (this.stmts.updateKey.run({ ...keyToRow(c.next), expected: c.expectedRevision }).changes !== 1) throw abort; // rolls back
          if (c.version) this.stmts.insertVersion.run(...versionParams(c.version));
        }
        return true;
      }).immediate();
    } catch (err) {
      if (err === abort) return false;
      throw err;
    }
  }

  async getTags(keyId: string): Promise<Tag[]> {
    return (this.stmts.tags.all(keyId) as Row[]).map((r) => ({ TagKey: r.tag_key as string, TagValue: r.tag_value as string }));
  }

  async updateKey(next: KeyRecord, expectedRevision: number): Promise<boolean> {
    return this.stmts.updateKey.run({ ...keyToRow(next), expected: expectedRevision }).changes === 1;
  }

  async addKeyVersion(next: KeyRecord, expectedRevision: number, v: KeyVersionRecord): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.stmts.updateKey.run({ ...keyToRow(next), expected: expectedRevision }).changes !== 1) return false;
      this.stmts.insertVersion.run(...versionParams(v));
      return true;
    }).immediate();
  }

  async deleteKey(keyId: string, expectedRevision: number): Promise<boolean> {
    const deleted = this.db.transaction(() => {
      const row = this.stmts.getKey.get(keyId) as Row | undefined;
      if (!row || row.revision !== expectedRevision) return false;
      this.stmts.zeroMaterial.run(keyId); // overwrite in place first, then remove (secure_delete zeroes freed space)
      this.stmts.deleteKey.run(keyId);
      return true;
    }).immediate();
    // Fold the WAL into the database and truncate it, so no earlier page image of the material lingers there.
    if (deleted) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return deleted;
  }

  async dueKeys(now: number, limit: number): Promise<KeyRecord[]> {
    return (this.stmts.dueKeys.all(now, now, limit) as Row[]).map(keyFromRow);
  }

  async putImportToken(t: ImportTokenRecord): Promise<void> {
    this.stmts.insertImportToken.run(t.tokenHash, t.keyId, t.wrappingAlgorithm, t.wrappingKeySpec,
      t.sealedPrivateKey ?? null, t.createdAt, t.expiresAt);
  }

  async getImportToken(tokenHash: string): Promise<ImportTokenRecord | undefined> {
    const r = this.stmts.getImportToken.get(tokenHash) as Row | undefined;
    return r && importTokenFromRow(r);
  }

  async purgeImportTokens(now: number, forgetBefore: number): Promise<number> {
    return this.db.transaction(() => {
      const shredded = this.stmts.zeroExpiredTokens.run(now).changes;
      this.stmts.dropExpiredTokenKeys.run(now);
      return shredded + this.stmts.forgetTokens.run(forgetBefore).changes;
    }).immediate();
  }

  async getImportedMaterials(keyId: string): Promise<ImportedMaterialRecord[]> {
    return (this.stmts.importedMaterials.all(keyId) as Row[]).map(importedFromRow);
  }

  async changeImportedMaterial(next: KeyRecord, expectedRevision: number, c: ImportedMaterialChange): Promise<boolean> {
    const shred = c.shredVersions ?? [];
    const done = this.db.transaction(() => {
      if (this.stmts.updateKey.run({ ...keyToRow(next), expected: expectedRevision }).changes !== 1) return false;
      for (const m of c.upsert ?? []) {
        this.stmts.upsertImported.run(m.keyId, m.version, m.materialId, m.imported ? 1 : 0, m.pendingRotation ? 1 : 0,
          m.expirationModel, m.validTo ?? null, m.description ?? null, m.importedAt);
      }
      for (const v of c.dropImports ?? []) this.stmts.deleteImported.run(next.keyId, v);
      for (const v of shred) {
        this.stmts.zeroVersion.run(next.keyId, v); // overwrite in place first (secure_delete zeroes freed space)
        this.stmts.deleteVersion.run(next.keyId, v);
      }
      const v = c.addVersion;
      if (v) {
        this.stmts.deleteVersion.run(v.keyId, v.version);
        this.stmts.insertVersion.run(...versionParams(v));
      }
      if (c.rotateTo) this.stmts.stampRotation.run(c.rotateTo.at, next.keyId, c.rotateTo.version);
      return true;
    }).immediate();
    // As for deleteKey: no earlier page image of shredded material may linger in the WAL.
    if (done && shred.length > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return done;
  }

  async dueMaterialExpiries(now: number, limit: number): Promise<ImportedMaterialRecord[]> {
    return (this.stmts.dueExpiries.all(now, limit) as Row[]).map(importedFromRow);
  }

  async putTags(keyId: string, tags: Tag[]): Promise<void> {
    this.db.transaction(() => {
      let next = ((this.stmts.maxTagPosition.get(keyId) as Row).p as number | null) ?? -1;
      for (const t of tags) this.stmts.upsertTag.run(keyId, t.TagKey, t.TagValue, ++next);
    }).immediate();
  }

  async removeTags(keyId: string, tagKeys: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const k of tagKeys) this.stmts.deleteTag.run(keyId, k);
    }).immediate();
  }

  async createAlias(a: AliasRecord): Promise<void> {
    conflictsAs('SQLITE_CONSTRAINT_PRIMARYKEY', `alias ${a.aliasName} exists`, () => this.stmts.insertAlias.run(...aliasParams(a)));
  }

  async updateAlias(aliasName: string, region: string, targetKeyId: string, now: number): Promise<boolean> {
    return this.stmts.updateAlias.run(targetKeyId, now, region, aliasName).changes === 1;
  }

  async deleteAlias(aliasName: string, region: string): Promise<boolean> {
    return this.stmts.deleteAlias.run(region, aliasName).changes === 1;
  }

  async listAliases(limit: number, after?: string, keyId?: string, region?: string): Promise<Page<AliasRecord>> {
    const rows = (keyId !== undefined ? this.stmts.listAliasesOfKey.all(keyId, after ?? '', limit + 1)
      : region !== undefined ? this.stmts.listRegionAliases.all(region, after ?? '', limit + 1)
      : this.stmts.listAliases.all(after ?? '', limit + 1)) as Row[];
    const items = rows.slice(0, limit).map(aliasFromRow);
    return { items, next: rows.length > limit ? items[items.length - 1]!.aliasName : undefined };
  }

  async countAliases(keyId: string): Promise<number> {
    return (this.stmts.countAliases.get(keyId) as Row).n as number;
  }

  async countKeysByStateAndSpec(): Promise<{ state: string; spec: string; count: number }[]> {
    return (this.db.prepare('SELECT state, key_spec AS spec, count(*) AS n FROM keys GROUP BY state, key_spec').all() as Row[])
      .map((r) => ({ state: r.state as string, spec: r.spec as string, count: r.n as number }));
  }

  async createGrant(g: GrantRecord, maxPerKey: number): Promise<'created' | 'limit' | 'missing'> {
    // IMMEDIATE: the count and the insert happen under the write lock, so no other process overshoots the limit.
    return conflictsAs('SQLITE_CONSTRAINT_UNIQUE', `grant ${g.grantId} exists`, () => this.db.transaction(() => {
      if (!this.stmts.getKey.get(g.keyId)) return 'missing' as const; // deleted since the operation read it
      if (((this.stmts.countGrants.get(g.keyId) as Row).n as number) >= maxPerKey) return 'limit' as const;
      this.stmts.insertGrant.run(...grantParams(g));
      return 'created' as const;
    }).immediate());
  }

  async getGrant(grantId: string): Promise<GrantRecord | undefined> {
    const r = this.stmts.getGrant.get(grantId) as Row | undefined;
    return r && grantFromRow(r);
  }

  async findGrant(keyId: string, fingerprint: string): Promise<GrantRecord | undefined> {
    const r = this.stmts.findGrant.get(keyId, fingerprint) as Row | undefined;
    return r && grantFromRow(r);
  }

  async listGrants(keyId: string, limit: number, after?: string, f: GrantFilter = {}): Promise<Page<GrantRecord>> {
    return seqPage(this.stmts.listGrants.all({
      key: keyId, after: Number(after ?? 0), n: limit + 1, gid: f.grantId ?? null, gp: f.granteePrincipal ?? null,
      gsp: f.granteeServicePrincipal ?? null,
    }) as Row[], limit, grantFromRow);
  }

  async listRetirableGrants(r: RetiringFilter, limit: number, after?: string): Promise<Page<GrantRecord>> {
    const rp = 'retiringPrincipal' in r ? r.retiringPrincipal : null;
    const rsp = 'retiringServicePrincipal' in r ? r.retiringServicePrincipal : null;
    return seqPage(this.stmts.listRetirable.all({ rp, rsp, after: Number(after ?? 0), n: limit + 1 }) as Row[], limit, grantFromRow);
  }

  async deleteGrant(keyId: string, grantId: string): Promise<boolean> {
    return this.stmts.deleteGrant.run(keyId, grantId).changes === 1;
  }

  async setMeta(name: string, value: string): Promise<void> {
    this.stmts.setMeta.run(name, value);
  }

  async lastUse(keyArn: string, operations: readonly string[]): Promise<AuditRecord | undefined> {
    // Walk the key's audit records newest first; the index makes this a short range scan.
    for (const r of this.stmts.keyAuditNewest.iterate(keyArn) as IterableIterator<Row>) {
      if (operations.includes(r.operation as string)) return auditFromRow(r);
    }
    return undefined;
  }

  async getAlias(aliasName: string, region: string): Promise<AliasRecord | undefined> {
    const r = this.stmts.getAlias.get(region, aliasName) as Row | undefined;
    return r && aliasFromRow(r);
  }

  /**
   * Appends a batch in one transaction (one WAL fsync). It runs on the event loop: while the fsync blocks, requests
   * queue up and form the next, larger batch, so fsyncs stay few per request. (A worker thread or an asynchronous
   * fdatasync was measured slower on one core: more, smaller batches and more fsyncs per request.)
   */
  async appendAudit(entries: AuditEntry[]): Promise<AuditLink[]> {
    return this.audit.write(entries);
  }

  async lastAudit(): Promise<AuditRecord | undefined> {
    const r = this.stmts.lastAudit.get() as Row | undefined;
    return r && auditFromRow(r);
  }

  async searchAudit(filter: AuditFilter, limit: number): Promise<AuditRecord[]> {
    const q = auditSearchSql(filter, limit, () => '?');
    return (this.db.prepare(q.text).all(...q.params) as Row[]).map(auditFromRow);
  }

  async readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return (this.stmts.readAudit.all(afterSeq, limit) as Row[]).map(auditFromRow);
  }

  async addAuditCheckpoint(cp: AuditCheckpoint): Promise<boolean> {
    return this.stmts.addCheckpoint.run(cp.seq, cp.hash, cp.time, cp.signature, cp.seq).changes === 1;
  }

  async lastAuditCheckpoint(): Promise<AuditCheckpoint | undefined> {
    const r = this.stmts.lastCheckpoint.get() as Row | undefined;
    return r && checkpointFromRow(r);
  }

  async readAuditCheckpoints(afterSeq: number, limit: number): Promise<AuditCheckpoint[]> {
    return (this.stmts.readCheckpoints.all(afterSeq, limit) as Row[]).map(checkpointFromRow);
  }

  // Several processes on one file: the change feed (polled) and leases (src/store/sqlite/change-feed.ts).
  private feed: SqliteChangeFeed | undefined;
  private leases: ReturnType<typeof leaseStatements> | undefined;

  watchKeyChanges(listener: (keyId: string) => void, onReset?: () => void): () => void {
    this.feed ??= new SqliteChangeFeed(this.db);
    return this.feed.watch(listener, onReset);
  }

  async tryLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    this.leases ??= leaseStatements(this.db);
    return this.leases.take.run({ name, holder, expires: now + ttlMs, now }).changes === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.leases ??= leaseStatements(this.db);
    this.leases.release.run(name, holder);
  }

  async addMetaInteger(name: string, delta: number): Promise<number> {
    this.leases ??= leaseStatements(this.db);
    return Number((this.leases.addMeta.get({ name, delta }) as Row).value);
  }
}

/** Runs `fn`, translating the SQLite constraint error `code` (by code, never message text) into StoreConflictError. */
function conflictsAs<T>(code: string, message: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: string }).code === code) throw new StoreConflictError(message);
    throw err;
  }
}

function prepare(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    getMeta: p('SELECT value FROM meta WHERE name = ?'),
    initMeta: p('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
    barrierKeys: p('SELECT term, wrapped FROM barrier_keys ORDER BY term'),
    addBarrierKey: p('INSERT INTO barrier_keys (term, wrapped) VALUES (?, ?) ON CONFLICT (term) DO NOTHING'),
    insertKey: p(`INSERT INTO keys (key_id, account_id, region, created_at, description, key_spec, key_usage, origin,
      state, multi_region, policy, current_version, deletion_date, pending_window_days, rotation_period_days,
      next_rotation_at, revision, key_manager, custom_key_store_id, primary_region) VALUES (@key_id, @account_id, @region, @created_at,
      @description, @key_spec, @key_usage, @origin, @state, @multi_region, @policy, @current_version, @deletion_date,
      @pending_window_days, @rotation_period_days, @next_rotation_at, @revision, @key_manager, @custom_key_store_id, @primary_region)`),
    insertVersion: p('INSERT INTO key_versions (key_id, version, material_id, created_at, sealed_material, rotation_type, commitment) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertTag: p('INSERT INTO key_tags (key_id, tag_key, tag_value, position) VALUES (?, ?, ?, ?)'),
    getKey: p('SELECT * FROM keys WHERE key_id = ?'),
    versions: p('SELECT * FROM key_versions WHERE key_id = ? ORDER BY version'),
    listKeys: p('SELECT * FROM keys WHERE seq > ? ORDER BY seq LIMIT ?'),
    listRegionKeys: p('SELECT * FROM keys WHERE region = ? AND seq > ? ORDER BY seq LIMIT ?'),
    relatedKeys: p('SELECT * FROM keys WHERE key_id IN (SELECT value FROM json_each(?)) ORDER BY seq'),
    tags: p('SELECT tag_key, tag_value FROM key_tags WHERE key_id = ? ORDER BY position'),
    getAlias: p('SELECT * FROM aliases WHERE region = ? AND alias_name = ?'),
    updateKey: p(UPDATE_KEY_SQL),
    zeroMaterial: p('UPDATE key_versions SET sealed_material = zeroblob(length(sealed_material)) WHERE key_id = ?'),
    deleteKey: p('DELETE FROM keys WHERE key_id = ?'),
    dueKeys: p(`SELECT * FROM keys WHERE (state = 'PendingDeletion' AND deletion_date <= ?)
      OR (state = 'Enabled' AND next_rotation_at <= ? AND (primary_region IS NULL OR primary_region = region)) LIMIT ?`),
    maxTagPosition: p('SELECT max(position) AS p FROM key_tags WHERE key_id = ?'),
    upsertTag: p(`INSERT INTO key_tags (key_id, tag_key, tag_value, position) VALUES (?, ?, ?, ?)
      ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`),
    deleteTag: p('DELETE FROM key_tags WHERE key_id = ? AND tag_key = ?'),
    insertAlias: p('INSERT INTO aliases (alias_name, account_id, region, target_key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    updateAlias: p('UPDATE aliases SET target_key_id = ?, updated_at = ? WHERE region = ? AND alias_name = ?'),
    deleteAlias: p('DELETE FROM aliases WHERE region = ? AND alias_name = ?'),
    listAliases: p('SELECT * FROM aliases WHERE alias_name > ? ORDER BY alias_name LIMIT ?'),
    listRegionAliases: p('SELECT * FROM aliases WHERE region = ? AND alias_name > ? ORDER BY alias_name LIMIT ?'),
    listAliasesOfKey: p('SELECT * FROM aliases WHERE target_key_id = ? AND alias_name > ? ORDER BY alias_name LIMIT ?'),
    countAliases: p('SELECT count(*) AS n FROM aliases WHERE target_key_id = ?'),
    setMeta: p('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
    keyAuditNewest: p(`SELECT * FROM audit_log WHERE key_arn = ? AND outcome = 'success' ORDER BY seq DESC`),
    lastAudit: p('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1'),
    readAudit: p('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?'),
    // Conditional: nothing if a checkpoint at or beyond this seq exists (a racing process, or a stale head).
    addCheckpoint: p(`INSERT INTO audit_checkpoints (seq, hash, time, signature) SELECT ?, ?, ?, ?
      WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoints WHERE seq >= ?) ON CONFLICT (seq) DO NOTHING`),
    lastCheckpoint: p('SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1'),
    readCheckpoints: p('SELECT * FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?'),
    insertImportToken: p(`INSERT INTO import_tokens (token_hash, key_id, wrapping_algorithm, wrapping_key_spec,
      sealed_private_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    getImportToken: p('SELECT * FROM import_tokens WHERE token_hash = ?'),
    zeroExpiredTokens: p(`UPDATE import_tokens SET sealed_private_key = zeroblob(length(sealed_private_key))
      WHERE expires_at <= ? AND sealed_private_key IS NOT NULL`),
    dropExpiredTokenKeys: p('UPDATE import_tokens SET sealed_private_key = NULL WHERE expires_at <= ? AND sealed_private_key IS NOT NULL'),
    forgetTokens: p('DELETE FROM import_tokens WHERE expires_at < ?'),
    importedMaterials: p('SELECT * FROM imported_materials WHERE key_id = ? ORDER BY version'),
    upsertImported: p(`INSERT INTO imported_materials (key_id, version, material_id, imported, pending_rotation,
      expiration_model, valid_to, description, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (key_id, version) DO UPDATE SET material_id = excluded.material_id, imported = excluded.imported,
      pending_rotation = excluded.pending_rotation, expiration_model = excluded.expiration_model,
      valid_to = excluded.valid_to, description = excluded.description, imported_at = excluded.imported_at`),
    deleteImported: p('DELETE FROM imported_materials WHERE key_id = ? AND version = ?'),
    zeroVersion: p('UPDATE key_versions SET sealed_material = zeroblob(length(sealed_material)) WHERE key_id = ? AND version = ?'),
    deleteVersion: p('DELETE FROM key_versions WHERE key_id = ? AND version = ?'),
    stampRotation: p(`UPDATE key_versions SET created_at = ?, rotation_type = 'ON_DEMAND' WHERE key_id = ? AND version = ?`),
    dueExpiries: p('SELECT * FROM imported_materials WHERE imported = 1 AND valid_to <= ? ORDER BY valid_to LIMIT ?'),
    countGrants: p('SELECT count(*) AS n FROM grants WHERE key_id = ?'),
    insertGrant: p(`INSERT INTO grants (${GRANT_COLUMNS.join(', ')}) VALUES (${GRANT_COLUMNS.map(() => '?').join(', ')})`),
    getGrant: p('SELECT * FROM grants WHERE grant_id = ?'),
    findGrant: p('SELECT * FROM grants WHERE key_id = ? AND fingerprint = ?'),
    listGrants: p(`SELECT * FROM grants WHERE key_id = @key AND seq > @after AND (@gid IS NULL OR grant_id = @gid)
      AND (@gp IS NULL OR grantee_principal = @gp) AND (@gsp IS NULL OR grantee_service_principal = @gsp)
      ORDER BY seq LIMIT @n`),
    listRetirable: p(`SELECT * FROM grants WHERE (retiring_principal = @rp OR retiring_service_principal = @rsp)
      AND seq > @after ORDER BY seq LIMIT @n`),
    deleteGrant: p('DELETE FROM grants WHERE key_id = ? AND grant_id = ?'),
  };
}
