// IAM's response structures (User, Group, Role, Policy, AccessKeyMetadata) from the stored entities, with the members
// each operation's documentation says it returns (List* leave out Tags, RoleLastUsed and PermissionsBoundary).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Types.html
import type { AccessKey, Entity } from '../model.js';

const base = (e: Entity, nameMember: string, idMember: string) => ({
  Path: e.path, [nameMember]: e.name, [idMember]: e.id, Arn: e.arn, CreateDate: e.createdAt,
});

const tags = (t: { Key: string; Value: string }[]) => (t.length > 0 ? { Tags: t } : {});

export function userView(u: Entity<'user'>, full = false): Record<string, unknown> {
  const out = base(u, 'UserName', 'UserId');
  if (!full) return out;
  return { ...out, ...(u.data.permissionsBoundary ? { PermissionsBoundary: boundary(u.data.permissionsBoundary) } : {}), ...tags(u.data.tags) };
}

export const groupView = (g: Entity<'group'>): Record<string, unknown> => base(g, 'GroupName', 'GroupId');

export function roleView(r: Entity<'role'>, full = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...base(r, 'RoleName', 'RoleId'), AssumeRolePolicyDocument: r.data.assumeRolePolicy,
    ...(r.data.description !== undefined ? { Description: r.data.description } : {}), MaxSessionDuration: r.data.maxSessionDuration,
  };
  if (!full) return out;
  return { ...out, ...(r.data.permissionsBoundary ? { PermissionsBoundary: boundary(r.data.permissionsBoundary) } : {}), ...tags(r.data.tags), RoleLastUsed: {} };
}

const boundary = (arn: string) => ({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn });

export interface PolicyFacts {
  name: string; id: string; arn: string; path: string; defaultVersionId: string; attachmentCount: number;
  description?: string | undefined; createdAt: number; updatedAt: number; tags?: { Key: string; Value: string }[];
}

export function policyView(p: PolicyFacts, full = false): Record<string, unknown> {
  return {
    PolicyName: p.name, PolicyId: p.id, Arn: p.arn, Path: p.path, DefaultVersionId: p.defaultVersionId,
    AttachmentCount: p.attachmentCount, PermissionsBoundaryUsageCount: 0, IsAttachable: true,
    ...(full && p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: p.createdAt, UpdateDate: p.updatedAt, ...(full && p.tags ? tags(p.tags) : {}),
  };
}

export const managedPolicyFacts = (p: Entity<'policy'>, attachmentCount: number): PolicyFacts => ({
  name: p.name, id: p.id, arn: p.arn, path: p.path, defaultVersionId: p.data.defaultVersionId, attachmentCount,
  description: p.data.description, createdAt: p.createdAt, updatedAt: p.data.updatedAt, tags: p.data.tags,
});

export const accessKeyMetadata = (k: AccessKey): Record<string, unknown> => ({
  UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createdAt,
});
