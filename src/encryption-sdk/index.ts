// The AWS Encryption SDK message format layer: what the CLI and the tests import.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification
export { ALGORITHM_SUITES, DEFAULT_SUITE_ID, COMMITMENT_POLICIES, type AlgorithmSuite, type CommitmentPolicy } from './algorithm-suites.js';
export { decryptStream, type DecryptOptions, type RequiredContext } from './decrypt.js';
export { DEFAULT_FRAME_LENGTH, encryptStream, type EncryptOptions } from './encrypt.js';
export { EsdkError } from './errors.js';
export type { EncryptedDataKey, MessageHeader } from './header.js';
export type { Keyring } from './keyring.js';
export { KmsKeyring, KMS_PROVIDER_ID, type DiscoveryFilter, type KmsKeyringOptions } from './kms-keyring.js';
export { MaterialsCache, DEFAULT_CACHE_LIMITS, type CacheLimits } from './materials-cache.js';
