// The signed-in session, in memory only (never localStorage or sessionStorage): sign-in exchanges the access key for
// temporary credentials with STS GetSessionToken, forgets the long-term secret, and every call signs with the
// session's credentials. Sign-out and expiry clear them.
import { clearCredentialCache } from '@smithy/signature-v4';
import { ApiError, signedPost } from './signed-fetch.js';

/** Temporary credentials' lifetime asked of STS (AWS's minimum is 900 s; 1 hour keeps a forgotten tab harmless). */
export const SESSION_SECONDS = 3600;

let current; // { credentials, region, expiration: Date, principal }
let expiryTimer;
/** Why the last session ended, shown on the sign-in page. */
export let signOutReason;
const listeners = new Set();

export const session = () => current;
export const onSessionChange = (fn) => (listeners.add(fn), () => listeners.delete(fn));
const notify = () => listeners.forEach((fn) => fn(current));

/** The Region the server signs for, from the console's settings.json (the form may override it). */
export async function serverSettings() {
  const res = await fetch('settings.json', { cache: 'no-store' });
  return res.ok ? res.json() : { region: 'us-east-1' };
}

/** Signs in: GetSessionToken with the long-term key, then GetCallerIdentity with the session to name the principal. */
export async function signIn({ accessKeyId, secretAccessKey, region }) {
  const longTerm = { accessKeyId: accessKeyId.trim(), secretAccessKey };
  const issued = await stsCall(longTerm, region, 'GetSessionToken', { DurationSeconds: String(SESSION_SECONDS) });
  const credentials = {
    accessKeyId: text(issued, 'AccessKeyId'), secretAccessKey: text(issued, 'SecretAccessKey'), sessionToken: text(issued, 'SessionToken'),
  };
  const expiration = new Date(text(issued, 'Expiration')); // on the server's clock: shown, not timed against
  const who = await stsCall(credentials, region, 'GetCallerIdentity', {});
  current = { credentials, region, expiration, principal: text(who, 'Arn'), account: text(who, 'Account') };
  clearTimeout(expiryTimer);
  // Timed from now rather than from Expiration, which is on the server's clock (the browser's may differ); a session
  // the server ends sooner (its clock ahead) answers ExpiredTokenException, which signs out too (src/api/kms.js).
  expiryTimer = setTimeout(() => signOut('Your session expired: sign in again.'), SESSION_SECONDS * 1000);
  notify();
  return current;
}

/** Drops the credentials, and the signer's cache of signing keys derived from them (keyed by the session token). */
export function signOut(reason) {
  clearTimeout(expiryTimer);
  current = undefined;
  clearCredentialCache();
  signOutReason = reason;
  notify();
}

async function stsCall(credentials, region, action, params) {
  const body = new URLSearchParams({ Action: action, Version: '2011-06-15', ...params }).toString();
  const res = await signedPost({
    credentials, region, service: 'sts', body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  });
  const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
  if (!res.ok) {
    throw new ApiError(text(doc, 'Code') || `HTTP ${res.status}`, text(doc, 'Message') || res.statusText, res.status);
  }
  return doc;
}

const text = (doc, tag) => doc.getElementsByTagName(tag)[0]?.textContent ?? '';
