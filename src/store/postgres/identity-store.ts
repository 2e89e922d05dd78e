// The PostgreSQL identity store (src/identity/ports.ts): IAM entities and their relations in the migration-8 tables.
// Checks that must hold with their write (quotas, delete conflicts) lock the owner's entity row (FOR UPDATE), so
// nodes racing on one user, group, role or policy are serialised.
import type pg from 'pg';
import { StoreConflictError, type Page } from '../../core/ports.js';
import type { DeleteBlocker, IdentityRows, IdentityStore, InlineQuota, ListOptions } from '../../identity/ports.js';
import type { AccessKey, AccessKeyUse, Attachment, Entity, EntityKind, InlinePolicy, OwnerKind, PolicyVersion } from '../../identity/model.js';
import { accessKeyFromRow, aggregateSize, entityFromRow, entityParams, namePage, pathLike, versionFromRow, type Row } from '../identity-rows.js';
import { inTransaction } from './transaction.js';

const UNIQUE_VIOLATION = '23505';
const KEY_COLUMNS = `k.access_key_id, u.name AS user_name, k.status, k.created_at, k.sealed_secret, k.last_used_at,
  k.last_used_service, k.last_used_region`;
const KEYS_FROM = 'iam_access_keys k JOIN iam_entities u ON u.id = k.user_id';
const VERSION_COLUMNS = 'e.arn AS policy_arn, v.version_id, v.document, v.created_at';

type Q = pg.Pool | pg.PoolClient;

/** Runs `fn`, turning a unique violation into StoreConflictError. */
async function conflictsAs<T>(message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new StoreConflictError(message);
    throw err;
  }
}
const rows = async (q: Q, sql: string, params: unknown[] = []) => (await q.query(sql, params)).rows as Row[];
const count = async (q: Q, sql: string, params: unknown[]) => Number((await rows(q, sql, params))[0]!.n);

export class PostgresIdentityStore implements IdentityStore {
  constructor(private readonly pool: pg.Pool) {}

  /** The entity row, locked for the transaction when `c` is a transaction's client. */
  private async row(q: Q, kind: EntityKind, name: string, lock = false): Promise<Row | undefined> {
    return (await rows(q, `SELECT * FROM iam_entities WHERE kind = $1 AND lower(name) = lower($2)${lock ? ' FOR UPDATE' : ''}`, [kind, name]))[0];
  }

  async snapshot(): Promise<IdentityRows> {
    return inTransaction(this.pool, async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return {
        entities: (await rows(c, 'SELECT * FROM iam_entities')).map(entityFromRow),
        memberships: (await rows(c, `SELECT g.name AS group_name, u.name AS user_name FROM iam_group_members m
          JOIN iam_entities g ON g.id = m.group_id JOIN iam_entities u ON u.id = m.user_id`))
          .map((r) => ({ groupName: r.group_name as string, userName: r.user_name as string })),
        inline: (await rows(c, 'SELECT e.kind, e.name, i.policy_name, i.document FROM iam_inline_policies i JOIN iam_entities e ON e.id = i.owner_id'))
          .map((r) => ({ ownerKind: r.kind as OwnerKind, ownerName: r.name as string, policyName: r.policy_name as string, document: r.document as string })),
        attachments: (await rows(c, 'SELECT e.kind, e.name, a.policy_arn FROM iam_attachments a JOIN iam_entities e ON e.id = a.owner_id'))
          .map((r) => ({ ownerKind: r.kind as OwnerKind, ownerName: r.name as string, policyArn: r.policy_arn as string })),
        defaultVersions: (await rows(c, `SELECT ${VERSION_COLUMNS} FROM iam_policy_versions v JOIN iam_entities e ON e.id = v.policy_id
          WHERE v.version_id = (e.data::jsonb ->> 'defaultVersionId')`)).map(versionFromRow),
        accessKeys: (await rows(c, `SELECT ${KEY_COLUMNS} FROM ${KEYS_FROM}`)).map(accessKeyFromRow),
      };
    });
  }

  async createEntity(e: Entity, firstVersion?: PolicyVersion): Promise<void> {
    await conflictsAs(`${e.kind} ${e.name} exists`, () => inTransaction(this.pool, async (c) => {
        await c.query('INSERT INTO iam_entities (id, kind, name, path, arn, created_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)', entityParams(e));
        if (firstVersion) {
          await c.query('INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES ($1, $2, $3, $4)',
            [e.id, firstVersion.versionId, firstVersion.document, firstVersion.createdAt]);
        }
    }));
  }

  async getEntity<K extends EntityKind>(kind: K, name: string): Promise<Entity<K> | undefined> {
    const r = await this.row(this.pool, kind, name);
    return r && (entityFromRow(r) as Entity<K>);
  }

  async listEntities<K extends EntityKind>(kind: K, o: ListOptions): Promise<Page<Entity<K>>> {
    const r = await rows(this.pool, `SELECT * FROM iam_entities WHERE kind = $1 AND lower(name) > $2 AND path LIKE $3 ESCAPE '\\'
      ORDER BY lower(name) LIMIT $4`, [kind, o.after ?? '', pathLike(o.pathPrefix), o.limit + 1]);
    return namePage(r, o.limit, (x) => entityFromRow(x) as Entity<K>, (x) => x.name as string);
  }

  async updateEntityData(kind: EntityKind, name: string, data: Entity['data']): Promise<boolean> {
    const r = await this.pool.query('UPDATE iam_entities SET data = $1 WHERE kind = $2 AND lower(name) = lower($3)', [JSON.stringify(data), kind, name]);
    return r.rowCount === 1;
  }

  async deleteEntity(kind: EntityKind, name: string): Promise<'deleted' | 'missing' | DeleteBlocker> {
    return inTransaction(this.pool, async (c) => {
      const r = await this.row(c, kind, name, true);
      if (!r) return 'missing';
      const blocker = await this.blocker(c, kind, r);
      if (blocker) return blocker;
      await c.query('DELETE FROM iam_entities WHERE id = $1', [r.id]);
      return 'deleted';
    });
  }

  private async blocker(c: Q, kind: EntityKind, r: Row): Promise<DeleteBlocker | undefined> {
    const id = [r.id];
    if (kind === 'user' && (await count(c, 'SELECT count(*) AS n FROM iam_access_keys WHERE user_id = $1', id)) > 0) return 'access-keys';
    if (kind !== 'policy' && (await count(c, 'SELECT count(*) AS n FROM iam_inline_policies WHERE owner_id = $1', id)) > 0) return 'inline-policies';
    if (kind !== 'policy' && (await count(c, 'SELECT count(*) AS n FROM iam_attachments WHERE owner_id = $1', id)) > 0) return 'attachments';
    if (kind === 'user' && (await count(c, 'SELECT count(*) AS n FROM iam_group_members WHERE user_id = $1', id)) > 0) return 'groups';
    if (kind === 'group' && (await count(c, 'SELECT count(*) AS n FROM iam_group_members WHERE group_id = $1', id)) > 0) return 'group-members';
    if (kind === 'policy' && (await count(c, 'SELECT count(*) AS n FROM iam_attachments WHERE policy_arn = $1', [r.arn])) > 0) return 'attachments';
    if (kind === 'policy' && (await count(c, 'SELECT count(*) AS n FROM iam_policy_versions WHERE policy_id = $1', id)) > 1) return 'policy-versions';
    return undefined;
  }

  async addMember(groupName: string, userName: string, maxGroupsPerUser: number): Promise<'added' | 'limit' | 'missing-group' | 'missing-user'> {
    return inTransaction(this.pool, async (c) => {
      const g = await this.row(c, 'group', groupName, true);
      if (!g) return 'missing-group';
      const u = await this.row(c, 'user', userName, true);
      if (!u) return 'missing-user';
      if ((await rows(c, 'SELECT 1 FROM iam_group_members WHERE group_id = $1 AND user_id = $2', [g.id, u.id])).length) return 'added';
      if ((await count(c, 'SELECT count(*) AS n FROM iam_group_members WHERE user_id = $1', [u.id])) >= maxGroupsPerUser) return 'limit';
      await c.query('INSERT INTO iam_group_members (group_id, user_id) VALUES ($1, $2)', [g.id, u.id]);
      return 'added';
    });
  }

  async removeMember(groupName: string, userName: string): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM iam_group_members WHERE
      group_id = (SELECT id FROM iam_entities WHERE kind = 'group' AND lower(name) = lower($1)) AND
      user_id = (SELECT id FROM iam_entities WHERE kind = 'user' AND lower(name) = lower($2))`, [groupName, userName]);
    return r.rowCount === 1;
  }

  async groupMembers(groupName: string, o: ListOptions): Promise<Page<Entity<'user'>>> {
    const r = await rows(this.pool, `SELECT u.* FROM iam_group_members m JOIN iam_entities u ON u.id = m.user_id
      JOIN iam_entities g ON g.id = m.group_id WHERE g.kind = 'group' AND lower(g.name) = lower($1) AND lower(u.name) > $2
      ORDER BY lower(u.name) LIMIT $3`, [groupName, o.after ?? '', o.limit + 1]);
    return namePage(r, o.limit, (x) => entityFromRow(x) as Entity<'user'>, (x) => x.name as string);
  }

  async groupsOf(userName: string, o: ListOptions): Promise<Page<Entity<'group'>>> {
    const r = await rows(this.pool, `SELECT g.* FROM iam_group_members m JOIN iam_entities g ON g.id = m.group_id
      JOIN iam_entities u ON u.id = m.user_id WHERE u.kind = 'user' AND lower(u.name) = lower($1) AND lower(g.name) > $2
      ORDER BY lower(g.name) LIMIT $3`, [userName, o.after ?? '', o.limit + 1]);
    return namePage(r, o.limit, (x) => entityFromRow(x) as Entity<'group'>, (x) => x.name as string);
  }

  async putInlinePolicy(p: InlinePolicy, quota: InlineQuota): Promise<'stored' | 'limit' | 'missing'> {
    return inTransaction(this.pool, async (c) => {
      const owner = await this.row(c, p.ownerKind, p.ownerName, true);
      if (!owner) return 'missing';
      const others = (await rows(c, 'SELECT document FROM iam_inline_policies WHERE owner_id = $1 AND lower(policy_name) <> lower($2)',
        [owner.id, p.policyName])).map((r) => r.document as string);
      if (aggregateSize(quota, p.document, others) > quota.maxChars) return 'limit';
      await c.query('DELETE FROM iam_inline_policies WHERE owner_id = $1 AND lower(policy_name) = lower($2)', [owner.id, p.policyName]);
      await c.query('INSERT INTO iam_inline_policies (owner_id, policy_name, document) VALUES ($1, $2, $3)', [owner.id, p.policyName, p.document]);
      return 'stored' as const;
    });
  }

  async getInlinePolicy(ownerKind: OwnerKind, ownerName: string, policyName: string): Promise<InlinePolicy | undefined> {
    const r = (await rows(this.pool, `SELECT e.name, i.policy_name, i.document FROM iam_inline_policies i
      JOIN iam_entities e ON e.id = i.owner_id WHERE e.kind = $1 AND lower(e.name) = lower($2) AND lower(i.policy_name) = lower($3)`,
    [ownerKind, ownerName, policyName]))[0];
    return r ? { ownerKind, ownerName: r.name as string, policyName: r.policy_name as string, document: r.document as string } : undefined;
  }

  async deleteInlinePolicy(ownerKind: OwnerKind, ownerName: string, policyName: string): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM iam_inline_policies WHERE lower(policy_name) = lower($3) AND owner_id =
      (SELECT id FROM iam_entities WHERE kind = $1 AND lower(name) = lower($2))`, [ownerKind, ownerName, policyName]);
    return r.rowCount === 1;
  }

  async listInlinePolicies(ownerKind: OwnerKind, ownerName: string, o: ListOptions): Promise<Page<string>> {
    const r = await rows(this.pool, `SELECT i.policy_name FROM iam_inline_policies i JOIN iam_entities e ON e.id = i.owner_id
      WHERE e.kind = $1 AND lower(e.name) = lower($2) AND lower(i.policy_name) > $3 ORDER BY lower(i.policy_name) LIMIT $4`,
    [ownerKind, ownerName, o.after ?? '', o.limit + 1]);
    return namePage(r, o.limit, (x) => x.policy_name as string, (x) => x.policy_name as string);
  }

  async attach(a: Attachment, maxPerOwner: number): Promise<'attached' | 'limit' | 'missing-owner'> {
    return inTransaction(this.pool, async (c) => {
      const owner = await this.row(c, a.ownerKind, a.ownerName, true);
      if (!owner) return 'missing-owner';
      if ((await rows(c, 'SELECT 1 FROM iam_attachments WHERE owner_id = $1 AND policy_arn = $2', [owner.id, a.policyArn])).length) return 'attached';
      if ((await count(c, 'SELECT count(*) AS n FROM iam_attachments WHERE owner_id = $1', [owner.id])) >= maxPerOwner) return 'limit';
      await c.query('INSERT INTO iam_attachments (owner_id, policy_arn) VALUES ($1, $2)', [owner.id, a.policyArn]);
      return 'attached';
    });
  }

  async detach(a: Attachment): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM iam_attachments WHERE policy_arn = $3 AND owner_id =
      (SELECT id FROM iam_entities WHERE kind = $1 AND lower(name) = lower($2))`, [a.ownerKind, a.ownerName, a.policyArn]);
    return r.rowCount === 1;
  }

  async attachedTo(ownerKind: OwnerKind, ownerName: string, o: ListOptions): Promise<Page<string>> {
    const r = await rows(this.pool, `SELECT a.policy_arn FROM iam_attachments a JOIN iam_entities e ON e.id = a.owner_id
      WHERE e.kind = $1 AND lower(e.name) = lower($2) AND a.policy_arn > $3 ORDER BY a.policy_arn LIMIT $4`,
    [ownerKind, ownerName, o.after ?? '', o.limit + 1]);
    const items = r.slice(0, o.limit).map((x) => x.policy_arn as string);
    return { items, next: r.length > o.limit ? items[items.length - 1] : undefined };
  }

  async attachmentCount(policyArn: string): Promise<number> {
    return count(this.pool, 'SELECT count(*) AS n FROM iam_attachments WHERE policy_arn = $1', [policyArn]);
  }

  async addPolicyVersion(policyName: string, document: string, makeDefault: boolean, maxVersions: number, at: number): Promise<{ versionId: string } | 'limit' | 'missing'> {
    return inTransaction(this.pool, async (c) => {
      const r = await this.row(c, 'policy', policyName, true);
      if (!r) return 'missing' as const;
      if ((await count(c, 'SELECT count(*) AS n FROM iam_policy_versions WHERE policy_id = $1', [r.id])) >= maxVersions) return 'limit' as const;
      const data = JSON.parse(r.data as string);
      data.lastVersion = (data.lastVersion ?? 1) + 1;
      const versionId = `v${data.lastVersion}`;
      await c.query('INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES ($1, $2, $3, $4)', [r.id, versionId, document, at]);
      if (makeDefault) data.defaultVersionId = versionId;
      data.updatedAt = at;
      await c.query('UPDATE iam_entities SET data = $1 WHERE id = $2', [JSON.stringify(data), r.id]);
      return { versionId };
    });
  }

  async getPolicyVersion(policyName: string, versionId: string): Promise<PolicyVersion | undefined> {
    const r = (await rows(this.pool, `SELECT ${VERSION_COLUMNS} FROM iam_policy_versions v JOIN iam_entities e ON e.id = v.policy_id
      WHERE e.kind = 'policy' AND lower(e.name) = lower($1) AND v.version_id = $2`, [policyName, versionId]))[0];
    return r && versionFromRow(r);
  }

  async listPolicyVersions(policyName: string): Promise<PolicyVersion[]> {
    return (await rows(this.pool, `SELECT ${VERSION_COLUMNS} FROM iam_policy_versions v JOIN iam_entities e ON e.id = v.policy_id
      WHERE e.kind = 'policy' AND lower(e.name) = lower($1) ORDER BY v.created_at, CAST(substr(v.version_id, 2) AS INTEGER)`, [policyName]))
      .map(versionFromRow);
  }

  async deletePolicyVersion(policyName: string, versionId: string): Promise<'deleted' | 'missing' | 'default'> {
    return inTransaction(this.pool, async (c) => {
      const r = await this.row(c, 'policy', policyName, true);
      if (!r) return 'missing';
      if (JSON.parse(r.data as string).defaultVersionId === versionId) return 'default';
      const d = await c.query('DELETE FROM iam_policy_versions WHERE policy_id = $1 AND version_id = $2', [r.id, versionId]);
      return d.rowCount === 1 ? 'deleted' : 'missing';
    });
  }

  async setDefaultPolicyVersion(policyName: string, versionId: string, at: number): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const r = await this.row(c, 'policy', policyName, true);
      if (!r || !(await rows(c, 'SELECT 1 FROM iam_policy_versions WHERE policy_id = $1 AND version_id = $2', [r.id, versionId])).length) return false;
      const data = JSON.parse(r.data as string);
      data.defaultVersionId = versionId;
      data.updatedAt = at;
      await c.query('UPDATE iam_entities SET data = $1 WHERE id = $2', [JSON.stringify(data), r.id]);
      return true;
    });
  }

  async createAccessKey(k: AccessKey, maxPerUser: number): Promise<'created' | 'limit' | 'missing'> {
    return conflictsAs(`access key ${k.accessKeyId} exists`, () => inTransaction(this.pool, async (c) => {
      const u = await this.row(c, 'user', k.userName, true);
      if (!u) return 'missing';
      if ((await count(c, 'SELECT count(*) AS n FROM iam_access_keys WHERE user_id = $1', [u.id])) >= maxPerUser) return 'limit';
      await c.query('INSERT INTO iam_access_keys (access_key_id, user_id, sealed_secret, created_at, status) VALUES ($1, $2, $3, $4, $5)',
        [k.accessKeyId, u.id, k.sealedSecret, k.createdAt, k.status]);
      return 'created' as const;
    }));
  }

  async accessKeysOf(userName: string): Promise<AccessKey[]> {
    return (await rows(this.pool, `SELECT ${KEY_COLUMNS} FROM ${KEYS_FROM} WHERE u.kind = 'user' AND lower(u.name) = lower($1)
      ORDER BY k.created_at`, [userName])).map(accessKeyFromRow);
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKey | undefined> {
    const r = (await rows(this.pool, `SELECT ${KEY_COLUMNS} FROM ${KEYS_FROM} WHERE k.access_key_id = $1`, [accessKeyId]))[0];
    return r && accessKeyFromRow(r);
  }

  async setAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKey['status']): Promise<boolean> {
    const r = await this.pool.query(`UPDATE iam_access_keys SET status = $1 WHERE access_key_id = $2 AND user_id =
      (SELECT id FROM iam_entities WHERE kind = 'user' AND lower(name) = lower($3))`, [status, accessKeyId, userName]);
    return r.rowCount === 1;
  }

  async deleteAccessKey(userName: string, accessKeyId: string): Promise<boolean> {
    const r = await this.pool.query(`DELETE FROM iam_access_keys WHERE access_key_id = $1 AND user_id =
      (SELECT id FROM iam_entities WHERE kind = 'user' AND lower(name) = lower($2))`, [accessKeyId, userName]);
    return r.rowCount === 1;
  }

  async recordAccessKeyUse(uses: { accessKeyId: string; use: AccessKeyUse }[]): Promise<void> {
    if (uses.length === 0) return;
    await this.pool.query(`UPDATE iam_access_keys k SET last_used_at = u.at, last_used_service = u.service, last_used_region = u.region
      FROM jsonb_to_recordset($1::jsonb) AS u(id text, at bigint, service text, region text)
      WHERE k.access_key_id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)`,
    [JSON.stringify(uses.map(({ accessKeyId, use }) => ({ id: accessKeyId, ...use })))]);
  }
}
