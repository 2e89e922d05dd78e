// Recognises a Keyward symmetric ciphertext blob (docs/ciphertext-format.md, version 1) by its header alone, as a scanner
// must: without the key, only the header's fields and the blob's length can be checked, so every rule here is strict.
// The format has no magic number (its first two bytes, 01 00 or 01 01, are common in any data), which is why the rules
// below validate the key id's shape and the version's plausibility, and why the scan then confirms every key id with
// the server (key-resolver.ts): a random 128-bit id never names a real key.

/** Header layout (format version 1): version(1) ‖ kind(1) ‖ key id(16) ‖ key version(4, BE) ‖ IV(12). */
export const BLOB_HEADER_BYTES = 34;
const TAG_BYTES = 16;
/** The smallest blob: header + tag (an empty plaintext). */
export const MIN_BLOB_BYTES = BLOB_HEADER_BYTES + TAG_BYTES;
/** AWS's CiphertextBlob limit, which Keyward enforces at the API (docs/ciphertext-format.md "Size limits"). */
export const MAX_BLOB_BYTES = 6144;
/**
 * Versions above this are treated as noise: one rotation a day for 179 years. The format allows 2^32-1, but a scanner
 * that accepted every uint32 would turn one in 2^16 random byte pairs into a candidate.
 */
export const MAX_PLAUSIBLE_VERSION = 65_535;

export interface BlobHeader { keyId: string; keyVersion: number }

interface KindRule {
  /** Extra checks on the 16 key id bytes (at offset 2). */
  readonly valid: (b: Buffer, at: number) => boolean;
  readonly format: (hex: string) => string;
}

/**
 * Key id kinds by their byte at offset 1. Key ids are made by randomUUID (RFC 9562 version 4: the version nibble is 4,
 * the variant bits are 10), multi-Region ids by 16 random bytes (src/core/operations/kms/create-key.ts).
 */
const KINDS: readonly KindRule[] = [
  {
    valid: (b, at) => (b[at + 6]! & 0xf0) === 0x40 && (b[at + 8]! & 0xc0) === 0x80,
    format: (h) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
  },
  { valid: () => true, format: (h) => `mrk-${h}` },
];

/** The first byte of every version-1 blob. */
export const FORMAT_V1 = 0x01;

/**
 * The key id and version of a blob that starts at `at` and is `length` bytes long, or null if these bytes cannot be a
 * Keyward blob. `length` is the blob's full extent (a whole file, a column value, an EDK field, a base64 run).
 */
export function readBlobHeader(b: Buffer, at: number, length: number): BlobHeader | null {
  if (length < MIN_BLOB_BYTES || length > MAX_BLOB_BYTES || at + length > b.length) return null;
  if (b[at] !== FORMAT_V1) return null;
  const kind = KINDS[b[at + 1]!];
  if (kind === undefined || !kind.valid(b, at + 2)) return null;
  const keyVersion = b.readUInt32BE(at + 18);
  if (keyVersion === 0 || keyVersion > MAX_PLAUSIBLE_VERSION) return null;
  return { keyId: kind.format(b.toString('hex', at + 2, at + 18)), keyVersion };
}
