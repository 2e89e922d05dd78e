// Key-pair generation with a pairwise-consistency test (FIPS 140-3 IG 10.3.A; ISO/IEC 19790 §7.10.3.3):
// every generated pair signs and verifies (or encrypts and decrypts) before it is handed out.
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { ecdhDerive, ecdsaSign, ecdsaVerify, OPENSSL_CURVE, type Curve } from './ecc.js';
import { ed25519Sign, ed25519Verify } from './eddsa.js';
import { mlDsaKeysFromSeed, mlDsaSign, mlDsaSpki, mlDsaVerify, ML_DSA_SEED_BYTES, type MlDsaLevel } from './ml-dsa.js';
import { oaepDecrypt, oaepEncrypt, rsaSign, rsaVerify } from './rsa.js';

export type KeyPairKind =
  | { kind: 'rsa'; bits: 2048 | 3072 | 4096 }
  | { kind: 'ec'; curve: Curve }
  | { kind: 'ed25519' }
  | { kind: 'ml-dsa'; level: MlDsaLevel };

/** A generated pair: the private key as it is stored (PKCS#8 DER; ML-DSA: the 32-byte seed) and the DER SPKI. */
export interface GeneratedPair {
  privateKey: Buffer;
  spki: Buffer;
}

export class PairwiseConsistencyError extends Error {}

export function generateKeyPair(kind: KeyPairKind): GeneratedPair {
  if (kind.kind === 'ml-dsa') {
    const seed = randomBytes(ML_DSA_SEED_BYTES);
    const keys = mlDsaKeysFromSeed(kind.level, seed);
    const probe = randomBytes(32);
    const ok = mlDsaVerify(kind.level, keys.publicKey, probe, mlDsaSign(kind.level, keys.secretKey, probe, false), false);
    if (!ok) throw new PairwiseConsistencyError('ML-DSA pairwise consistency test failed');
    return { privateKey: seed, spki: mlDsaSpki(kind.level, keys.publicKey) };
  }
  const { privateKey, publicKey } = generateNode(kind);
  pairwiseConsistency(kind, privateKey, publicKey);
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }),
    spki: publicKey.export({ format: 'der', type: 'spki' }),
  };
}

function generateNode(kind: Exclude<KeyPairKind, { kind: 'ml-dsa' }>) {
  switch (kind.kind) {
    case 'rsa': return generateKeyPairSync('rsa', { modulusLength: kind.bits, publicExponent: 0x10001 });
    case 'ec': return generateKeyPairSync('ec', { namedCurve: OPENSSL_CURVE[kind.curve] });
    case 'ed25519': return generateKeyPairSync('ed25519');
  }
}

/** Sign+verify for signing pairs, encrypt+decrypt for RSA, and a self-agreement check for EC. */
export function pairwiseConsistency(kind: Exclude<KeyPairKind, { kind: 'ml-dsa' }>, priv: KeyObject, pub: KeyObject = createPublicKey(priv)): void {
  const probe = randomBytes(32);
  let ok: boolean;
  switch (kind.kind) {
    case 'rsa': {
      const sig = rsaSign(priv, 'sha256', 'pss', { message: probe });
      const pt = oaepDecrypt(priv, 'sha256', oaepEncrypt(pub, 'sha256', probe));
      ok = rsaVerify(pub, 'sha256', 'pss', { message: probe }, sig) && pt !== null && pt.equals(probe);
      break;
    }
    case 'ec': {
      const sig = ecdsaSign(priv, kind.curve, 'sha256', { message: probe });
      ok = ecdsaVerify(pub, kind.curve, 'sha256', { message: probe }, sig) && ecdhDerive(priv, pub).length > 0;
      break;
    }
    case 'ed25519':
      ok = ed25519Verify(pub, probe, ed25519Sign(priv, probe));
      break;
  }
  if (!ok) throw new PairwiseConsistencyError(`${kind.kind} pairwise consistency test failed`);
}
