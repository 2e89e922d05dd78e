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

/**
 * An IAM query-protocol action (Version 2010-05-08, SigV4 service iam), every page of it: the `member` list of
 * <Action>Result as plain objects of their text fields (e.g. iam('ListUsers', {}, 'Users')).
 */
export async function iam(action, params, member) {
  const s = session();
  if (!s) throw new ApiError('NotSignedIn', 'Sign in first.', 0);
  const out = [];
  for (let marker; ;) {
    const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params, ...(marker ? { Marker: marker } : {}) }).toString();
    const res = await signedPost({
      credentials: s.credentials, region: s.region, service: 'iam', body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
    const field = (el, name) => el.getElementsByTagName(name)[0]?.textContent ?? undefined;
    if (!res.ok) throw new ApiError(field(doc, 'Code') ?? `HTTP${res.status}`, field(doc, 'Message') ?? res.statusText, res.status);
    const list = doc.getElementsByTagName(member)[0];
    for (const m of list ? [...list.children] : []) out.push(Object.fromEntries([...m.children].filter((c) => c.children.length === 0).map((c) => [c.tagName, c.textContent])));
    if (field(doc, 'IsTruncated') !== 'true') return out;
    marker = field(doc, 'Marker');
  }
}
