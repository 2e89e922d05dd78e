// The AWS KMS JSON 1.1 API (TrentService) and Keyward's extension API (KeywardService), signed with the session's
// credentials. An expired or revoked session signs the user out rather than failing every call after it.
import { session, signOut } from './session.js';
import { ApiError, signedPost } from './signed-fetch.js';

const SESSION_ERRORS = new Set(['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException']);

async function call(prefix, operation, input = {}) {
  const s = session();
  if (!s) throw new ApiError('NotSignedIn', 'Sign in first.', 0);
  const res = await signedPost({
    credentials: s.credentials, region: s.region, service: 'kms', body: JSON.stringify(input),
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${prefix}.${operation}` },
  });
  const text = await res.text();
  const out = text ? JSON.parse(text) : {};
  if (res.ok) return out;
  const code = String(out.__type ?? `HTTP${res.status}`).split('#').pop();
  const err = new ApiError(code, out.message ?? out.Message ?? res.statusText, res.status);
  if (SESSION_ERRORS.has(code) && session() === s) signOut(`Signed out: ${err.message}`);
  throw err;
}

/** An AWS KMS operation, e.g. kms('DescribeKey', { KeyId }). */
export const kms = (operation, input) => call('TrentService', operation, input);
/** A Keyward extension operation, e.g. keyward('ListKeyVersions', { KeyId }). */
export const keyward = (operation, input) => call('KeywardService', operation, input);

/** Every page of a Marker-paginated list operation (for small lists: aliases of one key, grants, tags). */
export async function listAll(fn, operation, input, member) {
  const out = [];
  for (let Marker; ;) {
    const page = await fn(operation, { ...input, ...(Marker ? { Marker } : {}) });
    out.push(...(page[member] ?? []));
    if (!page.Truncated || !page.NextMarker) return out;
    Marker = page.NextMarker;
  }
}
