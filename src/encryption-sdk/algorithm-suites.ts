// The AWS Encryption SDK algorithm suites this implementation reads and writes, as one table.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/algorithm-suites.md
import { EsdkError } from './errors.js';

export interface AlgorithmSuite {
  id: number;
  name: string;
  /** Message format version (header version byte). */
  messageFormat: 1 | 2;
  /** AES key length of the derived data key, in bytes; the data key from the keyring has the same length. */
  keyLength: 16 | 24 | 32;
  /** null: the identity KDF (the data key encrypts directly). */
  kdfHash: 'sha256' | 'sha384' | 'sha512' | null;
  /** Key commitment: the commit key is stored in the header's suite data (32 bytes). */
  commitment: boolean;
  /** ECDSA curve and hash of the message signature, or null for unsigned suites. */
  signature: { curve: 'P-256' | 'P-384'; hash: 'sha256' | 'sha384' } | null;
}

/** Every suite of the spec's "Supported Algorithm Suites" table for the ESDK format. IV 12 and tag 16 bytes in all. */
export const ALGORITHM_SUITES: Readonly<Record<number, AlgorithmSuite>> = Object.freeze({
  0x0578: { id: 0x0578, name: 'AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384', messageFormat: 2, keyLength: 32, kdfHash: 'sha512', commitment: true, signature: { curve: 'P-384', hash: 'sha384' } },
  0x0478: { id: 0x0478, name: 'AES_256_GCM_HKDF_SHA512_COMMIT_KEY', messageFormat: 2, keyLength: 32, kdfHash: 'sha512', commitment: true, signature: null },
  0x0378: { id: 0x0378, name: 'AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384', messageFormat: 1, keyLength: 32, kdfHash: 'sha384', commitment: false, signature: { curve: 'P-384', hash: 'sha384' } },
  0x0346: { id: 0x0346, name: 'AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384', messageFormat: 1, keyLength: 24, kdfHash: 'sha384', commitment: false, signature: { curve: 'P-384', hash: 'sha384' } },
  0x0214: { id: 0x0214, name: 'AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256', messageFormat: 1, keyLength: 16, kdfHash: 'sha256', commitment: false, signature: { curve: 'P-256', hash: 'sha256' } },
  0x0178: { id: 0x0178, name: 'AES_256_GCM_IV12_TAG16_HKDF_SHA256', messageFormat: 1, keyLength: 32, kdfHash: 'sha256', commitment: false, signature: null },
  0x0146: { id: 0x0146, name: 'AES_192_GCM_IV12_TAG16_HKDF_SHA256', messageFormat: 1, keyLength: 24, kdfHash: 'sha256', commitment: false, signature: null },
  0x0114: { id: 0x0114, name: 'AES_128_GCM_IV12_TAG16_HKDF_SHA256', messageFormat: 1, keyLength: 16, kdfHash: 'sha256', commitment: false, signature: null },
  0x0078: { id: 0x0078, name: 'AES_256_GCM_IV12_TAG16_NO_KDF', messageFormat: 1, keyLength: 32, kdfHash: null, commitment: false, signature: null },
  0x0046: { id: 0x0046, name: 'AES_192_GCM_IV12_TAG16_NO_KDF', messageFormat: 1, keyLength: 24, kdfHash: null, commitment: false, signature: null },
  0x0014: { id: 0x0014, name: 'AES_128_GCM_IV12_TAG16_NO_KDF', messageFormat: 1, keyLength: 16, kdfHash: null, commitment: false, signature: null },
});

export const IV_LENGTH = 12;
export const TAG_LENGTH = 16;
/** Suite data length of the committing suites: the 256-bit commit key. */
export const COMMIT_KEY_LENGTH = 32;

/** The SDK's default (and Keyward's encrypt suite): committed, signed. */
export const DEFAULT_SUITE_ID = 0x0578;
/** The suites Keyward writes: the two committing ones (the spec's REQUIRE_ENCRYPT policies allow only these). */
export const ENCRYPT_SUITE_IDS: readonly number[] = [0x0578, 0x0478];

/**
 * Commitment policies (spec client-apis/client.md#commitment-policy), as a table of the suites each one decrypts.
 * Keyward always encrypts with a committing suite, so only the decrypt side differs.
 */
export const COMMITMENT_POLICIES = {
  'require-encrypt-require-decrypt': (s: AlgorithmSuite) => s.commitment,
  'require-encrypt-allow-decrypt': (_: AlgorithmSuite) => true,
} as const;
export type CommitmentPolicy = keyof typeof COMMITMENT_POLICIES;

export function suiteById(id: number): AlgorithmSuite {
  const suite = ALGORITHM_SUITES[id];
  if (!suite) throw new EsdkError(`Unsupported algorithm suite 0x${id.toString(16).padStart(4, '0')}`);
  return suite;
}

/** The symmetric cipher name node:crypto uses for a suite. */
export function cipherName(suite: AlgorithmSuite): 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm' {
  return `aes-${(suite.keyLength * 8) as 128 | 192 | 256}-gcm`;
}
