// Parsing helpers for SigV4 verification: Authorization header, header canonicalisation, request time, canonical URI/query.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

import { KmsError } from '../protocol/errors.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string; // yyyymmdd from the credential scope
  region: string;
  service: string;
  terminator: string;
  scope: string; // date/region/service/terminator, as sent
  signedHeaders: string; // as sent, e.g. 'content-type;host;x-amz-date'
  signedHeaderNames: readonly string[]; // lowercased, in the order sent; shared between requests, never mutate
  signature: string;
}

const WS_RUN = /\s+/g;
const RFC3986_EXTRA = /[!'()*]/g;

function isWs(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

/** Trims a header value and collapses inner whitespace runs to one space; allocation-free when already canonical. */
export function canonicalHeaderValue(v: string): string {
  const n = v.length;
  if (n === 0) return v;
  let dirty = isWs(v.charCodeAt(0)) || isWs(v.charCodeAt(n - 1));
  for (let i = 1; !dirty && i < n; i++) {
    const c = v.charCodeAt(i);
    if (isWs(c) && (c !== 32 || isWs(v.charCodeAt(i - 1)))) dirty = true;
  }
  return dirty ? v.trim().replace(WS_RUN, ' ') : v;
}

/**
 * Lowercased header name → value as received; repeated headers are joined with ',' (each part canonicalised).
 * Values are canonicalised lazily with canonicalHeaderValue, so unsigned headers cost no scan.
 */
export function collectHeaders(rawHeaders: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    const prev = out.get(name);
    out.set(name, prev === undefined ? value : canonicalHeaderValue(prev) + ',' + canonicalHeaderValue(value));
  }
  return out;
}

/** The canonical value of header `name`, or undefined when absent. */
export function headerValue(headers: Map<string, string>, name: string): string | undefined {
  const v = headers.get(name);
  return v === undefined ? undefined : canonicalHeaderValue(v);
}

function incomplete(message: string): KmsError {
  return new KmsError('IncompleteSignatureException', message);
}

/** Splits the text after the algorithm into key=value tokens separated by commas and/or whitespace. */
function authTokens(rest: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= rest.length; i++) {
    const c = i < rest.length ? rest.charCodeAt(i) : 44;
    const sep = c === 44 || isWs(c);
    if (sep && start >= 0) {
      tokens.push(rest.slice(start, i));
      start = -1;
    } else if (!sep && start < 0) start = i;
  }
  return tokens;
}

/** Parses the Authorization header; `hasDate` says whether X-Amz-Date or Date was sent (AWS reports both in one message). */
export function parseAuthorization(header: string, hasDate: boolean): ParsedAuthorization {
  const value = header.trim();
  const sp = value.indexOf(' ');
  const algorithm = sp < 0 ? value : value.slice(0, sp);
  if (algorithm !== ALGORITHM) {
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'. Only '${ALGORITHM}' is supported. Authorization=${value}`);
  }
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const token of authTokens(sp < 0 ? '' : value.slice(sp + 1))) {
    const eq = token.indexOf('=');
    if (eq <= 0) {
      throw incomplete(`'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`);
    }
    const key = token.slice(0, eq);
    if (key === 'Credential') credential = token.slice(eq + 1);
    else if (key === 'SignedHeaders') signedHeaders = token.slice(eq + 1);
    else if (key === 'Signature') signature = token.slice(eq + 1);
  }
  if (!credential || !signedHeaders || !signature || !hasDate) {
    throw incomplete(missingParts(credential, signature, signedHeaders, hasDate) + `Authorization=${value}`);
  }
  return parseCredential(credential, signedHeaders, signature);
}

function missingParts(credential?: string, signature?: string, signedHeaders?: string, hasDate?: boolean): string {
  let missing = '';
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!signedHeaders) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!hasDate) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  return missing;
}

/** The credential and SignedHeaders parts of a parsed Authorization header (everything but the signature). */
type CredentialParts = Omit<ParsedAuthorization, 'signature'>;

// A client sends the same Credential and SignedHeaders on every request of a day, so their parse is remembered;
// the cache is cleared when full, so hostile variety costs only re-parsing.
const MAX_CACHED_CREDENTIALS = 256;
const credentialCache = new Map<string, CredentialParts>();

function parseCredential(credential: string, signedHeaders: string, signature: string): ParsedAuthorization {
  const cacheKey = credential + ' ' + signedHeaders; // neither part can contain a space (they are tokens)
  let parts = credentialCache.get(cacheKey);
  if (parts === undefined) {
    parts = parseCredentialParts(credential, signedHeaders);
    if (credentialCache.size >= MAX_CACHED_CREDENTIALS) credentialCache.clear();
    credentialCache.set(cacheKey, parts);
  }
  const { accessKeyId, date, region, service, terminator, scope, signedHeaderNames } = parts;
  return { accessKeyId, date, region, service, terminator, scope, signedHeaders, signedHeaderNames, signature };
}

function parseCredentialParts(credential: string, signedHeaders: string): CredentialParts {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.includes('')) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  const scope = credential.slice(accessKeyId.length + 1);
  const signedHeaderNames: readonly string[] = signedHeaders.toLowerCase().split(';');
  return { accessKeyId, date, region, service, terminator, scope, signedHeaders, signedHeaderNames };
}

function digits(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Parses `yyyyMMdd'T'HHmmss'Z'` to epoch ms; NaN when malformed or not a real calendar time. */
export function parseAmzDate(s: string): number {
  if (s.length !== 16 || s.charCodeAt(8) !== 84 /* T */ || s.charCodeAt(15) !== 90 /* Z */) return NaN;
  const y = digits(s, 0, 4), mo = digits(s, 4, 2), d = digits(s, 6, 2);
  const h = digits(s, 9, 2), mi = digits(s, 11, 2), se = digits(s, 13, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return NaN;
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  return new Date(ms).getUTCDate() === d ? ms : NaN;
}

/** Formats epoch ms as `yyyyMMdd'T'HHmmss'Z'` (seconds truncated). */
export function formatAmzDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-08-20T23:01:43.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}

/** The request time from X-Amz-Date, else Date (RFC 1123); throws IncompleteSignature if it cannot be parsed. */
export function requestTime(amzDate: string | undefined, date: string | undefined): { ms: number; amzDate: string } {
  if (amzDate !== undefined) {
    const ms = parseAmzDate(amzDate);
    if (Number.isNaN(ms)) {
      throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    }
    return { ms, amzDate };
  }
  const ms = date === undefined ? NaN : Date.parse(date);
  if (Number.isNaN(ms)) throw incomplete(`Date must be in RFC 1123 format. Got '${date ?? ''}'.`);
  return { ms, amzDate: formatAmzDate(ms) };
}

function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(RFC3986_EXTRA, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function uriDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Canonical URI for non-S3 services: dot segments removed, each (already wire-encoded) segment encoded again. */
export function canonicalUri(path: string): string {
  if (path === '/' || path === '') return '/';
  const segments: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(uriEncode(seg));
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return '/' + segments.join('/') + trailing;
}

/** Canonical query string: each name and value URI-encoded per RFC 3986, sorted by name then value. */
export function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs: string[][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    pairs.push([uriEncode(uriDecode(name)), eq < 0 ? '' : uriEncode(uriDecode(part.slice(eq + 1)))]);
  }
  pairs.sort((a, b) => compare(a[0] as string, b[0] as string) || compare(a[1] as string, b[1] as string));
  return pairs.map((p) => `${p[0]}=${p[1]}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
