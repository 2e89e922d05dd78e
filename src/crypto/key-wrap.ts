// Unwrapping imported key material: RSA-OAEP (SHA-1 or SHA-256, MGF1 with the same hash), and RSA_AES_KEY_WRAP
// (CKM_RSA_AES_KEY_WRAP: an ephemeral AES-256 key wrapped with RSA-OAEP, followed by the material wrapped under
// that key with AES Key Wrap with Padding, RFC 5649). Both directions are here so tests and tools share them.
// RFC 5649: https://www.rfc-editor.org/rfc/rfc5649 ; RSA-OAEP: RFC 8017 §7.1.
import {
  constants, createCipheriv, createDecipheriv, privateDecrypt, publicEncrypt, randomBytes, type KeyObject,
} from 'node:crypto';

/** RFC 5649's alternative initial value prefix (the low 32 bits carry the message length). */
const KWP_AIV = Buffer.from('a65959a6', 'hex');

export type OaepHash = 'sha1' | 'sha256';

function kwpCipher(kek: Buffer): string {
  switch (kek.length) {
    case 16: return 'id-aes128-wrap-pad';
    case 24: return 'id-aes192-wrap-pad';
    case 32: return 'id-aes256-wrap-pad';
    default: throw new RangeError(`AES key wrap: bad key length ${kek.length}`);
  }
}

/** AES Key Wrap with Padding (RFC 5649). */
export function aesKwpWrap(kek: Buffer, plaintext: Buffer): Buffer {
  if (plaintext.length === 0) throw new RangeError('AES key wrap: empty plaintext');
  const c = createCipheriv(kwpCipher(kek), kek, KWP_AIV);
  return Buffer.concat([c.update(plaintext), c.final()]);
}

/** AES Key Unwrap with Padding (RFC 5649); undefined when the integrity check or the padding fails. */
export function aesKwpUnwrap(kek: Buffer, wrapped: Buffer): Buffer | undefined {
  // A valid wrapping is at least two 64-bit blocks and a whole number of them.
  if (wrapped.length < 16 || wrapped.length % 8 !== 0) return undefined;
  try {
    const d = createDecipheriv(kwpCipher(kek), kek, KWP_AIV);
    const out = Buffer.concat([d.update(wrapped), d.final()]);
    return out.length === 0 ? undefined : out;
  } catch {
    return undefined;
  }
}

/** RSA-OAEP decryption with `hash` for both the label hash and MGF1; undefined on any failure. */
export function rsaOaepUnwrap(privateKey: KeyObject, hash: OaepHash, ciphertext: Buffer): Buffer | undefined {
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext);
  } catch {
    return undefined;
  }
}

export function rsaOaepWrap(publicKey: KeyObject | Buffer, hash: OaepHash, plaintext: Buffer): Buffer {
  const key = Buffer.isBuffer(publicKey) ? { key: publicKey, format: 'der' as const, type: 'spki' as const } : { key: publicKey };
  return publicEncrypt({ ...key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext);
}

/** RSA_AES_KEY_WRAP_SHA_*: RSA-OAEP(ephemeral AES-256 key) ‖ AES-KWP(material) under that key. */
export function rsaAesKeyWrap(publicKey: KeyObject | Buffer, hash: OaepHash, material: Buffer): Buffer {
  const ephemeral = randomBytes(32);
  try {
    return Buffer.concat([rsaOaepWrap(publicKey, hash, ephemeral), aesKwpWrap(ephemeral, material)]);
  } finally {
    ephemeral.fill(0);
  }
}

/** Inverse of rsaAesKeyWrap; undefined on any failure (wrong length, OAEP or KWP integrity failure). */
export function rsaAesKeyUnwrap(privateKey: KeyObject, hash: OaepHash, wrapped: Buffer): Buffer | undefined {
  const modulusBytes = Math.ceil((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (modulusBytes === 0 || wrapped.length <= modulusBytes) return undefined;
  const ephemeral = rsaOaepUnwrap(privateKey, hash, wrapped.subarray(0, modulusBytes));
  if (!ephemeral) return undefined;
  try {
    if (ephemeral.length !== 32) return undefined;
    return aesKwpUnwrap(ephemeral, wrapped.subarray(modulusBytes));
  } finally {
    ephemeral.fill(0);
  }
}
