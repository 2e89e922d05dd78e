// Signs a JSON-protocol request with AWS Signature Version 4, as the AWS SDKs do: the canonical request over the
// method, path, signed headers and the body's SHA-256, the signing key derived with the server's own code
// (auth/sigv4.ts), so client and server cannot disagree. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
import { createHash, createHmac } from 'node:crypto';
import { deriveSigningKey } from '../auth/sigv4.js';
import { ALGORITHM, formatAmzDate } from '../auth/sigv4-parse.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface SignInput {
  host: string;
  path: string;
  /** Lowercase header names; host, x-amz-date and (with a session token) x-amz-security-token are added. */
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  credentials: Credentials;
  /** Epoch ms of the request (default: now). */
  now?: number;
}

const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');

/** The request's headers with SigV4's x-amz-date and Authorization (POST only: the JSON protocols always POST). */
export function signRequest(req: SignInput): Record<string, string> {
  const amzDate = formatAmzDate(req.now ?? Date.now());
  const headers: Record<string, string> = { ...req.headers, host: req.host, 'x-amz-date': amzDate };
  if (req.credentials.sessionToken !== undefined) headers['x-amz-security-token'] = req.credentials.sessionToken;
  const names = Object.keys(headers).map((n) => n.toLowerCase()).sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = ['POST', req.path, '', canonicalHeaders, signedHeaders, sha256Hex(req.body)].join('\n');
  const scope = `${amzDate.slice(0, 8)}/${req.region}/${req.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = deriveSigningKey(req.credentials.secretAccessKey, amzDate.slice(0, 8), req.region, req.service);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  headers.authorization = `${ALGORITHM} Credential=${req.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
