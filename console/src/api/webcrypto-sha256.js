// SHA-256 and HMAC-SHA256 for @smithy/signature-v4's Checksum interface, on the browser's WebCrypto: the signing key
// and the secret never pass through a JavaScript hash implementation or a Node polyfill.
const utf8 = new TextEncoder();

const bytes = (data) => typeof data === 'string' ? utf8.encode(data)
  : data instanceof Uint8Array ? data
  : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  : new Uint8Array(data);

export class WebCryptoSha256 {
  /** With a secret: HMAC-SHA256 keyed by it (SigV4's key derivation); without: plain SHA-256. */
  constructor(secret) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.chunks = [];
  }

  update(data) {
    this.chunks.push(bytes(data));
  }

  async digest() {
    const length = this.chunks.reduce((n, c) => n + c.length, 0);
    const data = new Uint8Array(length);
    let at = 0;
    for (const c of this.chunks) {
      data.set(c, at);
      at += c.length;
    }
    if (this.secret === undefined) return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    const key = await crypto.subtle.importKey('raw', this.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
  }

  reset() {
    this.chunks = [];
  }
}
