// Signing algorithms as data: the scheme, hash, accepted MessageTypes and DIGEST/EXTERNAL_MU length of each
// AWS SigningAlgorithmSpec. Source: KMS API Sign (MessageType), Developer Guide "Key spec reference";
// ../shared/reference/aws-kms-api.md §3.2.
import type { HashName } from '../../crypto/digest.js';
import type { SigningAlgorithm } from '../../protocol/enums.js';

export type MessageType = 'RAW' | 'DIGEST' | 'EXTERNAL_MU';

export type SignScheme =
  | { family: 'rsa'; padding: 'pss' | 'pkcs1'; hash: HashName }
  | { family: 'ecdsa'; hash: HashName }
  | { family: 'ed25519' }
  | { family: 'ed25519ph' }
  | { family: 'ml-dsa' }
  | { family: 'sm2' };

export interface SigningAlgorithmInfo {
  scheme: SignScheme;
  /** MessageTypes the algorithm accepts, each with the exact length required (undefined: 1–4096 bytes). */
  messageTypes: Partial<Record<MessageType, number | undefined>>;
}

const RAW_OR_DIGEST = (bytes: number) => ({ RAW: undefined, DIGEST: bytes });

export const SIGNING_TABLE: Readonly<Record<SigningAlgorithm, SigningAlgorithmInfo>> = {
  RSASSA_PSS_SHA_256: { scheme: { family: 'rsa', padding: 'pss', hash: 'sha256' }, messageTypes: RAW_OR_DIGEST(32) },
  RSASSA_PSS_SHA_384: { scheme: { family: 'rsa', padding: 'pss', hash: 'sha384' }, messageTypes: RAW_OR_DIGEST(48) },
  RSASSA_PSS_SHA_512: { scheme: { family: 'rsa', padding: 'pss', hash: 'sha512' }, messageTypes: RAW_OR_DIGEST(64) },
  RSASSA_PKCS1_V1_5_SHA_256: { scheme: { family: 'rsa', padding: 'pkcs1', hash: 'sha256' }, messageTypes: RAW_OR_DIGEST(32) },
  RSASSA_PKCS1_V1_5_SHA_384: { scheme: { family: 'rsa', padding: 'pkcs1', hash: 'sha384' }, messageTypes: RAW_OR_DIGEST(48) },
  RSASSA_PKCS1_V1_5_SHA_512: { scheme: { family: 'rsa', padding: 'pkcs1', hash: 'sha512' }, messageTypes: RAW_OR_DIGEST(64) },
  ECDSA_SHA_256: { scheme: { family: 'ecdsa', hash: 'sha256' }, messageTypes: RAW_OR_DIGEST(32) },
  ECDSA_SHA_384: { scheme: { family: 'ecdsa', hash: 'sha384' }, messageTypes: RAW_OR_DIGEST(48) },
  ECDSA_SHA_512: { scheme: { family: 'ecdsa', hash: 'sha512' }, messageTypes: RAW_OR_DIGEST(64) },
  // PureEdDSA hashes the whole message itself: RAW only.
  ED25519_SHA_512: { scheme: { family: 'ed25519' }, messageTypes: { RAW: undefined } },
  // HashEdDSA: DIGEST only, a 64-byte SHA-512 digest (which Ed25519ph's PH step hashes again).
  ED25519_PH_SHA_512: { scheme: { family: 'ed25519ph' }, messageTypes: { DIGEST: 64 } },
  // ML-DSA: a message, or the 64-byte μ of FIPS 204 Algorithm 7 line 6.
  ML_DSA_SHAKE_256: { scheme: { family: 'ml-dsa' }, messageTypes: { RAW: undefined, EXTERNAL_MU: 64 } },
  SM2DSA: { scheme: { family: 'sm2' }, messageTypes: RAW_OR_DIGEST(32) },
};
