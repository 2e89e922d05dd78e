// The SQLite identity store (src/identity/ports.ts): IAM entities and their relations in the migration-8 tables.
// better-sqlite3 is synchronous; transactions are IMMEDIATE so checks and writes happen under the write lock.
import type Database from 'better-sqlite3';
import { StoreConflictError, type Page } from '../../core/ports.js';
import type { DeleteBlocker, IdentityRows, IdentityStore, InlineQuota, ListOptions } from '../../identity/ports.js';
import type { AccessKey, AccessKeyUse, Attachment, Entity, EntityKind, InlinePolicy, OwnerKind, PolicyVersion } from '../../identity/model.js';
import {
  accessKeyFromRow, aggregateSize, entityFromRow, entityParams, namePage, pathLike, versionFromRow, type Row,
} from '../identity-rows.js';

const KEY_COLUMNS = `k.access_key_id, u.name AS user_name, k.status, k.created_at, k.sealed_secret, k.last_used_at,
  k.last_used_service, k.last_used_region`;

function prepare(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    allEntities: p('SELECT * FROM iam_entities'),
    allMembers: p(`SELECT g.name AS group_name, u.name AS user_name FROM iam_group_members m
      JOIN iam_entities g ON g.id = m.group_id JOIN iam_entities u ON u.id = m.user_id`),
    allInline: p('SELECT e.kind, e.name, i.policy_name, i.document FROM iam_inline_policies i JOIN iam_entities e ON e.id = i.owner_id'),
    allAttachments: p('SELECT e.kind, e.name, a.policy_arn FROM iam_attachments a JOIN iam_entities e ON e.id = a.owner_id'),
    allDefaults: p(`SELECT e.arn AS policy_arn, v.version_id, v.document, v.created_at FROM iam_policy_versions v
      JOIN iam_entities e ON e.id = v.policy_id WHERE v.version_id = json_extract(e.data, '$.defaultVersionId')`),
    allKeys: p(`SELECT ${KEY_COLUMNS} FROM iam_access_keys k JOIN iam_entities u ON u.id = k.user_id`),
    insertEntity: p('INSERT INTO iam_entities (id, kind, name, path, arn, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    entity: p('SELECT * FROM iam_entities WHERE kind = ? AND lower(name) = lower(?)'),
    listEntities: p(`SELECT * FROM iam_entities WHERE kind = ? AND lower(name) > ? AND path LIKE ? ESCAPE '\\'
      ORDER BY lower(name) LIMIT ?`),
    updateData: p('UPDATE iam_entities SET data = ? WHERE kind = ? AND lower(name) = lower(?)'),
    deleteEntity: p('DELETE FROM iam_entities WHERE id = ?'),
    countKeys: p('SELECT count(*) AS n FROM iam_access_keys WHERE user_id = ?'),
    countInline: p('SELECT count(*) AS n FROM iam_inline_policies WHERE owner_id = ?'),
    countAttached: p('SELECT count(*) AS n FROM iam_attachments WHERE owner_id = ?'),
    countMembers: p('SELECT count(*) AS n FROM iam_group_members WHERE group_id = ?'),
    countGroups: p('SELECT count(*) AS n FROM iam_group_members WHERE user_id = ?'),
    countVersions: p('SELECT count(*) AS n FROM iam_policy_versions WHERE policy_id = ?'),
    countPolicyAttachments: p('SELECT count(*) AS n FROM iam_attachments WHERE policy_arn = ?'),
    addMember: p('INSERT INTO iam_group_members (group_id, user_id) VALUES (?, ?)'),
    isMember: p('SELECT 1 FROM iam_group_members WHERE group_id = ? AND user_id = ?'),
    removeMember: p('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?'),
    members: p(`SELECT u.* FROM iam_group_members m JOIN iam_entities u ON u.id = m.user_id
      WHERE m.group_id = ? AND lower(u.name) > ? ORDER BY lower(u.name) LIMIT ?`),
    groupsOf: p(`SELECT g.* FROM iam_group_members m JOIN iam_entities g ON g.id = m.group_id
      WHERE m.user_id = ? AND lower(g.name) > ? ORDER BY lower(g.name) LIMIT ?`),
    deleteInline: p('DELETE FROM iam_inline_policies WHERE owner_id = ? AND lower(policy_name) = lower(?)'),
    insertInline: p('INSERT INTO iam_inline_policies (owner_id, policy_name, document) VALUES (?, ?, ?)'),
    inline: p('SELECT policy_name, document FROM iam_inline_policies WHERE owner_id = ? AND lower(policy_name) = lower(?)'),
    otherInline: p('SELECT document FROM iam_inline_policies WHERE owner_id = ? AND lower(policy_name) <> lower(?)'),
    listInline: p(`SELECT policy_name FROM iam_inline_policies WHERE owner_id = ? AND lower(policy_name) > ?
      ORDER BY lower(policy_name) LIMIT ?`),
    attach: p('INSERT OR IGNORE INTO iam_attachments (owner_id, policy_arn) VALUES (?, ?)'),
    isAttached: p('SELECT 1 FROM iam_attachments WHERE owner_id = ? AND policy_arn = ?'),
    detach: p('DELETE FROM iam_attachments WHERE owner_id = ? AND policy_arn = ?'),
    attached: p('SELECT policy_arn FROM iam_attachments WHERE owner_id = ? AND policy_arn > ? ORDER BY policy_arn LIMIT ?'),
    insertVersion: p('INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at) VALUES (?, ?, ?, ?)'),
    version: p(`SELECT e.arn AS policy_arn, v.* FROM iam_policy_versions v JOIN iam_entities e ON e.id = v.policy_id
      WHERE v.policy_id = ? AND v.version_id = ?`),
    versions: p(`SELECT e.arn AS policy_arn, v.* FROM iam_policy_versions v JOIN iam_entities e ON e.id = v.policy_id
      WHERE v.policy_id = ? ORDER BY v.created_at, CAST(substr(v.version_id, 2) AS INTEGER)`),
    deleteVersion: p('DELETE FROM iam_policy_versions WHERE policy_id = ? AND version_id = ?'),
    insertKey: p('INSERT INTO iam_access_keys (access_key_id, user_id, sealed_secret, created_at, status) VALUES (?, ?, ?, ?, ?)'),
    keysOf: p(`SELECT ${KEY_COLUMNS} FROM iam_access_keys k JOIN iam_entities u ON u.id = k.user_id WHERE k.user_id = ? ORDER BY k.created_at`),
    key: p(`SELECT ${KEY_COLUMNS} FROM iam_access_keys k JOIN iam_entities u ON u.id = k.user_id WHERE k.access_key_id = ?`),
    setStatus: p('UPDATE iam_access_keys SET status = ? WHERE user_id = ? AND access_key_id = ?'),
    deleteKey: p('DELETE FROM iam_access_keys WHERE user_id = ? AND access_key_id = ?'),
    recordUse: p(`UPDATE iam_access_keys SET last_used_at = ?, last_used_service = ?, last_used_region = ?
      WHERE access_key_id = ? AND (last_used_at IS NULL OR last_used_at < ?)`),
  };
}

const n = (stmt: Database.Statement, ...args: unknown[]) => (stmt.get(...args) as Row).n as number;

export class SqliteIdentityStore implements IdentityStore {
  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: Database.Database) {
    this.s = prepare(db);
  }

  private tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private row(kind: EntityKind, name: string): Row | undefined {
    return this.s.entity.get(kind, name) as Row | undefined;
  }

  async snapshot(): Promise<IdentityRows> {
    return this.db.transaction(() => ({
      entities: (this.s.allEntities.all() as Row[]).map(entityFromRow),
      memberships: (this.s.allMembers.all() as Row[]).map((r) => ({ groupName: r.group_name as string, userName: r.user_name as string })),
      inline: (this.s.allInline.all() as Row[]).map((r) => ({
        ownerKind: r.kind as OwnerKind, ownerName: r.name as string, policyName: r.policy_name as string, document: r.document as string,
      })),
      attachments: (this.s.allAttachments.all() as Row[]).map((r) => ({ ownerKind: r.kind as OwnerKind, ownerName: r.name as string, policyArn: r.policy_arn as string })),
      defaultVersions: (this.s.allDefaults.all() as Row[]).map(versionFromRow),
      accessKeys: (this.s.allKeys.all() as Row[]).map(accessKeyFromRow),
    }))();
  }

  async createEntity(e: Entity, firstVersion?: PolicyVersion): Promise<void> {
    try {
      this.tx(() => {
        this.s.insertEntity.run(...entityParams(e));
        if (firstVersion) this.s.insertVersion.run(e.id, firstVersion.versionId, firstVersion.document, firstVersion.createdAt);
      });
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new StoreConflictError(`${e.kind} ${e.name} exists`);
      throw err;
    }
  }

  async getEntity<K extends EntityKind>(kind: K, name: string): Promise<Entity<K> | undefined> {
    const r = this.row(kind, name);
    return r && (entityFromRow(r) as Entity<K>);
  }

  async listEntities<K extends EntityKind>(kind: K, o: ListOptions): Promise<Page<Entity<K>>> {
    const rows = this.s.listEntities.all(kind, o.after ?? '', pathLike(o.pathPrefix), o.limit + 1) as Row[];
    return namePage(rows, o.limit, (r) => entityFromRow(r) as Entity<K>, (r) => r.name as string);
  }

  async updateEntityData(kind: EntityKind, name: string, data: Entity['data']): Promise<boolean> {
    return this.s.updateData.run(JSON.stringify(data), kind, name).changes === 1;
  }

  async deleteEntity(kind: EntityKind, name: string): Promise<'deleted' | 'missing' | DeleteBlocker> {
    return this.tx(() => {
      const r = this.row(kind, name);
      if (!r) return 'missing';
      const blocker = this.blocker(kind, r);
      if (blocker) return blocker;
      this.s.deleteEntity.run(r.id);
      return 'deleted';
    });
  }

  /** What IAM requires gone before an entity of `kind` can be deleted (IAM's DeleteUser, DeleteGroup, ... pages). */
  private blocker(kind: EntityKind, r: Row): DeleteBlocker | undefined {
    const id = r.id;
    if (kind === 'user' && n(this.s.countKeys, id) > 0) return 'access-keys';
    if (kind !== 'policy' && n(this.s.countInline, id) > 0) return 'inline-policies';
    if (kind !== 'policy' && n(this.s.countAttached, id) > 0) return 'attachments';
    if (kind === 'user' && n(this.s.countGroups, id) > 0) return 'groups';
    if (kind === 'group' && n(this.s.countMembers, id) > 0) return 'group-members';
    if (kind === 'policy' && n(this.s.countPolicyAttachments, r.arn) > 0) return 'attachments';
    if (kind === 'policy' && n(this.s.countVersions, id) > 1) return 'policy-versions';
    return undefined;
  }

  async addMember(groupName: string, userName: string, maxGroupsPerUser: number): Promise<'added' | 'limit' | 'missing-group' | 'missing-user'> {
    return this.tx(() => {
      const g = this.row('group', groupName);
      if (!g) return 'missing-group';
      const u = this.row('user', userName);
      if (!u) return 'missing-user';
      if (this.s.isMember.get(g.id, u.id)) return 'added';
      if (n(this.s.countGroups, u.id) >= maxGroupsPerUser) return 'limit';
      this.s.addMember.run(g.id, u.id);
      return 'added';
    });
  }

  async removeMember(groupName: string, userName: string): Promise<boolean> {
    return this.tx(() => {
      const g = this.row('group', groupName);
      const u = this.row('user', userName);
      return !!g && !!u && this.s.removeMember.run(g.id, u.id).changes === 1;
    });
  }

  async groupMembers(groupName: string, o: ListOptions): Promise<Page<Entity<'user'>>> {
    const g = this.row('group', groupName);
    const rows = g ? (this.s.members.all(g.id, o.after ?? '', o.limit + 1) as Row[]) : [];
    return namePage(rows, o.limit, (r) => entityFromRow(r) as Entity<'user'>, (r) => r.name as string);
  }

  async groupsOf(userName: string, o: ListOptions): Promise<Page<Entity<'group'>>> {
    const u = this.row('user', userName);
    const rows = u ? (this.s.groupsOf.all(u.id, o.after ?? '', o.limit + 1) as Row[]) : [];
    return namePage(rows, o.limit, (r) => entityFromRow(r) as Entity<'group'>, (r) => r.name as string);
  }

  async putInlinePolicy(p: InlinePolicy, quota: InlineQuota): Promise<'stored' | 'limit' | 'missing'> {
    return this.tx(() => {
      const owner = this.row(p.ownerKind, p.ownerName);
      if (!owner) return 'missing';
      const others = (this.s.otherInline.all(owner.id, p.policyName) as Row[]).map((r) => r.document as string);
      if (aggregateSize(quota, p.document, others) > quota.maxChars) return 'limit';
      this.s.deleteInline.run(owner.id, p.policyName);
      this.s.insertInline.run(owner.id, p.policyName, p.document);
      return 'stored';
    });
  }

  async getInlinePolicy(ownerKind: OwnerKind, ownerName: string, policyName: string): Promise<InlinePolicy | undefined> {
    const owner = this.row(ownerKind, ownerName);
    const r = owner && (this.s.inline.get(owner.id, policyName) as Row | undefined);
    return r ? { ownerKind, ownerName: owner!.name as string, policyName: r.policy_name as string, document: r.document as string } : undefined;
  }

  async deleteInlinePolicy(ownerKind: OwnerKind, ownerName: string, policyName: string): Promise<boolean> {
    const owner = this.row(ownerKind, ownerName);
    return !!owner && this.s.deleteInline.run(owner.id, policyName).changes === 1;
  }

  async listInlinePolicies(ownerKind: OwnerKind, ownerName: string, o: ListOptions): Promise<Page<string>> {
    const owner = this.row(ownerKind, ownerName);
    const rows = owner ? (this.s.listInline.all(owner.id, o.after ?? '', o.limit + 1) as Row[]) : [];
    return namePage(rows, o.limit, (r) => r.policy_name as string, (r) => r.policy_name as string);
  }

  async attach(a: Attachment, maxPerOwner: number): Promise<'attached' | 'limit' | 'missing-owner'> {
    return this.tx(() => {
      const owner = this.row(a.ownerKind, a.ownerName);
      if (!owner) return 'missing-owner';
      if (this.s.isAttached.get(owner.id, a.policyArn)) return 'attached';
      if (n(this.s.countAttached, owner.id) >= maxPerOwner) return 'limit';
      this.s.attach.run(owner.id, a.policyArn);
      return 'attached';
    });
  }

  async detach(a: Attachment): Promise<boolean> {
    const owner = this.row(a.ownerKind, a.ownerName);
    return !!owner && this.s.detach.run(owner.id, a.policyArn).changes === 1;
  }

  async attachedTo(ownerKind: OwnerKind, ownerName: string, o: ListOptions): Promise<Page<string>> {
    const owner = this.row(ownerKind, ownerName);
    const rows = owner ? (this.s.attached.all(owner.id, o.after ?? '', o.limit + 1) as Row[]) : [];
    const items = rows.slice(0, o.limit).map((r) => r.policy_arn as string);
    return { items, next: rows.length > o.limit ? items[items.length - 1] : undefined };
  }

  async attachmentCount(policyArn: string): Promise<number> {
    return n(this.s.countPolicyAttachments, policyArn);
  }

  async addPolicyVersion(policyName: string, document: string, makeDefault: boolean, maxVersions: number, at: number): Promise<{ versionId: string } | 'limit' | 'missing'> {
    return this.tx(() => {
      const r = this.row('policy', policyName);
      if (!r) return 'missing' as const;
      if (n(this.s.countVersions, r.id) >= maxVersions) return 'limit' as const;
      const data = JSON.parse(r.data as string);
      data.lastVersion = (data.lastVersion ?? 1) + 1;
      const versionId = `v${data.lastVersion}`;
      this.s.insertVersion.run(r.id, versionId, document, at);
      if (makeDefault) data.defaultVersionId = versionId;
      data.updatedAt = at;
      this.s.updateData.run(JSON.stringify(data), 'policy', policyName);
      return { versionId };
    });
  }

  async getPolicyVersion(policyName: string, versionId: string): Promise<PolicyVersion | undefined> {
    const r = this.row('policy', policyName);
    const v = r && (this.s.version.get(r.id, versionId) as Row | undefined);
    return v ? versionFromRow(v) : undefined;
  }

  async listPolicyVersions(policyName: string): Promise<PolicyVersion[]> {
    const r = this.row('policy', policyName);
    return r ? (this.s.versions.all(r.id) as Row[]).map(versionFromRow) : [];
  }

  async deletePolicyVersion(policyName: string, versionId: string): Promise<'deleted' | 'missing' | 'default'> {
    return this.tx(() => {
      const r = this.row('policy', policyName);
      if (!r) return 'missing';
      if (JSON.parse(r.data as string).defaultVersionId === versionId) return 'default';
      return this.s.deleteVersion.run(r.id, versionId).changes === 1 ? 'deleted' : 'missing';
    });
  }

  async setDefaultPolicyVersion(policyName: string, versionId: string, at: number): Promise<boolean> {
    return this.tx(() => {
      const r = this.row('policy', policyName);
      if (!r || !this.s.version.get(r.id, versionId)) return false;
      const data = JSON.parse(r.data as string);
      data.defaultVersionId = versionId;
      data.updatedAt = at;
      return this.s.updateData.run(JSON.stringify(data), 'policy', policyName).changes === 1;
    });
  }

  async createAccessKey(k: AccessKey, maxPerUser: number): Promise<'created' | 'limit' | 'missing'> {
    return this.tx(() => {
      const u = this.row('user', k.userName);
      if (!u) return 'missing';
      if (n(this.s.countKeys, u.id) >= maxPerUser) return 'limit';
      try {
        this.s.insertKey.run(k.accessKeyId, u.id, k.sealedSecret, k.createdAt, k.status);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new StoreConflictError(`access key ${k.accessKeyId} exists`);
        throw err;
      }
      return 'created';
    });
  }

  async accessKeysOf(userName: string): Promise<AccessKey[]> {
    const u = this.row('user', userName);
    return u ? (this.s.keysOf.all(u.id) as Row[]).map(accessKeyFromRow) : [];
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKey | undefined> {
    const r = this.s.key.get(accessKeyId) as Row | undefined;
    return r && accessKeyFromRow(r);
  }

  async setAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKey['status']): Promise<boolean> {
    const u = this.row('user', userName);
    return !!u && this.s.setStatus.run(status, u.id, accessKeyId).changes === 1;
  }

  async deleteAccessKey(userName: string, accessKeyId: string): Promise<boolean> {
    const u = this.row('user', userName);
    return !!u && this.s.deleteKey.run(u.id, accessKeyId).changes === 1;
  }

  async recordAccessKeyUse(uses: { accessKeyId: string; use: AccessKeyUse }[]): Promise<void> {
    this.tx(() => {
      for (const { accessKeyId, use } of uses) this.s.recordUse.run(use.at, use.service, use.region, accessKeyId, use.at);
    });
  }
}
