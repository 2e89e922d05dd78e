// Encryption context serialization for the message header's AAD field and for KMS calls.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/structures.md#serialization
import { EsdkError, needs } from './errors.js';

export type EncryptionContext = Readonly<Record<string, string>>;

/** Keys under this prefix are written by the SDK itself (the signing public key); callers may not set them. */
export const RESERVED_PREFIX = 'aws-crypto-';
/** The context key holding the base64 compressed signature verification key (spec message-header.md 0.1.1). */
export const PUBLIC_KEY_CONTEXT_KEY = 'aws-crypto-public-key';

const MAX_UINT16 = 0xffff;

/** Refuses keys in the reserved namespace (spec default-cmm.md: the caller's context MUST NOT contain them). */
export function checkCallerContext(context: EncryptionContext): void {
  for (const key of Object.keys(context)) {
    needs(!key.startsWith(RESERVED_PREFIX), `Encryption context key ${JSON.stringify(key)} uses the reserved prefix ${RESERVED_PREFIX}`);
  }
}

/** Serializes a context: count, then pairs sorted by the keys' UTF-8 bytes; an empty context is zero bytes. */
export function serializeContext(context: EncryptionContext): Buffer {
  const pairs = Object.entries(context).map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const);
  if (pairs.length === 0) return Buffer.alloc(0);
  needs(pairs.length <= MAX_UINT16, 'The encryption context has too many pairs');
  pairs.sort(([a], [b]) => Buffer.compare(a, b));
  const parts: Buffer[] = [uint16(pairs.length)];
  for (const [k, v] of pairs) {
    needs(k.length <= MAX_UINT16 && v.length <= MAX_UINT16, 'An encryption context key or value is longer than 65535 bytes');
    parts.push(uint16(k.length), k, uint16(v.length), v);
  }
  const out = Buffer.concat(parts);
  needs(out.length <= MAX_UINT16, 'The serialized encryption context is longer than 65535 bytes');
  return out;
}

/** Parses a serialized context (the bytes after the AAD length field); refuses duplicates and trailing bytes. */
export function parseContext(bytes: Buffer): Record<string, string> {
  const context: Record<string, string> = Object.create(null);
  if (bytes.length === 0) return context;
  needs(bytes.length >= 2, 'Malformed encryption context');
  const count = bytes.readUInt16BE(0);
  let at = 2;
  for (let i = 0; i < count; i++) {
    const key = lengthPrefixed(bytes, at);
    const value = lengthPrefixed(bytes, key.end);
    at = value.end;
    const k = utf8(key.bytes);
    needs(!(k in context), `Duplicate encryption context key ${JSON.stringify(k)}`);
    context[k] = utf8(value.bytes);
  }
  needs(count > 0 && at === bytes.length, 'Malformed encryption context');
  return { ...context };
}

function lengthPrefixed(bytes: Buffer, at: number): { bytes: Buffer; end: number } {
  needs(at + 2 <= bytes.length, 'Malformed encryption context');
  const end = at + 2 + bytes.readUInt16BE(at);
  needs(end <= bytes.length, 'Malformed encryption context');
  return { bytes: bytes.subarray(at + 2, end), end };
}

const decoder = new TextDecoder('utf-8', { fatal: true });
function utf8(bytes: Buffer): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new EsdkError('The encryption context is not valid UTF-8');
  }
}

export function uint16(n: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(n);
  return b;
}
