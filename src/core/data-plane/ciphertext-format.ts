// Keyward's symmetric CiphertextBlob: a versioned, fully authenticated header around AES-256-GCM.
// Spec: docs/ciphertext-format.md; AEAD per NIST SP 800-38D (https://doi.org/10.6028/NIST.SP.800-38D).
import { GCM_IV_BYTES, GCM_TAG_BYTES, gcmOpen, gcmSeal, randomGcmIv, type AeadKey } from '../../crypto/aead.js';
import { KmsError } from '../../protocol/errors.js';
import { encodeAadWithPrefix, type EncryptionContext } from './encryption-context.js';

export interface ParsedBlob {
  keyId: string;
  keyVersion: number;
  /** The authenticated header bytes (a view into the blob); AAD = header ‖ encodeEncryptionContext(ec). */
  header: Buffer;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

type Key = AeadKey;

// ---- Key id kinds: the byte at offset 1 selects how the 16 key id bytes print. ----

interface KeyIdKind {
  readonly pattern: RegExp;
  readonly hexOf: (keyId: string) => string;
  readonly format: (hex: string) => string;
}

/** Indexed by the kind byte. Output is always lowercase; input is matched case-insensitively. */
const KEY_ID_KINDS: readonly KeyIdKind[] = [
  {
    // 0x00: a key id UUID, e.g. 1234abcd-12ab-34cd-56ef-1234567890ab
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    hexOf: (id) => id.replaceAll('-', ''),
    format: (h) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
  },
  {
    // 0x01: a multi-Region key id, 'mrk-' + 32 hex digits
    pattern: /^mrk-[0-9a-f]{32}$/i,
    hexOf: (id) => id.slice(4),
    format: (h) => `mrk-${h}`,
  },
];

const KEY_ID_BYTES = 16;
const UINT32_MAX = 0xffff_ffff;

// ---- Format versions: the byte at offset 0 selects one entry; format version 2 is one more entry. ----

interface BlobFormat {
  readonly version: number;
  readonly headerBytes: number;
  readonly ivOffset: number;
  readonly ivBytes: number;
  readonly tagBytes: number;
  readonly writeHeader: (keyId: string, keyVersion: number, iv: Buffer) => Buffer;
  readonly readKey: (header: Buffer) => { keyId: string; keyVersion: number } | null;
  readonly seal: typeof gcmSeal;
  readonly open: typeof gcmOpen;
  readonly randomIv: () => Buffer;
}

/** Version 1: version(1) ‖ kind(1) ‖ key id(16) ‖ key version(4, BE) ‖ IV(12) ‖ ciphertext(n) ‖ tag(16). */
const FORMAT_V1: BlobFormat = {
  version: 0x01,
  headerBytes: 34,
  ivOffset: 22,
  ivBytes: GCM_IV_BYTES,
  tagBytes: GCM_TAG_BYTES,
  writeHeader: writeHeaderV1,
  readKey: readKeyV1,
  seal: gcmSeal,
  open: gcmOpen,
  randomIv: randomGcmIv,
};

const FORMATS: ReadonlyMap<number, BlobFormat> = new Map([[FORMAT_V1.version, FORMAT_V1]]);
/** The format new blobs are written in. */
const CURRENT_FORMAT = FORMAT_V1;

/** Bytes a blob adds to its plaintext in the current format (header + tag). */
export const BLOB_OVERHEAD = 50;

function writeHeaderV1(keyId: string, keyVersion: number, iv: Buffer): Buffer {
  const kind = KEY_ID_KINDS.findIndex((k) => k.pattern.test(keyId));
  if (kind < 0) throw new RangeError('key id is neither a key id UUID nor a multi-Region key id');
  if (!Number.isInteger(keyVersion) || keyVersion < 1 || keyVersion > UINT32_MAX) {
    throw new RangeError('key version must be an integer in 1..2^32-1');
  }
  if (iv.length !== GCM_IV_BYTES) throw new RangeError(`IV must be ${GCM_IV_BYTES} bytes`);
  const header = Buffer.allocUnsafe(FORMAT_V1.headerBytes);
  header[0] = FORMAT_V1.version;
  header[1] = kind;
  header.write(KEY_ID_KINDS[kind]!.hexOf(keyId), 2, KEY_ID_BYTES, 'hex');
  header.writeUInt32BE(keyVersion, 18);
  iv.copy(header, FORMAT_V1.ivOffset);
  return header;
}

function readKeyV1(header: Buffer): { keyId: string; keyVersion: number } | null {
  const kind = KEY_ID_KINDS[header[1] ?? -1];
  const keyVersion = header.readUInt32BE(18);
  if (kind === undefined || keyVersion === 0) return null;
  return { keyId: kind.format(header.toString('hex', 2, 2 + KEY_ID_BYTES)), keyVersion };
}

/** The one answer to every decryption failure: same code, no message, so nothing distinguishes the causes. */
function invalidCiphertext(): KmsError {
  return new KmsError('InvalidCiphertextException');
}

/**
 * Splits a blob into views (no copies). Throws InvalidCiphertextException, without a message, if the blob
 * is too short or has an unknown format version or key id kind, or key version 0.
 */
export function parseCiphertextBlob(blob: Buffer): ParsedBlob {
  const format = FORMATS.get(blob[0] ?? -1);
  if (format === undefined || blob.length < format.headerBytes + format.tagBytes) throw invalidCiphertext();
  const header = blob.subarray(0, format.headerBytes);
  const key = format.readKey(header);
  if (key === null) throw invalidCiphertext();
  return {
    keyId: key.keyId,
    keyVersion: key.keyVersion,
    header,
    iv: header.subarray(format.ivOffset, format.ivOffset + format.ivBytes),
    ciphertext: blob.subarray(format.headerBytes, blob.length - format.tagBytes),
    tag: blob.subarray(blob.length - format.tagBytes),
  };
}

/**
 * Encrypts `plaintext` under one version of a key, binding the header and the encryption context as AAD.
 * `iv` defaults to 12 fresh random bytes from the CSPRNG; pass it only to reproduce test vectors.
 * Throws RangeError for a malformed key id, key version or IV (caller bugs, not client errors).
 */
export function sealBlob(
  keyId: string,
  keyVersion: number,
  key: Key,
  plaintext: Buffer,
  ec?: EncryptionContext,
  iv: Buffer = CURRENT_FORMAT.randomIv(),
): Buffer {
  const header = CURRENT_FORMAT.writeHeader(keyId, keyVersion, iv);
  const aad = encodeAadWithPrefix(header, ec);
  const { ciphertext, tag } = CURRENT_FORMAT.seal(key, iv, plaintext, aad);
  return Buffer.concat([header, ciphertext, tag], header.length + ciphertext.length + tag.length);
}

/**
 * Verifies and decrypts a parsed blob with the key version it names. Every failure, whatever the cause
 * (wrong key, wrong context, tampered header or body, unusable key), is InvalidCiphertextException.
 */
export function openBlob(parsed: ParsedBlob, key: Key, ec?: EncryptionContext): Buffer {
  const format = FORMATS.get(parsed.header[0] ?? -1);
  let plaintext: Buffer | null = null;
  try {
    if (format !== undefined && parsed.header.length === format.headerBytes) {
      const aad = encodeAadWithPrefix(parsed.header, ec);
      plaintext = format.open(key, parsed.iv, parsed.ciphertext, parsed.tag, aad);
    }
  } catch {
    plaintext = null; // e.g. a context that cannot be encoded, or a key of the wrong size
  }
  if (plaintext === null) throw invalidCiphertext();
  return plaintext;
}
