// Derives the message's encryption key (and, for committing suites, the commit key) from the data key, and computes
// and checks the header authentication tag.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/framework/transitive-requirements.md
// (HKDF Encryption Key, HKDF Commit Key) and client-apis/encrypt.md "Construct the header".
import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { COMMIT_KEY_LENGTH, TAG_LENGTH, cipherName, type AlgorithmSuite } from './algorithm-suites.js';
import { uint16 } from './encryption-context.js';
import { EsdkError } from './errors.js';

const DERIVE_KEY_LABEL = Buffer.from('DERIVEKEY', 'utf8');
const COMMIT_KEY_LABEL = Buffer.from('COMMITKEY', 'utf8');

export interface DerivedKeys {
  /** The AES key of the header tag and every frame. */
  key: KeyObject;
  /** Committing suites: the value stored in (and checked against) the header's suite data. */
  commitKey: Buffer | null;
}

/** Derives the encryption key (and commit key) for `messageId` from the plaintext data key. */
export function deriveKeys(suite: AlgorithmSuite, dataKey: Buffer, messageId: Buffer): DerivedKeys {
  if (dataKey.length !== suite.keyLength) throw new EsdkError('The data key has the wrong length for the algorithm suite');
  if (suite.kdfHash === null) return { key: createSecretKey(Buffer.from(dataKey)), commitKey: null };
  if (!suite.commitment) {
    // Non-committing HKDF suites: no salt (RFC 5869 then uses HashLen zero bytes), info = suite id || message id.
    const info = Buffer.concat([uint16(suite.id), messageId]);
    return { key: secret(hkdfSync(suite.kdfHash, dataKey, Buffer.alloc(0), info, suite.keyLength)), commitKey: null };
  }
  // Committing suites: salt = the 256-bit message id; info = suite id || "DERIVEKEY", and "COMMITKEY".
  const key = secret(hkdfSync(suite.kdfHash, dataKey, messageId, Buffer.concat([uint16(suite.id), DERIVE_KEY_LABEL]), suite.keyLength));
  const commitKey = Buffer.from(hkdfSync(suite.kdfHash, dataKey, messageId, COMMIT_KEY_LABEL, COMMIT_KEY_LENGTH));
  return { key, commitKey };
}

function secret(bytes: ArrayBuffer): KeyObject {
  const b = Buffer.from(bytes);
  const key = createSecretKey(b);
  b.fill(0);
  return key;
}

/** Checks the stored commit key in constant time (spec transitive-requirements.md: "MUST be a constant time comparison"). */
export function commitKeyMatches(expected: Buffer, stored: Buffer): boolean {
  return expected.length === stored.length && timingSafeEqual(expected, stored);
}

/** The header authentication tag: AES-GCM over an empty plaintext with the header body as AAD. */
export function headerAuthTag(suite: AlgorithmSuite, key: KeyObject, iv: Buffer, headerBody: Buffer): Buffer {
  const cipher = createCipheriv(cipherName(suite), key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(headerBody);
  cipher.final();
  return cipher.getAuthTag();
}

/** Verifies the header authentication tag. */
export function headerAuthValid(suite: AlgorithmSuite, key: KeyObject, iv: Buffer, headerBody: Buffer, tag: Buffer): boolean {
  const decipher = createDecipheriv(cipherName(suite), key, iv, { authTagLength: TAG_LENGTH });
  try {
    decipher.setAuthTag(tag);
    decipher.setAAD(headerBody);
    decipher.final();
    return true;
  } catch {
    return false;
  }
}
