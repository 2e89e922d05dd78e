// Canonical, injective binary encoding of an AWS encryption context, used as GCM additional authenticated data.
// Spec: docs/ciphertext-format.md §"Encryption context encoding"; AWS semantics:
// https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html (exact, case-sensitive match).
import { KmsError } from '../../protocol/errors.js';

export type EncryptionContext = Record<string, string>;

const COUNT_BYTES = 4;
const LENGTH_BYTES = 4;

/** The encoding of an empty or absent context: a zero pair count. Shared; callers must not mutate it. */
const EMPTY_ENCODING: Buffer = Buffer.alloc(COUNT_BYTES);

// In `u` mode this class matches only lone surrogates; UTF-8 would turn them all into U+FFFD,
// so "\uD800" and "\uFFFD" would encode identically and the encoding would stop being injective.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function checkString(text: unknown): asserts text is string {
  if (typeof text !== 'string' || LONE_SURROGATE.test(text)) {
    throw new KmsError('ValidationException', 'Encryption context keys and values must be valid Unicode strings.');
  }
}

/** Orders UTF-16 code units as their UTF-8 bytes order: surrogates (U+10000 and up) after U+E000–U+FFFF. */
function utf8Rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/**
 * Compares well-formed strings as their UTF-8 bytes compare (= code point order), without encoding them.
 * Plain `<` compares UTF-16 code units, which puts U+1F511 (d83d dd11) before U+FF21; UTF-8 does not.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf8Rank(x) - utf8Rank(y);
  }
  return a.length - b.length;
}

function hasPairs(ec: EncryptionContext | undefined): ec is EncryptionContext {
  if (ec === undefined || ec === null) return false;
  for (const name in ec) if (Object.hasOwn(ec, name)) return true;
  return false;
}

/**
 * Writes `prefix` followed by the context encoding into one fresh buffer: the ciphertext format's AAD
 * (header ‖ context) without a second copy. Exported for src/core/data-plane/ciphertext-format.ts.
 */
export function encodeAadWithPrefix(prefix: Buffer, ec?: EncryptionContext): Buffer {
  if (!hasPairs(ec)) return Buffer.concat([prefix, EMPTY_ENCODING]);
  const names = Object.keys(ec).sort(compareUtf8);
  const values = names.map((name) => ec[name]); // read once: the size pass and the write pass must agree
  let size = prefix.length + COUNT_BYTES + 2 * LENGTH_BYTES * names.length;
  for (let i = 0; i < names.length; i++) {
    const [name, value] = [names[i], values[i]];
    checkString(name);
    checkString(value);
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  const out = Buffer.allocUnsafe(size);
  let at = prefix.copy(out, 0);
  at = out.writeUInt32BE(names.length, at);
  for (let i = 0; i < names.length; i++) {
    at = writeField(out, at, names[i] as string);
    at = writeField(out, at, values[i] as string);
  }
  return out;
}

/** Writes uint32-BE byte length then the UTF-8 bytes, straight into `out` (no intermediate buffer). */
function writeField(out: Buffer, at: number, text: string): number {
  const length = out.write(text, at + LENGTH_BYTES, 'utf8');
  out.writeUInt32BE(length, at);
  return at + LENGTH_BYTES + length;
}

/**
 * uint32-BE pair count, then for each pair in UTF-8-byte key order: uint32-BE key length, key bytes,
 * uint32-BE value length, value bytes. No Unicode normalisation: NFC and NFD spellings stay different.
 * Throws ValidationException for a non-string or a string with a lone surrogate.
 */
export function encodeEncryptionContext(ec?: EncryptionContext): Buffer {
  return hasPairs(ec) ? encodeAadWithPrefix(Buffer.alloc(0), ec) : EMPTY_ENCODING;
}
