// Re-encryption to a key's newest version through the server: ReEncrypt for Keyward blobs (the plaintext never leaves
// the server), and for ESDK messages decrypt + encrypt of the whole message to the same keys with the same context,
// suite and frame length (the data key is new; a message is only as current as its encrypted data keys).
import { ReEncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DEFAULT_SUITE_ID, KMS_PROVIDER_ID, KmsKeyring, decryptStream, encryptStream, type MessageHeader } from '../../encryption-sdk/index.js';
import type { ByteSource } from '../../encryption-sdk/byte-reader.js';
import { PUBLIC_KEY_CONTEXT_KEY } from '../../encryption-sdk/encryption-context.js';

export interface Rewrapper {
  /** The blob re-encrypted under the newest version of `arn` (DestinationKeyId = the same key). */
  reEncrypt(blob: Buffer, arn: string): Promise<Buffer>;
  /** The message re-encrypted to the keys `arns` (every key it named), as a stream of bytes. */
  esdk(message: ByteSource, arns: readonly string[]): AsyncGenerator<Buffer>;
}

/** Suites Keyward encrypts with; messages in another (format 1) are rewritten in the default committing suite. */
const REWRITE_SUITES = new Set([0x0578, 0x0478]);

export function kmsRewrapper(kms: KMSClient, context: Readonly<Record<string, string>> = {}): Rewrapper {
  const clientFor = () => kms;
  const ec = Object.keys(context).length > 0 ? { ...context } : undefined;
  return {
    async reEncrypt(blob, arn) {
      const out = await kms.send(new ReEncryptCommand({
        CiphertextBlob: blob, SourceKeyId: arn, DestinationKeyId: arn, SourceEncryptionContext: ec, DestinationEncryptionContext: ec,
      }));
      if (!out.CiphertextBlob) throw new Error(`ReEncrypt under ${arn} returned no ciphertext`);
      return Buffer.from(out.CiphertextBlob);
    },
    async *esdk(message, arns) {
      let header: MessageHeader | undefined;
      const plaintext = decryptStream(message, {
        keyring: new KmsKeyring({ keyIds: arns, clientFor }), commitmentPolicy: 'require-encrypt-allow-decrypt', onHeader: (h) => (header = h),
      });
      // The header (context, suite, frame length) is known once the first plaintext is asked for.
      const first = await plaintext.next();
      const h = header!;
      // Re-encrypting to the Keyward keys alone would silently drop any other recipient of the message.
      const foreign = h.edks.filter((e) => e.providerId !== KMS_PROVIDER_ID || !arns.includes(e.providerInfo.toString('utf8')));
      if (foreign.length > 0) {
        await plaintext.return(undefined);
        throw new Error(`the message has ${foreign.length} encrypted data key(s) of other providers or keys (${[...new Set(foreign.map((e) => e.providerId))].join(', ')}) that keyward cannot re-create: re-encrypt it with the SDK and keyrings that hold them`);
      }
      const { [PUBLIC_KEY_CONTEXT_KEY]: _signingKey, ...messageContext } = h.context; // the SDK adds a fresh one
      yield* encryptStream(rest(first, plaintext), {
        keyring: new KmsKeyring({ keyIds: arns, clientFor }), context: messageContext,
        suiteId: REWRITE_SUITES.has(h.suite.id) ? h.suite.id : DEFAULT_SUITE_ID,
        ...(h.contentType === 2 ? { frameLength: h.frameLength } : {}),
      });
    },
  };
}

async function* rest(first: IteratorResult<Buffer>, more: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  if (first.done) return;
  yield first.value;
  yield* more;
}
