// A request is bound to one exact call: SHA-256 of the canonical JSON of (operation, caller principal ARN, the
// validated request parameters). Canonical JSON here is RFC 8785's idea in the form the wire allows: object members
// sorted by code unit, no whitespace, blobs (Buffers) as base64 strings tagged so they cannot equal a string member.
import { createHash } from 'node:crypto';

function canonical(value: unknown, blob: (b: Buffer) => unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return blob(Buffer.from(value));
  if (Array.isArray(value)) return value.map((v) => canonical(v, blob));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v, blob);
    }
    return out;
  }
  return value;
}

/** The canonical JSON text of a value, blobs written as {"$blob": base64}. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value, (b) => ({ $blob: b.toString('base64') })));
}

/** The binding hash (hex) of a call. */
export function bindingHash(operation: string, principalArn: string, parameters: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson({ operation, principal: principalArn, parameters })).digest('hex');
}

/**
 * The parameters as approvers are shown them (canonical JSON): a blob (wrapped key material, an import token) appears
 * only as its SHA-256, so no material reaches a listing, a webhook or an audit record.
 */
export function displayParameters(parameters: Record<string, unknown>): { text: string; hasBlobs: boolean } {
  let hasBlobs = false;
  const text = JSON.stringify(canonical(parameters, (b) => {
    hasBlobs = true;
    return { $blobSha256: createHash('sha256').update(b).digest('hex') };
  }));
  return { text, hasBlobs };
}
