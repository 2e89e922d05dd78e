// Signing a request with AWS Signature Version 4 (for the keyward CLI's calls to Keyward's own operations): the same
// canonical request the verifier (sigv4.ts) rebuilds. https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
import { createHash, createHmac } from 'node:crypto';
import { deriveSigningKey } from './sigv4.js';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials' token (x-amz-security-token, signed). */
  sessionToken?: string | undefined;
}

/** Headers for a POST / with a JSON body, signed for `service` in `region` at `now` (ms). */
export function signedJsonHeaders(
  url: URL, target: string, body: string, creds: SigningCredentials, region: string, now = Date.now(), service = 'kms',
): Record<string, string> {
  const amzDate = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const payloadHash = createHash('sha256').update(body).digest('hex');
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1', host: url.host, 'x-amz-date': amzDate, 'x-amz-target': target,
  };
  if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const signature = createHmac('sha256', deriveSigningKey(creds.secretAccessKey, date, region, service)).update(toSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
