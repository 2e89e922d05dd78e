// One signed request to the Keyward endpoint this page came from: SigV4 (@smithy/signature-v4 on WebCrypto), then
// fetch. The console calls only the public APIs, so authorization, audit and rate limits apply to it unchanged.
import { SignatureV4 } from '@smithy/signature-v4';
import { WebCryptoSha256 } from './webcrypto-sha256.js';

/** An AWS error answered by the server: `code` is its __type (JSON) or Code (Query). */
export class ApiError extends Error {
  constructor(code, message, status) {
    super(message || code);
    this.name = code;
    this.code = code;
    this.status = status;
  }
}

/**
 * POSTs `body` to / signed for `service` ('kms' for the KMS and Keyward JSON APIs, 'sts' for STS) with `credentials`
 * ({accessKeyId, secretAccessKey, sessionToken?}); resolves to the Response.
 */
export async function signedPost({ credentials, region, service, headers, body }) {
  const signer = new SignatureV4({ service, region, credentials, sha256: WebCryptoSha256 });
  const url = new URL('/', location.href);
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: '/',
    query: {}, headers: { ...headers, host: url.host }, body,
  });
  // The browser sets Host itself (the same value, since the request goes to this page's origin); fetch refuses it.
  const { host: _host, ...sent } = signed.headers;
  return fetch(url, { method: 'POST', headers: sent, body, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
}
