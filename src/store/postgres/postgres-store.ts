// The PostgreSQL store (node-postgres Pool): the production backend, shared by several stateless Keyward nodes.
// Concurrency is the database's: revision compare-and-set in UPDATE ... WHERE, unique constraints (23505), and a
// row lock on the audit chain head. Every commit waits for the WAL flush (synchronous_commit on or stronger).
import { PostgresAlertStore } from './alert-store.js';
import pg from 'pg';
import { chainRows, linksOf, type AuditEntry, type AuditLink } from '../../audit/audit-chain.js';
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
import { watchPostgres } from './change-feed.js';
import { PostgresLifecycleStore } from './lifecycle-store.js';
import { PostgresDestructionStore } from './destruction-store.js';
import { migrate } from './migrations.js';
import { inTransaction, withClient } from './transaction.js';
import { PostgresSealStore } from './seal-store.js';
import { PostgresCustomKeyStoreStore } from './custom-key-store-store.js';
import { PostgresApprovalStore } from './approval-store.js';
import { PostgresIdentityStore } from './identity-store.js';
import {
  GRANT_COLUMNS, KEY_COLUMNS, aliasFromRow, aliasParams, auditFromRow, checkpointFromRow, grantFromRow,
  grantParams, importedFromRow, importTokenFromRow, keyFromRow, keyParams, seqPage, updateParams,
  versionFromRow, versionParams, type Row, UPDATE_KEY_SQL,
} from './rows.js';

/** PostgreSQL's SQLSTATE for unique_violation (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
const UNIQUE_VIOLATION = '23505';

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Server-side statement timeout, so a stuck database fails requests (and audit) instead of hanging. */
  statementTimeoutMs?: number;
  /** Connection attempts give up after this long. */
  connectTimeoutMs?: number;
  /** Where pool errors (e.g. a dropped idle connection) are reported. */
  onError?: (err: Error) => void;
}

const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

const SQL = {
  insertKey: `INSERT INTO keys (${KEY_COLUMNS.join(', ')}) VALUES (${placeholders(KEY_COLUMNS.length)})`,
  updateKey: UPDATE_KEY_SQL,
  insertVersion: `INSERT INTO key_versions (key_id, version, material_id, created_at, sealed_material, rotation_type, commitment)
    VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  insertAlias: `INSERT INTO aliases (alias_name, account_id, region, target_key_id, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6)`,
  // One statement, one round trip: advance the head only if it is still where this node last saw it, and insert the
  // batch only if it did. A concurrent appender (another node) makes it insert nothing; the caller re-reads the head.
  // The batch travels as one JSON array of rows (recordFields order, then prev_hash, hash): JSON.stringify is native,
  // where 14 array parameters cost an escape per element in the driver; as jsonb it is parsed once (a 32-row append
  // measured 1100 µs with json, whose ->> re-parses each element, and 600 µs with jsonb).
  auditAppendIfHead: `WITH head AS (
      UPDATE audit_head SET seq = $2, hash = $3 WHERE id = 1 AND seq = $4 AND hash = $5 RETURNING id)
    INSERT INTO audit_log (seq, time, request_id, principal, access_key_id, source, operation, key_arn, key_version,
      outcome, error_code, details, prev_hash, hash)
    SELECT (r->>0)::bigint, (r->>1)::bigint, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, (r->>8)::integer, r->>9, r->>10,
      r->>11, r->>12, r->>13
    FROM jsonb_array_elements($1::jsonb) AS r, head`,
} as const;

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly seal: PostgresSealStore;
  readonly customKeyStores: PostgresCustomKeyStoreStore;
  /** IAM users, groups, roles, policies and access keys (src/identity). */
  readonly identity: PostgresIdentityStore;
  readonly lifecycle: PostgresLifecycleStore;
  readonly alerts: PostgresAlertStore;
  readonly approvals: PostgresApprovalStore;
  readonly destruction: PostgresDestructionStore;
  private closed = false;

  constructor(readonly url: string, private readonly opts: PostgresStoreOptions = {}) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      statement_timeout: opts.statementTimeoutMs ?? 15_000,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
      keepAlive: true,
      application_name: 'keyward',
    });
    this.identity = new PostgresIdentityStore(this.pool);
    // An idle connection that dies emits 'error' on the pool; unhandled, that would crash the process.
    this.pool.on('error', (err) => opts.onError?.(err));
    this.seal = new PostgresSealStore(this.pool);
    this.customKeyStores = new PostgresCustomKeyStoreStore(this.pool);
    this.alerts = new PostgresAlertStore(this.pool);
    this.lifecycle = new PostgresLifecycleStore(this.pool);
    this.approvals = new PostgresApprovalStore(this.pool);
    this.destruction = new PostgresDestructionStore(this.pool);
    // Durable before we answer: never weaker than synchronous_commit = on, whatever the server default says
    // (stronger settings such as remote_apply are kept). Queued before the first query of the connection.
    this.pool.on('connect', (client) => {
      client.query(`SELECT set_config('synchronous_commit', CASE WHEN current_setting('synchronous_commit')
        IN ('off', 'local') THEN 'on' ELSE current_setting('synchronous_commit') END, false)`).catch(() => undefined);
    });
  }

  async migrate(): Promise<void> {
    await withClient(this.pool, async (client) => {
      await migrate(client);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.feeds) stop();
    await this.pool.end();
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  private async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.pool.query(sql, params)).rowCount ?? 0;
  }

  /** Runs `fn` in one transaction on one pooled connection (src/store/postgres/transaction.ts). */
  private tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  async getMeta(name: string): Promise<string | undefined> {
    return (await this.rows('SELECT value FROM meta WHERE name = $1', [name]))[0]?.value as string | undefined;
  }

  async initMeta(name: string, value: string): Promise<string> {
    await this.run('INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, value]);
    return (await this.getMeta(name))!; // a new statement: sees a concurrent initialiser's committed value
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.run('INSERT INTO meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
  }

  async getBarrierKeys(): Promise<{ term: number; wrapped: Buffer }[]> {
    return (await this.rows('SELECT term, wrapped FROM barrier_keys ORDER BY term')) as { term: number; wrapped: Buffer }[];
  }

  async addBarrierKey(term: number, wrapped: Buffer): Promise<void> {
    await this.run('INSERT INTO barrier_keys (term, wrapped) VALUES ($1, $2) ON CONFLICT (term) DO NOTHING', [term, wrapped]);
  }

  async createKey(key: KeyRecord, version: KeyVersionRecord | readonly KeyVersionRecord[] | undefined, tags: Tag[], alias?: AliasRecord): Promise<void> {
    const versions = version === undefined ? [] : 'version' in version ? [version] : version;
    const create = () => this.tx(async (c) => {
      await c.query(SQL.insertKey, keyParams(key));
      for (const v of versions) await c.query(SQL.insertVersion, versionParams(v));
      if (tags.length > 0) {
        await c.query(`INSERT INTO key_tags (key_id, tag_key, tag_value, position)
          SELECT $1, t.k, t.v, t.i - 1 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(k, v, i)`,
        [key.keyId, tags.map((t) => t.TagKey), tags.map((t) => t.TagValue)]);
      }
      if (alias) await c.query(SQL.insertAlias, aliasParams(alias));
    });
    // The whole transaction is rolled back on a unique violation (the alias name, or, never in practice, a key id).
    await (alias ? this.conflictsAs(`alias ${alias.aliasName} exists`, create) : create());
  }

  async getKey(keyId: string): Promise<KeyRecord | undefined> {
    const r = (await this.pool.query({ name: 'kw_get_key', text: 'SELECT * FROM keys WHERE key_id = $1', values: [keyId] })).rows[0];
    return r && keyFromRow(r);
  }

  async getKeyVersions(keyId: string): Promise<KeyVersionRecord[]> {
    return (await this.rows('SELECT * FROM key_versions WHERE key_id = $1 ORDER BY version', [keyId])).map(versionFromRow);
  }

  async listKeys(limit: number, after?: string, region?: string): Promise<Page<KeyRecord>> {
    const rows = region === undefined
      ? await this.rows('SELECT * FROM keys WHERE seq > $1 ORDER BY seq LIMIT $2', [after ?? '0', limit + 1])
      : await this.rows('SELECT * FROM keys WHERE region = $3 AND seq > $1 ORDER BY seq LIMIT $2', [after ?? '0', limit + 1, region]);
    return seqPage(rows, limit, keyFromRow);
  }

  async relatedKeys(keyId: string, regions: readonly string[]): Promise<KeyRecord[]> {
    const ids = [keyId, ...regions.map((r) => replicaStoreId(keyId, r))];
    return (await this.rows('SELECT * FROM keys WHERE key_id = ANY($1::text[]) ORDER BY seq', [ids])).map(keyFromRow);
  }

  async updateKeys(changes: readonly KeyUpdate[]): Promise<boolean> {
    const abort = new Error('revision moved');
    try {
      return await this.tx(async (c) => {
        for (const u of changes) {
          if ((await c.query(SQL.updateKey, updateParams(u.next, u.expectedRevision))).rowCount !== 1) throw abort; // rolls back
          if (u.version) await c.query(SQL.insertVersion, versionParams(u.version));
        }
        return true;
      });
    } catch (err) {
      if (err === abort) return false;
      throw err;
    }
  }

  async getTags(keyId: string): Promise<Tag[]> {
    const rows = await this.rows('SELECT tag_key, tag_value FROM key_tags WHERE key_id = $1 ORDER BY position', [keyId]);
    return rows.map((r) => ({ TagKey: r.tag_key as string, TagValue: r.tag_value as string }));
  }

  async updateKey(next: KeyRecord, expectedRevision: number): Promise<boolean> {
    return (await this.run(SQL.updateKey, updateParams(next, expectedRevision))) === 1;
  }

  async addKeyVersion(next: KeyRecord, expectedRevision: number, v: KeyVersionRecord): Promise<boolean> {
    return this.tx(async (c) => {
      if ((await c.query(SQL.updateKey, updateParams(next, expectedRevision))).rowCount !== 1) return false;
      await c.query(SQL.insertVersion, versionParams(v));
      return true;
    });
  }

  async deleteKey(keyId: string, expectedRevision: number): Promise<boolean> {
    const deleted = await this.tx(async (c) => {
      // The row lock makes the revision check and the deletion one step: a concurrent CancelKeyDeletion either
      // committed first (revision moved on: we delete nothing) or waits for us and then finds no key.
      const row = (await c.query('SELECT revision FROM keys WHERE key_id = $1 FOR UPDATE', [keyId])).rows[0] as Row | undefined;
      if (!row || row.revision !== expectedRevision) return false;
      // Overwrite, then delete (versions, tags and aliases go by ON DELETE CASCADE). Under MVCC the old row
      // versions stay as dead tuples until VACUUM reclaims them; scheduleVacuum asks for that promptly.
      await c.query(`UPDATE key_versions SET sealed_material = decode(repeat('00', length(sealed_material)), 'hex')
        WHERE key_id = $1`, [keyId]);
      await c.query('DELETE FROM keys WHERE key_id = $1', [keyId]);
      return true;
    });
    if (deleted) this.scheduleVacuum();
    return deleted;
  }

  private vacuumTimer: NodeJS.Timeout | undefined;

  /** Reclaims the dead row versions that held deleted material, once per burst of deletions. */
  private scheduleVacuum(): void {
    if (this.vacuumTimer || this.closed) return;
    this.vacuumTimer = setTimeout(() => {
      this.vacuumTimer = undefined;
      if (!this.closed) this.pool.query('VACUUM key_versions').catch(() => undefined);
    }, 250);
    this.vacuumTimer.unref();
  }

  async dueKeys(now: number, limit: number): Promise<KeyRecord[]> {
    const rows = await this.rows(`SELECT * FROM keys WHERE (state = 'PendingDeletion' AND deletion_date <= $1)
      OR (state = 'Enabled' AND next_rotation_at <= $1 AND (primary_region IS NULL OR primary_region = region)) LIMIT $2`, [now, limit]);
    return rows.map(keyFromRow);
  }

  async putImportToken(t: ImportTokenRecord): Promise<void> {
    await this.run(`INSERT INTO import_tokens (token_hash, key_id, wrapping_algorithm, wrapping_key_spec,
      sealed_private_key, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [t.tokenHash, t.keyId, t.wrappingAlgorithm, t.wrappingKeySpec, t.sealedPrivateKey ?? null, t.createdAt, t.expiresAt]);
  }

  async getImportToken(tokenHash: string): Promise<ImportTokenRecord | undefined> {
    const r = (await this.rows('SELECT * FROM import_tokens WHERE token_hash = $1', [tokenHash]))[0];
    return r && importTokenFromRow(r);
  }

  async purgeImportTokens(now: number, forgetBefore: number): Promise<number> {
    const n = await this.tx(async (c) => {
      const shredded = (await c.query(`UPDATE import_tokens SET sealed_private_key = NULL
        WHERE expires_at <= $1 AND sealed_private_key IS NOT NULL`, [now])).rowCount ?? 0;
      return shredded + ((await c.query('DELETE FROM import_tokens WHERE expires_at < $1', [forgetBefore])).rowCount ?? 0);
    });
    if (n > 0) this.scheduleVacuum();
    return n;
  }

  async getImportedMaterials(keyId: string): Promise<ImportedMaterialRecord[]> {
    return (await this.rows('SELECT * FROM imported_materials WHERE key_id = $1 ORDER BY version', [keyId])).map(importedFromRow);
  }

  async changeImportedMaterial(next: KeyRecord, expectedRevision: number, ch: ImportedMaterialChange): Promise<boolean> {
    const shred = ch.shredVersions ?? [];
    const done = await this.tx(async (c) => {
      if ((await c.query(SQL.updateKey, updateParams(next, expectedRevision))).rowCount !== 1) return false;
      for (const m of ch.upsert ?? []) {
        await c.query(`INSERT INTO imported_materials (key_id, version, material_id, imported, pending_rotation,
          expiration_model, valid_to, description, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
          ON CONFLICT (key_id, version) DO UPDATE SET material_id = excluded.material_id, imported = excluded.imported,
          pending_rotation = excluded.pending_rotation, expiration_model = excluded.expiration_model,
          valid_to = excluded.valid_to, description = excluded.description, imported_at = excluded.imported_at`,
        [m.keyId, m.version, m.materialId, m.imported, m.pendingRotation, m.expirationModel, m.validTo ?? null,
          m.description ?? null, m.importedAt]);
      }
      for (const v of ch.dropImports ?? []) {
        await c.query('DELETE FROM imported_materials WHERE key_id = $1 AND version = $2', [next.keyId, v]);
      }
      if (shred.length > 0) {
        // Overwrite, then delete; the dead row versions go at the next VACUUM (scheduleVacuum, as for deleteKey).
        await c.query(`UPDATE key_versions SET sealed_material = decode(repeat('00', length(sealed_material)), 'hex')
          WHERE key_id = $1 AND version = ANY($2::integer[])`, [next.keyId, shred]);
        await c.query('DELETE FROM key_versions WHERE key_id = $1 AND version = ANY($2::integer[])', [next.keyId, shred]);
      }
      const v = ch.addVersion;
      if (v) {
        await c.query('DELETE FROM key_versions WHERE key_id = $1 AND version = $2', [v.keyId, v.version]);
        await c.query(SQL.insertVersion, versionParams(v));
      }
      if (ch.rotateTo) {
        await c.query(`UPDATE key_versions SET created_at = $1, rotation_type = 'ON_DEMAND' WHERE key_id = $2 AND version = $3`,
          [ch.rotateTo.at, next.keyId, ch.rotateTo.version]);
      }
      return true;
    });
    if (done && shred.length > 0) this.scheduleVacuum();
    return done;
  }

  async dueMaterialExpiries(now: number, limit: number): Promise<ImportedMaterialRecord[]> {
    return (await this.rows(`SELECT * FROM imported_materials WHERE imported AND valid_to <= $1 ORDER BY valid_to LIMIT $2`,
      [now, limit])).map(importedFromRow);
  }

  async putTags(keyId: string, tags: Tag[]): Promise<void> {
    // One row per tag key, first occurrence's position, last occurrence's value (as the SQLite loop does).
    const merged = new Map<string, string>();
    for (const t of tags) merged.set(t.TagKey, t.TagValue);
    if (merged.size === 0) return;
    await this.run(`INSERT INTO key_tags (key_id, tag_key, tag_value, position)
      SELECT $1, t.k, t.v, coalesce((SELECT max(position) FROM key_tags WHERE key_id = $1), -1) + t.i
      FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(k, v, i)
      ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
    [keyId, [...merged.keys()], [...merged.values()]]);
  }

  async removeTags(keyId: string, tagKeys: string[]): Promise<void> {
    await this.run('DELETE FROM key_tags WHERE key_id = $1 AND tag_key = ANY($2::text[])', [keyId, tagKeys]);
  }

  async getAlias(aliasName: string, region: string): Promise<AliasRecord | undefined> {
    const r = (await this.rows('SELECT * FROM aliases WHERE region = $1 AND alias_name = $2', [region, aliasName]))[0];
    return r && aliasFromRow(r);
  }

  async createAlias(a: AliasRecord): Promise<void> {
    await this.conflictsAs(`alias ${a.aliasName} exists`, () => this.run(SQL.insertAlias, aliasParams(a)));
  }

  async updateAlias(aliasName: string, region: string, targetKeyId: string, now: number): Promise<boolean> {
    return (await this.run('UPDATE aliases SET target_key_id = $1, updated_at = $2 WHERE region = $3 AND alias_name = $4',
      [targetKeyId, now, region, aliasName])) === 1;
  }

  async deleteAlias(aliasName: string, region: string): Promise<boolean> {
    return (await this.run('DELETE FROM aliases WHERE region = $1 AND alias_name = $2', [region, aliasName])) === 1;
  }

  async listAliases(limit: number, after?: string, keyId?: string, region?: string): Promise<Page<AliasRecord>> {
    const rows = keyId !== undefined
      ? await this.rows('SELECT * FROM aliases WHERE target_key_id = $1 AND alias_name > $2 ORDER BY alias_name LIMIT $3',
        [keyId, after ?? '', limit + 1])
      : region !== undefined
        ? await this.rows('SELECT * FROM aliases WHERE region = $1 AND alias_name > $2 ORDER BY alias_name LIMIT $3', [region, after ?? '', limit + 1])
        : await this.rows('SELECT * FROM aliases WHERE alias_name > $1 ORDER BY alias_name LIMIT $2', [after ?? '', limit + 1]);
    const items = rows.slice(0, limit).map(aliasFromRow);
    return { items, next: rows.length > limit ? items[items.length - 1]!.aliasName : undefined };
  }

  async countAliases(keyId: string): Promise<number> {
    return Number((await this.rows('SELECT count(*) AS n FROM aliases WHERE target_key_id = $1', [keyId]))[0]!.n);
  }

  async countKeysByStateAndSpec(): Promise<{ state: string; spec: string; count: number }[]> {
    return (await this.rows('SELECT state, key_spec AS spec, count(*) AS n FROM keys GROUP BY state, key_spec'))
      .map((r) => ({ state: r.state as string, spec: r.spec as string, count: Number(r.n) }));
  }

  /** The connection pool's state (metrics). */
  poolStats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async createGrant(g: GrantRecord, maxPerKey: number): Promise<'created' | 'limit' | 'missing'> {
    return this.conflictsAs(`grant ${g.grantId} exists`, () => this.tx(async (c) => {
      // Creators on one key queue on its row lock (NO KEY UPDATE still lets the grant's foreign key check through),
      // so the count and the insert are one step across nodes.
      if ((await c.query('SELECT 1 FROM keys WHERE key_id = $1 FOR NO KEY UPDATE', [g.keyId])).rowCount === 0) return 'missing' as const;
      const n = Number((await c.query('SELECT count(*) AS n FROM grants WHERE key_id = $1', [g.keyId])).rows[0].n);
      if (n >= maxPerKey) return 'limit' as const;
      await c.query(`INSERT INTO grants (${GRANT_COLUMNS.join(', ')}) VALUES (${placeholders(GRANT_COLUMNS.length)})`, grantParams(g));
      return 'created' as const;
    }));
  }

  async getGrant(grantId: string): Promise<GrantRecord | undefined> {
    const r = (await this.rows('SELECT * FROM grants WHERE grant_id = $1', [grantId]))[0];
    return r && grantFromRow(r);
  }

  async findGrant(keyId: string, fingerprint: string): Promise<GrantRecord | undefined> {
    const r = (await this.rows('SELECT * FROM grants WHERE key_id = $1 AND fingerprint = $2', [keyId, fingerprint]))[0];
    return r && grantFromRow(r);
  }

  async listGrants(keyId: string, limit: number, after?: string, f: GrantFilter = {}): Promise<Page<GrantRecord>> {
    return seqPage(await this.rows(`SELECT * FROM grants WHERE key_id = $1 AND seq > $2
      AND ($3::text IS NULL OR grant_id = $3) AND ($4::text IS NULL OR grantee_principal = $4)
      AND ($5::text IS NULL OR grantee_service_principal = $5) ORDER BY seq LIMIT $6`,
    [keyId, after ?? '0', f.grantId ?? null, f.granteePrincipal ?? null, f.granteeServicePrincipal ?? null, limit + 1]), limit, grantFromRow);
  }

  async listRetirableGrants(r: RetiringFilter, limit: number, after?: string): Promise<Page<GrantRecord>> {
    const rp = 'retiringPrincipal' in r ? r.retiringPrincipal : null;
    const rsp = 'retiringServicePrincipal' in r ? r.retiringServicePrincipal : null;
    return seqPage(await this.rows(`SELECT * FROM grants WHERE (retiring_principal = $1 OR retiring_service_principal = $2)
      AND seq > $3 ORDER BY seq LIMIT $4`, [rp, rsp, after ?? '0', limit + 1]), limit, grantFromRow);
  }

  async deleteGrant(keyId: string, grantId: string): Promise<boolean> {
    return (await this.run('DELETE FROM grants WHERE key_id = $1 AND grant_id = $2', [keyId, grantId])) === 1;
  }

  async lastUse(keyArn: string, operations: readonly string[]): Promise<AuditRecord | undefined> {
    const r = (await this.rows(`SELECT * FROM audit_log WHERE key_arn = $1 AND outcome = 'success'
      AND operation = ANY($2::text[]) ORDER BY seq DESC LIMIT 1`, [keyArn, [...operations]]))[0];
    return r && auditFromRow(r);
  }

  /**
   * The audit head as this node last wrote or read it (a guess: the append statement checks seq and hash). One batch
   * at a time: the head row's lock orders appenders anyway, so pipelined batches would only queue behind it.
   */
  private auditHead: { seq: number; hash: string } | undefined;

  /**
   * Appends a batch as one autocommit statement that also advances the head, if the head is still the one this node
   * knows (the head row's lock orders appenders across nodes: one chain, no gaps, no forks); otherwise re-reads the
   * head and retries. The statement returns once the WAL is flushed (synchronous_commit): durable before the answer.
   */
  async appendAudit(entries: AuditEntry[]): Promise<AuditLink[]> {
    if (entries.length === 0) return [];
    for (let attempt = 0; attempt < 100; attempt++) {
      const head = (this.auditHead ??= await this.readAuditHead());
      const rows = chainRows(entries, head.seq, head.hash);
      const last = { seq: rows[rows.length - 1]![0] as number, hash: rows[rows.length - 1]![13] as string };
      const res = await this.pool.query({
        name: 'kw_audit_append', text: SQL.auditAppendIfHead, values: [JSON.stringify(rows), last.seq, last.hash, head.seq, head.hash],
      });
      if (res.rowCount === rows.length) {
        this.auditHead = last;
        return linksOf(rows);
      }
      this.auditHead = undefined; // another node appended meanwhile: re-read the head
    }
    throw new AuditHeadContentionError('audit append kept losing the head to other nodes');
  }

  private async readAuditHead(): Promise<{ seq: number; hash: string }> {
    const r = (await this.rows('SELECT seq, hash FROM audit_head WHERE id = 1'))[0]!;
    return { seq: Number(r.seq), hash: r.hash as string };
  }

  async lastAudit(): Promise<AuditRecord | undefined> {
    const r = (await this.rows('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1'))[0];
    return r && auditFromRow(r);
  }

  async searchAudit(filter: AuditFilter, limit: number): Promise<AuditRecord[]> {
    const q = auditSearchSql(filter, limit, (i) => `$${i}`);
    return (await this.rows(q.text, q.params)).map(auditFromRow);
  }

  async readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return (await this.rows('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit])).map(auditFromRow);
  }

  async addAuditCheckpoint(cp: AuditCheckpoint): Promise<boolean> {
    // Two nodes signing the same head collide on the primary key (DO NOTHING); a node with a stale head finds a later
    // checkpoint and inserts nothing.
    return (await this.run(`INSERT INTO audit_checkpoints (seq, hash, time, signature) SELECT $1::bigint, $2::text, $3::bigint, $4::text
      WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoints WHERE seq >= $1::bigint) ON CONFLICT (seq) DO NOTHING`,
    [cp.seq, cp.hash, cp.time, cp.signature])) === 1;
  }

  async lastAuditCheckpoint(): Promise<AuditCheckpoint | undefined> {
    const r = (await this.rows('SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1'))[0];
    return r && checkpointFromRow(r);
  }

  async readAuditCheckpoints(afterSeq: number, limit: number): Promise<AuditCheckpoint[]> {
    return (await this.rows('SELECT * FROM audit_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit])).map(checkpointFromRow);
  }

  private readonly feeds = new Set<() => void>();

  /** LISTEN keyward_keys on a dedicated connection (src/store/postgres/change-feed.ts); stopped by close(). */
  watchKeyChanges(listener: (keyId: string) => void, onReset?: () => void): () => void {
    const stop = watchPostgres(this.url, listener, onReset, { onError: this.opts.onError });
    const unwatch = () => {
      this.feeds.delete(unwatch);
      stop();
    };
    this.feeds.add(unwatch);
    return unwatch;
  }

  async tryLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    // One statement: under READ COMMITTED the conflicting row is locked and the WHERE re-checked on its latest
    // version, so of two nodes racing for a free or expired lease exactly one takes it.
    return (await this.run(`INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= $4`, [name, holder, now + ttlMs, now])) === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.run('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async addMetaInteger(name: string, delta: number): Promise<number> {
    const r = await this.rows(`INSERT INTO meta (name, value) VALUES ($1, $2::bigint::text) ON CONFLICT (name)
      DO UPDATE SET value = (meta.value::bigint + $2::bigint)::text RETURNING value`, [name, delta]);
    return Number(r[0]!.value);
  }

  /** Runs `fn`, translating PostgreSQL's unique_violation (by SQLSTATE, never message text) into StoreConflictError. */
  private async conflictsAs<T>(message: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) throw new StoreConflictError(message);
      throw err;
    }
  }
}

/** appendAudit lost the audit head to other nodes on every attempt (100 in a row): the batch was not written. */
export class AuditHeadContentionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditHeadContentionError';
  }
}
