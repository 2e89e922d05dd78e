// node:crypto parameters of the AWS KMS signing algorithms the benchmark uses: to verify Keyward's signatures before a
// measurement, and for the raw node:crypto signing rate (bench/raw-sign.ts) that Keyward's Sign rate is compared with.
import { constants, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';

export interface SignAlg {
  /** Digest name for crypto.sign, or null (Ed25519 hashes internally). */
  digest: string | null;
  /** Extra sign/verify options: PSS padding and salt length (= digest length, as AWS), DER-encoded ECDSA. */
  options: { padding?: number; saltLength?: number; dsaEncoding?: 'der' };
  generate(): { privateKey: KeyObject; publicKey: KeyObject };
}

const CURVES: Record<string, string> = { ECC_NIST_P256: 'P-256', ECC_NIST_P384: 'P-384', ECC_NIST_P521: 'P-521', ECC_SECG_P256K1: 'secp256k1' };

/** The node:crypto equivalent of signing with a KMS key of `keySpec` under `algorithm` (MessageType RAW). */
export function signAlg(keySpec: string, algorithm: string): SignAlg {
  let generate: SignAlg['generate'];
  const rsa = /^RSA_(\d+)$/.exec(keySpec);
  if (rsa) generate = () => generateKeyPairSync('rsa', { modulusLength: Number(rsa[1]) });
  else if (CURVES[keySpec]) generate = () => generateKeyPairSync('ec', { namedCurve: CURVES[keySpec]! });
  else if (keySpec === 'ECC_NIST_EDWARDS25519') generate = () => generateKeyPairSync('ed25519');
  else throw new Error(`no node:crypto equivalent for key spec ${keySpec}`);

  let m: RegExpExecArray | null;
  if ((m = /^RSASSA_PSS_SHA_(256|384|512)$/.exec(algorithm))) {
    return { digest: `sha${m[1]}`, options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(m[1]) / 8 }, generate };
  }
  if ((m = /^RSASSA_PKCS1_V1_5_SHA_(256|384|512)$/.exec(algorithm))) {
    return { digest: `sha${m[1]}`, options: { padding: constants.RSA_PKCS1_PADDING }, generate };
  }
  if ((m = /^ECDSA_SHA_(256|384|512)$/.exec(algorithm))) return { digest: `sha${m[1]}`, options: { dsaEncoding: 'der' }, generate };
  if (algorithm === 'ED25519_SHA_512') return { digest: null, options: {}, generate };
  throw new Error(`no node:crypto equivalent for signing algorithm ${algorithm}`);
}

/** Verifies a KMS signature over a RAW message with the DER SubjectPublicKeyInfo that GetPublicKey returned. */
export function verifyKmsSignature(keySpec: string, algorithm: string, spki: Uint8Array, message: Buffer, signature: Buffer): boolean {
  const alg = signAlg(keySpec, algorithm);
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  return verify(alg.digest, message, { key, ...alg.options }, signature);
}
