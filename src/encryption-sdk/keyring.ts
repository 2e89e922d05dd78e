// The keyring port: what wraps and unwraps the data key of a message (spec framework/keyring-interface.md).
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/keyring-interface.md
import type { AlgorithmSuite } from './algorithm-suites.js';
import type { EncryptionContext } from './encryption-context.js';
import type { EncryptedDataKey } from './header.js';

export interface Keyring {
  /** Generates a data key of the suite's length and returns it with one encrypted data key per wrapping key. */
  onEncrypt(suite: AlgorithmSuite, context: EncryptionContext): Promise<{ dataKey: Buffer; edks: EncryptedDataKey[] }>;
  /** Returns the plaintext data key from the first encrypted data key it may and can open, or throws why not. */
  onDecrypt(suite: AlgorithmSuite, context: EncryptionContext, edks: readonly EncryptedDataKey[]): Promise<Buffer>;
}
