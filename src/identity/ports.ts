// What identity needs from storage: IAM entities (users, groups, roles, managed policies), their relations (group
// membership, inline policies, attachments, policy versions) and access keys. Writes that must hold together (a delete
// that must find nothing still attached, a version limit, an access-key quota) are single methods: one transaction.
// Every change is announced on the store's change feed as the marker `iam:` (IDENTITY_CHANGE).
import type { Page } from '../core/ports.js';
import type { AccessKey, AccessKeyUse, Attachment, Entity, EntityKind, InlinePolicy, OwnerKind, PolicyVersion } from './model.js';

/** The change-feed marker of any identity change (key ids never start with it). */
export const IDENTITY_CHANGE = 'iam:';

/** What still refers to an entity, when a delete is refused (IAM's DeleteConflict cases). */
export type DeleteBlocker = 'access-keys' | 'inline-policies' | 'attachments' | 'group-members' | 'groups' | 'policy-versions';

/** Everything identity holds, read at once: each node keeps this snapshot in memory (src/identity/directory.ts). */
export interface IdentityRows {
  entities: Entity[];
  memberships: { groupName: string; userName: string }[];
  inline: InlinePolicy[];
  attachments: Attachment[];
  /** The default version of every customer managed policy. */
  defaultVersions: PolicyVersion[];
  accessKeys: AccessKey[];
}

/** IAM's limit on the aggregate size of an owner's inline policies, and how a document's size is counted. */
export interface InlineQuota {
  maxChars: number;
  size(document: string): number;
}

export interface ListOptions {
  limit: number;
  after?: string | undefined;
  pathPrefix?: string | undefined;
}

export interface IdentityStore {
  snapshot(): Promise<IdentityRows>;

  /** Creates an entity; StoreConflictError when one of its kind has the name (case-insensitively), as IAM. */
  createEntity(e: Entity, firstVersion?: PolicyVersion): Promise<void>;
  /** The entity of this kind and name (names compare case-insensitively). */
  getEntity<K extends EntityKind>(kind: K, name: string): Promise<Entity<K> | undefined>;
  /** Entities of a kind by name, after a position of an earlier page, optionally under a path prefix. */
  listEntities<K extends EntityKind>(kind: K, opts: ListOptions): Promise<Page<Entity<K>>>;
  /** Replaces an entity's data (tags, trust policy, ...); false if it no longer exists. */
  updateEntityData(kind: EntityKind, name: string, data: Entity['data']): Promise<boolean>;
  /**
   * Deletes an entity in one transaction unless something still refers to it (then what does), with its remaining
   * dependants (a policy's default version, a role's nothing-else); 'missing' when it does not exist.
   */
  deleteEntity(kind: EntityKind, name: string): Promise<'deleted' | 'missing' | DeleteBlocker>;

  /** Adds a user to a group unless the user is in `maxGroupsPerUser` groups already (a member already: 'added'). */
  addMember(groupName: string, userName: string, maxGroupsPerUser: number): Promise<'added' | 'limit' | 'missing-group' | 'missing-user'>;
  removeMember(groupName: string, userName: string): Promise<boolean>;
  /** The users of a group, or the groups of a user, by name. */
  groupMembers(groupName: string, opts: ListOptions): Promise<Page<Entity<'user'>>>;
  groupsOf(userName: string, opts: ListOptions): Promise<Page<Entity<'group'>>>;

  /**
   * Creates or replaces an inline policy unless the owner's inline policies would then total more than `quota.maxChars`
   * as `quota.size` counts them (IAM's aggregate quota per user, group or role); 'missing' if the owner does not exist.
   */
  putInlinePolicy(p: InlinePolicy, quota: InlineQuota): Promise<'stored' | 'limit' | 'missing'>;
  getInlinePolicy(ownerKind: OwnerKind, ownerName: string, policyName: string): Promise<InlinePolicy | undefined>;
  deleteInlinePolicy(ownerKind: OwnerKind, ownerName: string, policyName: string): Promise<boolean>;
  listInlinePolicies(ownerKind: OwnerKind, ownerName: string, opts: ListOptions): Promise<Page<string>>;

  /** Attaches a managed policy unless the owner has `maxPerOwner` already; AWS managed policies need no row. */
  attach(a: Attachment, maxPerOwner: number): Promise<'attached' | 'limit' | 'missing-owner'>;
  detach(a: Attachment): Promise<boolean>;
  attachedTo(ownerKind: OwnerKind, ownerName: string, opts: ListOptions): Promise<Page<string>>;
  /** How many owners have the policy attached. */
  attachmentCount(policyArn: string): Promise<number>;

  /**
   * Adds a version to a customer managed policy unless it has `maxVersions` ('limit'), numbered after the highest it
   * ever had (ids are never reused); with `makeDefault` it becomes the default. One transaction; returns the version id.
   */
  addPolicyVersion(policyName: string, document: string, makeDefault: boolean, maxVersions: number, at: number): Promise<{ versionId: string } | 'limit' | 'missing'>;
  getPolicyVersion(policyName: string, versionId: string): Promise<PolicyVersion | undefined>;
  listPolicyVersions(policyName: string): Promise<PolicyVersion[]>;
  /** Deletes a non-default version: 'default' when it is the default one. */
  deletePolicyVersion(policyName: string, versionId: string): Promise<'deleted' | 'missing' | 'default'>;
  setDefaultPolicyVersion(policyName: string, versionId: string, at: number): Promise<boolean>;

  /** Creates an access key for a user unless the user has `maxPerUser` keys already. */
  createAccessKey(k: AccessKey, maxPerUser: number): Promise<'created' | 'limit' | 'missing'>;
  accessKeysOf(userName: string): Promise<AccessKey[]>;
  getAccessKey(accessKeyId: string): Promise<AccessKey | undefined>;
  setAccessKeyStatus(userName: string, accessKeyId: string, status: AccessKey['status']): Promise<boolean>;
  deleteAccessKey(userName: string, accessKeyId: string): Promise<boolean>;
  /** Records the latest use of access keys (batched by each node; an older use never overwrites a newer one). */
  recordAccessKeyUse(uses: { accessKeyId: string; use: AccessKeyUse }[]): Promise<void>;
}
