// Verifies AWS Signature Version 4 exactly as AWS computes it, for the services one endpoint serves (KMS's JSON protocol,
// IAM's and STS's Query protocol), told apart by the credential scope's service; the scope's Region must be one served.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

import * as crypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { KmsError } from '../protocol/errors.js';
import {
  ALGORITHM,
  canonicalQuery,
  canonicalUri,
  collectHeaders,
  formatAmzDate,
  headerValue,
  parseAuthorization,
  requestTime,
  type ParsedAuthorization,
} from './sigv4-parse.js';

export interface SigV4Input {
  method: string; // 'POST'
  path: string; // raw request path incl. query, e.g. '/'
  rawHeaders: string[]; // IncomingMessage.rawHeaders (name, value, name, value, ...) exactly as received
  body: Buffer; // raw body bytes
}
export interface SigningSecret {
  secretAccessKey: string;
}
export interface VerifiedRequest {
  accessKeyId: string;
  region: string;
  /** The credential scope's service: 'kms', 'iam' or 'sts'. */
  service: string;
  sessionToken?: string;
  amzDate: string;
}
export interface SigV4VerifierOptions {
  /** For verify(): synchronous; undefined = unknown key. prepare() + check() let the caller find the secret itself. */
  lookup?: (accessKeyId: string) => SigningSecret | undefined;
  now?: () => number; // wall-clock ms; default Date.now
  /** The services signed for (default just 'kms'). */
  services?: readonly string[];
  /** Whether a credential scope's Region is served for a service (default: any). */
  regionServed?: (service: string, region: string) => boolean;
  maxSkewMs?: number; // default 5 minutes
}

/** A request whose signature is checked but for the secret-dependent part (SigV4Verifier.prepare). */
export interface PreparedRequest {
  verified: VerifiedRequest;
  auth: ParsedAuthorization;
  canonicalRequestHash: string;
}

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const UNRECOGNIZED_CLIENT_MESSAGE = 'The security token included in the request is invalid.';
export const CONTENT_SHA256_MISMATCH_MESSAGE = "The provided 'x-amz-content-sha256' header does not match what was computed.";

const MAX_CACHED_KEYS = 1024;

function invalid(message: string): KmsError {
  return new KmsError('InvalidSignatureException', message);
}

// crypto.hash (one-shot, ~2x faster) exists from Node 20.12; fall back to createHash on older 20.x.
const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

function sha256Hex(data: string | Buffer): string {
  return oneShotHash ? oneShotHash('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/** Uncached signing-key derivation: HMAC chain "AWS4"+secret → date → region → service → "aws4_request". */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secret).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

/** True for exactly 64 lowercase hex characters. */
function isSignatureHex(s: string): boolean {
  if (s.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Canonical request: method, URI, query, signed header lines, blank line, SignedHeaders, payload hash. */
export function canonicalRequest(
  method: string,
  path: string,
  headers: Map<string, string>,
  auth: ParsedAuthorization,
  payloadHash: string,
): string {
  const q = path.indexOf('?');
  let out = method + '\n' + canonicalUri(q < 0 ? path : path.slice(0, q)) + '\n' + canonicalQuery(q < 0 ? '' : path.slice(q + 1));
  out += '\n';
  for (const name of auth.signedHeaderNames) out += name + ':' + (headerValue(headers, name) ?? '') + '\n';
  return out + '\n' + auth.signedHeaders + '\n' + payloadHash;
}

export class SigV4Verifier {
  private readonly lookup: NonNullable<SigV4VerifierOptions['lookup']>;
  private readonly now: () => number;
  private readonly services: readonly string[];
  private readonly regionServed: (service: string, region: string) => boolean;
  private readonly maxSkewMs: number;
  private readonly keyCache = new Map<string, Buffer>();

  constructor(opts: SigV4VerifierOptions) {
    this.lookup = opts.lookup ?? (() => undefined);
    this.now = opts.now ?? Date.now;
    this.services = opts.services ?? ['kms'];
    this.regionServed = opts.regionServed ?? (() => true);
    this.maxSkewMs = opts.maxSkewMs ?? 5 * 60 * 1000;
  }

  /** Number of derived signing keys currently cached (for tests and metrics). */
  get cachedKeyCount(): number {
    return this.keyCache.size;
  }

  /** Verifies the request's signature; returns who signed it or throws a KmsError the client can be shown. */
  verify(req: SigV4Input): VerifiedRequest {
    const prepared = this.prepare(req);
    const secret = this.lookup(prepared.verified.accessKeyId);
    if (secret === undefined) throw new KmsError('UnrecognizedClientException', UNRECOGNIZED_CLIENT_MESSAGE);
    return this.check(prepared, secret);
  }

  /**
   * Every check that needs no secret (header presence, scope, Region, time, signed headers, payload hash) and the
   * canonical request; the caller then finds the secret for the access key id (and session token) and calls check().
   */
  prepare(req: SigV4Input): PreparedRequest {
    const headers = collectHeaders(req.rawHeaders);
    const authorization = headerValue(headers, 'authorization');
    if (authorization === undefined) throw new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    const amzDateHeader = headerValue(headers, 'x-amz-date');
    const dateHeader = headerValue(headers, 'date');
    const auth = parseAuthorization(authorization, amzDateHeader !== undefined || dateHeader !== undefined);
    this.checkScope(auth);
    const time = requestTime(amzDateHeader, dateHeader);
    this.checkTime(auth, time.ms, time.amzDate);
    if (!auth.signedHeaderNames.includes('host')) {
      throw invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    // The operation travels in X-Amz-Target: unsigned, a captured request could be replayed as another operation.
    if (headers.has('x-amz-target') && !auth.signedHeaderNames.includes('x-amz-target')) {
      throw invalid("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    }
    const payloadHash = sha256Hex(req.body);
    checkContentSha256(headerValue(headers, 'x-amz-content-sha256'), payloadHash);
    if (!isSignatureHex(auth.signature)) throw invalid(SIGNATURE_MISMATCH_MESSAGE);
    const verified: VerifiedRequest = { accessKeyId: auth.accessKeyId, region: auth.region, service: auth.service, amzDate: time.amzDate };
    const token = headerValue(headers, 'x-amz-security-token');
    if (token !== undefined) verified.sessionToken = token;
    const canonicalRequestHash = sha256Hex(canonicalRequest(req.method, req.path, headers, auth, payloadHash));
    return { verified, auth, canonicalRequestHash };
  }

  /** The signature check itself, with the signer's secret; returns who signed. */
  check(p: PreparedRequest, secret: SigningSecret): VerifiedRequest {
    const stringToSign = ALGORITHM + '\n' + p.verified.amzDate + '\n' + p.auth.scope + '\n' + p.canonicalRequestHash;
    const key = this.signingKey(secret.secretAccessKey, p.auth);
    const expected = createHmac('sha256', key).update(stringToSign).digest();
    if (!timingSafeEqual(expected, Buffer.from(p.auth.signature, 'hex'))) throw invalid(SIGNATURE_MISMATCH_MESSAGE);
    return p.verified;
  }

  private checkScope(auth: ParsedAuthorization): void {
    if (auth.terminator !== 'aws4_request') {
      throw invalid(`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `);
    }
    if (!this.services.includes(auth.service)) throw invalid(`Credential should be scoped to correct service: '${this.services[0]}'. `);
    if (!this.regionServed(auth.service, auth.region)) throw invalid(`Credential should be scoped to a valid region, not '${auth.region}'. `);
  }

  /** Scope date must match the request date; the request time must be within ±maxSkew of now (AWS's exact texts). */
  private checkTime(auth: ParsedAuthorization, reqMs: number, amzDate: string): void {
    const day = amzDate.slice(0, 8);
    if (auth.date !== day) {
      throw invalid(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${day}', from '${amzDate}'.`,
      );
    }
    const now = this.now();
    const minutes = `${this.maxSkewMs / 60000} min.`;
    if (reqMs < now - this.maxSkewMs) {
      const limit = formatAmzDate(now - this.maxSkewMs);
      throw invalid(`Signature expired: ${amzDate} is now earlier than ${limit} (${formatAmzDate(now)} - ${minutes})`);
    }
    if (reqMs > now + this.maxSkewMs) {
      const limit = formatAmzDate(now + this.maxSkewMs);
      throw invalid(`Signature not yet current: ${amzDate} is still later than ${limit} (${formatAmzDate(now)} + ${minutes})`);
    }
  }

  /** Derived signing key, cached per (secret, date, region, service); the oldest entry is evicted when full. */
  private signingKey(secret: string, auth: ParsedAuthorization): Buffer {
    const cacheKey = secret + '\n' + auth.date + '\n' + auth.region + '\n' + auth.service;
    let key = this.keyCache.get(cacheKey);
    if (key === undefined) {
      key = deriveSigningKey(secret, auth.date, auth.region, auth.service);
      if (this.keyCache.size >= MAX_CACHED_KEYS) this.keyCache.delete(this.keyCache.keys().next().value as string);
      this.keyCache.set(cacheKey, key);
    }
    return key;
  }
}

/** If the client sent x-amz-content-sha256 it must be the body hash; UNSIGNED-PAYLOAD is not accepted by KMS. */
function checkContentSha256(sent: string | undefined, payloadHash: string): void {
  if (sent === undefined || sent === payloadHash) return;
  if (sent === 'UNSIGNED-PAYLOAD') throw invalid("'UNSIGNED-PAYLOAD' is not supported by this service; sign the payload hash.");
  throw invalid(CONTENT_SHA256_MISMATCH_MESSAGE);
}
