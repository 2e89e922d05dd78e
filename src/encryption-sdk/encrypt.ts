// Streaming encryption into an AWS Encryption SDK message (format 2.0, committing suite, framed, signed by default),
// in constant memory: the header first, then runs of frames as the plaintext arrives, then the signature footer.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/client-apis/encrypt.md
import { randomBytes } from 'node:crypto';
import { DEFAULT_SUITE_ID, ENCRYPT_SUITE_IDS, cipherName, suiteById } from './algorithm-suites.js';
import { ByteReader, type ByteSource } from './byte-reader.js';
import type { EncryptionContext } from './encryption-context.js';
import { needs } from './errors.js';
import { MESSAGE_ID_LENGTH, serializeHeaderBodyV2, serializedHeader, type MessageHeader } from './header.js';
import { deriveKeys, headerAuthTag } from './key-derivation.js';
import type { Keyring } from './keyring.js';
import type { MaterialsCache } from './materials-cache.js';
import { cachedEncryptionMaterials } from './materials.js';
import { runFrames } from './frame-runs.js';
import { MessageSigner } from './signature.js';
import { uint16 } from './encryption-context.js';

/** The SDK's default frame length. */
export const DEFAULT_FRAME_LENGTH = 4096;
/** The SDK's default limit on encrypted data keys is none; Keyward's CLI passes its own. */
export const NO_EDK_LIMIT = 0xffff;

export interface EncryptOptions {
  keyring: Keyring;
  context?: EncryptionContext;
  /** 0x0578 (default, signed) or 0x0478 (unsigned). */
  suiteId?: number;
  frameLength?: number;
  maxEncryptedDataKeys?: number;
  cache?: MaterialsCache;
  /** Known plaintext length (enables the cache, as in the SDK's caching CMM). */
  plaintextLength?: number;
  /** Called with the header once it is written (for --json summaries and the tests). */
  onHeader?: (header: MessageHeader) => void;
}

/** Encrypts a byte stream, yielding the message's bytes in order. */
export async function* encryptStream(source: ByteSource, opts: EncryptOptions): AsyncGenerator<Buffer> {
  const suite = suiteById(opts.suiteId ?? DEFAULT_SUITE_ID);
  needs(ENCRYPT_SUITE_IDS.includes(suite.id), `Keyward encrypts only with a committing suite (0x0578 or 0x0478), not ${suite.name}`);
  const frameLength = opts.frameLength ?? DEFAULT_FRAME_LENGTH;
  needs(Number.isInteger(frameLength) && frameLength >= 1 && frameLength <= 0xffffffff, 'The frame length must be between 1 and 2^32 - 1');
  const materials = await cachedEncryptionMaterials(opts.keyring, suite, opts.context ?? {}, opts.maxEncryptedDataKeys ?? NO_EDK_LIMIT, opts.cache, opts.plaintextLength);
  const messageId = randomBytes(MESSAGE_ID_LENGTH[2]);
  const { key, commitKey } = deriveKeys(suite, materials.dataKey, messageId);
  if (!opts.cache) materials.dataKey.fill(0);
  const body = serializeHeaderBodyV2({ suite, messageId, context: materials.context, edks: materials.edks, frameLength, commitKey: commitKey! });
  const headerIv = Buffer.alloc(12);
  const header: MessageHeader = {
    version: 2, suite, messageId, context: { ...materials.context }, edks: materials.edks, contentType: 2, frameLength,
    suiteData: commitKey!, headerIv, body, authTag: headerAuthTag(suite, key, headerIv, body),
  };
  const signer = materials.signingKey && suite.signature ? new MessageSigner(suite.signature, materials.signingKey) : null;
  const headerBytes = serializedHeader(header);
  signer?.update(headerBytes);
  opts.onHeader?.(header);
  yield headerBytes;
  const frameKey = { cipher: cipherName(suite), key, messageId, frameLength };
  for await (const sealed of runFrames(new ByteReader(source), frameKey)) {
    signer?.update(sealed);
    yield sealed;
  }
  if (signer) {
    const signature = signer.sign();
    yield Buffer.concat([uint16(signature.length), signature]);
  }
}
