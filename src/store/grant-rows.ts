// Row ↔ domain mapping of the grants table, the same in both stores (text columns; operations and constraints as JSON;
// created_at through Number() because node-postgres returns BIGINT as a string).
import type { GrantRecord } from '../core/model.js';

type Row = Record<string, unknown>;
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

/** The columns of `grants` (without seq) in a fixed order, matching grantParams. */
export const GRANT_COLUMNS = [
  'grant_id', 'key_id', 'name', 'fingerprint', 'created_at', 'grantee_principal', 'grantee_service_principal',
  'retiring_principal', 'retiring_service_principal', 'issuing_account', 'operations', 'constraints',
] as const;

export function grantParams(g: GrantRecord): unknown[] {
  return [
    g.grantId, g.keyId, g.name ?? null, g.fingerprint ?? null, g.createdAt, g.granteePrincipal ?? null,
    g.granteeServicePrincipal ?? null, g.retiringPrincipal ?? null, g.retiringServicePrincipal ?? null,
    g.issuingAccount, JSON.stringify(g.operations), g.constraints ? JSON.stringify(g.constraints) : null,
  ];
}

export function grantFromRow(r: Row): GrantRecord {
  return {
    grantId: r.grant_id as string, keyId: r.key_id as string, name: opt(r.name), fingerprint: opt(r.fingerprint),
    createdAt: Number(r.created_at), granteePrincipal: opt(r.grantee_principal),
    granteeServicePrincipal: opt(r.grantee_service_principal), retiringPrincipal: opt(r.retiring_principal),
    retiringServicePrincipal: opt(r.retiring_service_principal), issuingAccount: r.issuing_account as string,
    operations: JSON.parse(r.operations as string) as string[],
    constraints: r.constraints === null || r.constraints === undefined ? undefined : JSON.parse(r.constraints as string),
  };
}
