// RSA on node:crypto: RSASSA-PSS and RSASSA-PKCS1-v1_5 signatures over a message or a precomputed digest, and
// RSAES-OAEP. Spec: RFC 8017 (PKCS #1 v2.2), §7.1 (OAEP), §8.1/§9.1 (PSS), §8.2/§9.2 (PKCS1-v1_5).
// Node's sign()/verify() always hash their input, so a precomputed digest is encoded here (EMSA-PSS,
// EMSA-PKCS1-v1_5) and run through the raw RSA primitive (privateEncrypt / publicDecrypt).
import {
  constants, privateDecrypt, privateEncrypt, publicDecrypt, publicEncrypt, randomBytes, sign, timingSafeEqual, verify,
  type KeyObject,
} from 'node:crypto';
import { digest, HASH_BYTES, type HashName } from './digest.js';

export type RsaPadding = 'pss' | 'pkcs1';
export type SignInput = { message: Uint8Array } | { digest: Uint8Array };

/** DER prefix of DigestInfo for each hash (RFC 8017 §9.2, note 1). */
const DIGEST_INFO: Readonly<Record<HashName, string>> = {
  sha1: '3021300906052b0e03021a05000414',
  sha224: '302d300d06096086480165030402040500041c',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

const modulusBits = (key: KeyObject): number => key.asymmetricKeyDetails?.modulusLength ?? 0;

/** Signs; PSS uses MGF1 with the same hash and a salt as long as the hash, as AWS KMS does. */
export function rsaSign(key: KeyObject, hash: HashName, padding: RsaPadding, input: SignInput): Buffer {
  if ('message' in input) {
    return sign(hash, input.message, { key, padding: nodePadding(padding), saltLength: HASH_BYTES[hash] });
  }
  checkDigest(hash, input.digest);
  if (padding === 'pkcs1') {
    return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo(hash, input.digest));
  }
  const bits = modulusBits(key);
  const em = emsaPssEncode(input.digest, bits - 1, hash, randomBytes(HASH_BYTES[hash]));
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, leftPad(em, Math.ceil(bits / 8)));
}

/** True only for a valid signature. Never throws for malformed signatures. */
export function rsaVerify(key: KeyObject, hash: HashName, padding: RsaPadding, input: SignInput, signature: Uint8Array): boolean {
  const k = Math.ceil(modulusBits(key) / 8);
  if (signature.length !== k) return false; // RFC 8017 §8.1.2 step 1 / §8.2.2 step 1
  try {
    if ('message' in input) {
      return verify(hash, input.message, { key, padding: nodePadding(padding), saltLength: HASH_BYTES[hash] }, signature);
    }
    if (input.digest.length !== HASH_BYTES[hash]) return false;
    if (padding === 'pkcs1') {
      const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
      const expected = digestInfo(hash, input.digest);
      return recovered.length === expected.length && timingSafeEqual(recovered, expected);
    }
    const em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
    return emsaPssVerify(input.digest, em, modulusBits(key) - 1, hash, HASH_BYTES[hash]);
  } catch {
    return false;
  }
}

/** The largest plaintext RSAES-OAEP takes for a key and hash: k - 2hLen - 2 (RFC 8017 §7.1.1). */
export function oaepMaxPlaintext(modulusBitsOrKey: number | KeyObject, hash: HashName): number {
  const bits = typeof modulusBitsOrKey === 'number' ? modulusBitsOrKey : modulusBits(modulusBitsOrKey);
  return Math.ceil(bits / 8) - 2 * HASH_BYTES[hash] - 2;
}

/** RSAES-OAEP with MGF1 over the same hash (OpenSSL's default when only oaepHash is set). */
export function oaepEncrypt(key: KeyObject, hash: HashName, plaintext: Uint8Array): Buffer {
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext);
}

/** RSAES-OAEP decryption; null on any failure, so callers cannot tell causes apart (RFC 8017 §7.1.2 note). */
export function oaepDecrypt(key: KeyObject, hash: HashName, ciphertext: Uint8Array, label?: Uint8Array): Buffer | null {
  if (ciphertext.length !== Math.ceil(modulusBits(key) / 8)) return null;
  try {
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash, ...(label?.length ? { oaepLabel: label } : {}) }, ciphertext);
  } catch {
    return null;
  }
}

function nodePadding(p: RsaPadding): number {
  return p === 'pss' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
}

function checkDigest(hash: HashName, d: Uint8Array): void {
  if (d.length !== HASH_BYTES[hash]) throw new RangeError(`digest must be ${HASH_BYTES[hash]} bytes for ${hash}`);
}

function digestInfo(hash: HashName, d: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), d]);
}

function leftPad(b: Buffer, length: number): Buffer {
  return b.length >= length ? b : Buffer.concat([Buffer.alloc(length - b.length), b]);
}

/** MGF1 (RFC 8017 §B.2.1). */
function mgf1(seed: Uint8Array, length: number, hash: HashName): Buffer {
  const out: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let c = 0, n = 0; n < length; c++, n += HASH_BYTES[hash]) {
    counter.writeUInt32BE(c);
    out.push(digest(hash, Buffer.concat([seed, counter])));
  }
  return Buffer.concat(out).subarray(0, length);
}

/** EMSA-PSS-ENCODE with a given mHash (RFC 8017 §9.1.1, from step 3). */
function emsaPssEncode(mHash: Uint8Array, emBits: number, hash: HashName, salt: Buffer): Buffer {
  const hLen = HASH_BYTES[hash];
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + salt.length + 2) throw new RangeError('encoding error');
  const h = digest(hash, Buffer.concat([Buffer.alloc(8), mHash, salt]));
  const db = Buffer.concat([Buffer.alloc(emLen - salt.length - hLen - 2), Buffer.from([1]), salt]);
  const mask = mgf1(h, db.length, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return Buffer.concat([db, h, Buffer.from([0xbc])]);
}

/** EMSA-PSS-VERIFY with a given mHash (RFC 8017 §9.1.2, from step 3). `em` is the k-byte RSA output. */
function emsaPssVerify(mHash: Uint8Array, raw: Buffer, emBits: number, hash: HashName, sLen: number): boolean {
  const hLen = HASH_BYTES[hash];
  const emLen = Math.ceil(emBits / 8);
  if (raw.length < emLen) return false;
  if (raw.subarray(0, raw.length - emLen).some((b) => b !== 0)) return false; // I2OSP(m, emLen) must fit
  const em = raw.subarray(raw.length - emLen);
  if (emLen < hLen + sLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if ((maskedDb[0]! & ~topMask & 0xff) !== 0) return false;
  const db = mgf1(h, maskedDb.length, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= maskedDb[i]!;
  db[0]! &= topMask;
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen);
  const h2 = digest(hash, Buffer.concat([Buffer.alloc(8), mHash, salt]));
  return timingSafeEqual(h, h2);
}
