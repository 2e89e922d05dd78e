// Row ↔ identity model mapping shared by both stores (src/identity/model.ts): entities keep their kind's facts as JSON
// text; BIGINT columns arrive as strings from node-postgres and go through Number().
import type { Page } from '../core/ports.js';
import type { InlineQuota } from '../identity/ports.js';
import type { AccessKey, Entity, PolicyVersion } from '../identity/model.js';

export type Row = Record<string, unknown>;

export function entityFromRow(r: Row): Entity {
  return {
    kind: r.kind as Entity['kind'], name: r.name as string, id: r.id as string, path: r.path as string, arn: r.arn as string,
    createdAt: Number(r.created_at), data: JSON.parse(r.data as string),
  } as Entity;
}

export function entityParams(e: Entity): unknown[] {
  return [e.id, e.kind, e.name, e.path, e.arn, e.createdAt, JSON.stringify(e.data)];
}

export function accessKeyFromRow(r: Row): AccessKey {
  const k: AccessKey = {
    accessKeyId: r.access_key_id as string, userName: r.user_name as string, status: r.status as AccessKey['status'],
    createdAt: Number(r.created_at), sealedSecret: r.sealed_secret as Buffer,
  };
  if (r.last_used_at !== null && r.last_used_at !== undefined) {
    k.lastUsed = { at: Number(r.last_used_at), service: r.last_used_service as string, region: r.last_used_region as string };
  }
  return k;
}

export function versionFromRow(r: Row): PolicyVersion {
  return { policyArn: r.policy_arn as string, versionId: r.version_id as string, document: r.document as string, createdAt: Number(r.created_at) };
}

/** A page of rows ordered by lower(name): fetched limit + 1, the position is the last name returned. */
export function namePage<T>(rows: Row[], limit: number, map: (r: Row) => T, nameOf: (r: Row) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items: items.map(map), next: rows.length > limit ? nameOf(items[items.length - 1]!).toLowerCase() : undefined };
}

/** The SQL LIKE pattern of an IAM path prefix (paths contain no LIKE wildcards but `_`; escaped with backslash). */
export const pathLike = (prefix: string | undefined): string => (prefix ?? '/').replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

/** The size an owner's inline policies would total with `document` added next to `others` (IAM's aggregate quota). */
export const aggregateSize = (quota: InlineQuota, document: string, others: string[]): number =>
  others.reduce((sum, d) => sum + quota.size(d), quota.size(document));
