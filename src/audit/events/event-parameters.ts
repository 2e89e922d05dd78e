// requestParameters and responseElements of an audit event: the operation's input or output with the member names in
// CloudTrail's lowerCamelCase, blobs and secrets left out and sensitive values HMAC'd (rules: sensitive-members.ts).
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
import type { AuditHasher } from './audit-hasher.js';
import { HASHED_MEMBERS, OMITTED_MEMBERS } from './sensitive-members.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const camel = new Map<string, string>();
/** `KeyId` → `keyId`, `GrantTokens` → `grantTokens` (memoised: the same few dozen names come every request). */
function camelCase(name: string): string {
  let c = camel.get(name);
  if (c === undefined) {
    c = name.length > 0 && name[0] !== name[0]!.toLowerCase() ? name[0]!.toLowerCase() + name.slice(1) : name;
    if (camel.size < 4096) camel.set(name, c);
  }
  return c;
}

function hashed(value: unknown, hasher: AuditHasher): Json {
  if (typeof value === 'string') return hasher.hash(value);
  if (Array.isArray(value)) return value.map((v) => hashed(v, hasher));
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(value)) out[k] = hashed((value as Record<string, unknown>)[k], hasher);
    return out;
  }
  return null;
}

function plain(value: unknown, hasher: AuditHasher): Json | undefined {
  if (value === undefined || Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => plain(v, hasher) ?? null);
  if (typeof value === 'object') return members(value as Record<string, unknown>, hasher);
  return undefined;
}

function members(obj: Record<string, unknown>, hasher: AuditHasher): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const name of Object.keys(obj)) {
    if (OMITTED_MEMBERS.has(name)) continue;
    const value = obj[name];
    const v = HASHED_MEMBERS.has(name) ? hashed(value, hasher) : plain(value, hasher);
    if (v !== undefined) out[camelCase(name)] = v;
  }
  return out;
}

/** The parameters as an audit event records them; null when there are none (CloudTrail writes null). */
export function eventParameters(params: Record<string, unknown> | undefined, hasher: AuditHasher): { [k: string]: Json } | null {
  if (!params) return null;
  const out = members(params, hasher);
  for (const _ in out) return out;
  return null;
}
