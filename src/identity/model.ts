// The identity model: IAM users, groups, roles, inline and managed policies, access keys, as Keyward stores them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id.html
import type { Tag } from '../core/model.js';

/** The three IAM entity kinds that are principals or hold policies (managed policies are entities too). */
export type EntityKind = 'user' | 'group' | 'role' | 'policy';
/** The kinds that own inline policies and attachments. */
export type OwnerKind = 'user' | 'group' | 'role';

export interface IamTag { Key: string; Value: string }

/** A user, group, role or managed policy: its name, unique id, path and ARN, and the kind's own facts. */
export interface Entity<K extends EntityKind = EntityKind> {
  kind: K;
  name: string;
  /** AWS's unique id: AIDA… (user), AGPA… (group), AROA… (role), ANPA… (policy). */
  id: string;
  path: string;
  arn: string;
  createdAt: number;
  data: K extends 'role' ? RoleData : K extends 'policy' ? PolicyData : K extends 'user' ? UserData : GroupData;
}

export interface UserData { tags: IamTag[]; permissionsBoundary?: string | undefined }
export type GroupData = Record<string, never>;
export interface RoleData {
  tags: IamTag[];
  /** The trust policy, as the caller sent it. */
  assumeRolePolicy: string;
  description?: string | undefined;
  /** Seconds, 3600-43200. */
  maxSessionDuration: number;
  permissionsBoundary?: string | undefined;
}
export interface PolicyData {
  description?: string | undefined;
  defaultVersionId: string;
  /** The highest version number the policy ever had (v1 first): version ids are not reused. */
  lastVersion: number;
  updatedAt: number;
  tags: IamTag[];
}

export type User = Entity<'user'>;
export type Group = Entity<'group'>;
export type Role = Entity<'role'>;
export type ManagedPolicy = Entity<'policy'>;

export interface InlinePolicy {
  ownerKind: OwnerKind;
  ownerName: string;
  policyName: string;
  document: string;
}

export interface PolicyVersion {
  policyArn: string;
  /** v1, v2, ... */
  versionId: string;
  document: string;
  createdAt: number;
}

export interface Attachment {
  ownerKind: OwnerKind;
  ownerName: string;
  policyArn: string;
}

export interface AccessKey {
  accessKeyId: string;
  userName: string;
  status: 'Active' | 'Inactive';
  createdAt: number;
  /** The secret access key, barrier-encrypted (SigV4 needs the secret itself). */
  sealedSecret: Buffer;
  lastUsed?: AccessKeyUse | undefined;
}

export interface AccessKeyUse {
  at: number;
  service: string;
  region: string;
}

export type { Tag };
