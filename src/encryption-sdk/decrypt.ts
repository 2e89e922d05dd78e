// Streaming decryption of an AWS Encryption SDK message (formats 1.0 and 2.0, framed or not): header parse and
// checks, data key, commitment and header tag, then runs of authenticated frames, then the signature and end of input.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/client-apis/decrypt.md
import { createDecipheriv } from 'node:crypto';
import { COMMITMENT_POLICIES, IV_LENGTH, TAG_LENGTH, cipherName, type CommitmentPolicy } from './algorithm-suites.js';
import { ByteReader, type ByteSource } from './byte-reader.js';
import { PUBLIC_KEY_CONTEXT_KEY } from './encryption-context.js';
import { EsdkError, needs } from './errors.js';
import { CONTENT_TYPE, parseHeader, serializedHeader, type MessageHeader } from './header.js';
import { commitKeyMatches, deriveKeys, headerAuthValid } from './key-derivation.js';
import type { Keyring } from './keyring.js';
import type { MaterialsCache } from './materials-cache.js';
import { decryptionMaterials } from './materials.js';
import { framesPerRun } from './frame-runs.js';
import { openFrames, FINAL_FRAME_OVERHEAD, REGULAR_FRAME_OVERHEAD, SEQUENCE_NUMBER_END, SINGLE_BLOCK_LABEL, bodyAad, type FrameKey, type FrameRef } from './frames.js';
import { MessageVerifier } from './signature.js';
import { NO_EDK_LIMIT } from './encrypt.js';

/** Required context on decrypt: pairs that must be present with these values, and keys that must be present. */
export interface RequiredContext {
  pairs?: Readonly<Record<string, string>>;
  keys?: readonly string[];
}

export interface DecryptOptions {
  keyring: Keyring;
  commitmentPolicy?: CommitmentPolicy;
  maxEncryptedDataKeys?: number;
  requiredContext?: RequiredContext;
  cache?: MaterialsCache;
  /** Called once the header is authenticated, before any plaintext is yielded; may throw to refuse the message. */
  onHeader?: (header: MessageHeader) => void;
}

/**
 * Decrypts a message, yielding plaintext of authenticated frames. For signed suites (and non-framed bodies) that
 * plaintext is not yet authenticated as a whole: it is only final when the generator returns without throwing, so
 * callers must hold it back until then (the CLI writes a temporary file and renames it at the end).
 */
export async function* decryptStream(source: ByteSource, opts: DecryptOptions): AsyncGenerator<Buffer> {
  const reader = new ByteReader(source);
  const header = await parseHeader(reader, opts.maxEncryptedDataKeys ?? NO_EDK_LIMIT);
  const { suite } = header;
  const policy = opts.commitmentPolicy ?? 'require-encrypt-require-decrypt';
  needs(COMMITMENT_POLICIES[policy](suite), `The message uses ${suite.name}, which does not commit to its key; commitment policy ${policy} refuses it`);
  checkRequiredContext(header.context, opts.requiredContext);
  const materials = await decryptionMaterials(opts.keyring, suite, header.context, header.edks, opts.cache);
  const { key, commitKey } = deriveKeys(suite, materials.dataKey, header.messageId);
  if (!opts.cache) materials.dataKey.fill(0);
  if (commitKey) needs(commitKeyMatches(commitKey, header.suiteData), 'Key commitment check failed: the data key does not belong to this message');
  needs(headerAuthValid(suite, key, header.headerIv, header.body, header.authTag), 'The message header failed authentication');
  const verifier = materials.verificationKey && suite.signature ? new MessageVerifier(suite.signature, materials.verificationKey) : null;
  verifier?.update(serializedHeader(header));
  opts.onHeader?.(header);
  const k: FrameKey = { cipher: cipherName(suite), key, messageId: header.messageId, frameLength: header.frameLength };
  const body = header.contentType === CONTENT_TYPE.framed ? framedBody(reader, k, verifier) : nonFramedBody(reader, k, verifier);
  for await (const plaintext of body) yield plaintext;
  if (verifier) {
    const length = (await reader.take(2, 'The message is truncated (no signature)')).readUInt16BE(0);
    const signature = await reader.take(length, 'The message is truncated (incomplete signature)');
    needs(verifier.verify(signature), 'The message signature is not valid');
  }
  needs(await reader.atEnd(), 'Unexpected bytes after the end of the message');
}

function checkRequiredContext(context: Readonly<Record<string, string>>, required: RequiredContext | undefined): void {
  for (const [k, v] of Object.entries(required?.pairs ?? {})) {
    needs(context[k] === v, context[k] === undefined
      ? `The message's encryption context has no key ${JSON.stringify(k)}`
      : `The message's encryption context has a different value for ${JSON.stringify(k)}`);
  }
  for (const k of required?.keys ?? []) needs(k in context, `The message's encryption context has no key ${JSON.stringify(k)}`);
  needs(!(required?.pairs && PUBLIC_KEY_CONTEXT_KEY in required.pairs), `${PUBLIC_KEY_CONTEXT_KEY} cannot be required`);
}

/** Collects runs of whole frames from the reader (checking sequence numbers and lengths) and opens them in order. */
async function* framedBody(reader: ByteReader, k: FrameKey, verifier: MessageVerifier | null): AsyncGenerator<Buffer> {
  const perRun = framesPerRun(k.frameLength);
  let seq = 1;
  let final = false;
  while (!final) {
    const frames: FrameRef[] = [];
    let size = 0;
    while (!final && frames.length < perRun) {
      // Parse from what is buffered; wait for more input only when the next frame is not all there yet.
      const frame = locateFrame(reader, size, seq, k.frameLength);
      if (typeof frame === 'number') {
        if (!(await reader.fill(frame))) throw new EsdkError('The message is truncated (incomplete frame or no final frame)');
        continue;
      }
      frames.push(frame.ref);
      size += frame.size;
      final = frame.ref.final;
      seq++;
    }
    const run = reader.takeBuffered(size);
    verifier?.update(run);
    yield openFrames(k, run, frames);
  }
}

/**
 * Locates the frame starting `offset` bytes into the buffered input, expecting sequence number `seq`; when it is not
 * wholly buffered, returns how many bytes must be buffered to read further.
 */
function locateFrame(reader: ByteReader, offset: number, seq: number, frameLength: number): { ref: FrameRef; size: number } | number {
  if (reader.available < offset + 4) return offset + 4;
  const first = reader.uint32At(offset);
  if (first !== SEQUENCE_NUMBER_END) {
    needs(first === seq, `Frame sequence number ${first} where ${seq} was expected`);
    const size = frameLength + REGULAR_FRAME_OVERHEAD;
    if (reader.available < offset + size) return offset + size;
    return { ref: { seq, final: false, iv: offset + 4, content: offset + 4 + IV_LENGTH, length: frameLength }, size };
  }
  const fixed = 8 + IV_LENGTH + 4;
  if (reader.available < offset + fixed) return offset + fixed;
  const finalSeq = reader.uint32At(offset + 4);
  needs(finalSeq === seq, `Final frame sequence number ${finalSeq} where ${seq} was expected`);
  const length = reader.uint32At(offset + 8 + IV_LENGTH);
  needs(length <= frameLength, 'The final frame is longer than the frame length');
  const size = FINAL_FRAME_OVERHEAD + length;
  if (reader.available < offset + size) return offset + size;
  return { ref: { seq, final: true, iv: offset + 8, content: offset + fixed, length }, size };
}

/** Legacy non-framed body: one AES-GCM over the whole content, streamed; authentic only once the tag checks. */
async function* nonFramedBody(reader: ByteReader, k: FrameKey, verifier: MessageVerifier | null): AsyncGenerator<Buffer> {
  const head = await reader.take(IV_LENGTH + 8, 'The message is truncated (incomplete body)');
  verifier?.update(head);
  const length = head.readUInt32BE(IV_LENGTH) * 2 ** 32 + head.readUInt32BE(IV_LENGTH + 4);
  needs(length <= 2 ** 36 - 32, 'The non-framed body is longer than 2^36 - 32 bytes');
  const decipher = createDecipheriv(k.cipher, k.key, head.subarray(0, IV_LENGTH), { authTagLength: TAG_LENGTH });
  decipher.setAAD(bodyAad(k.messageId, SINGLE_BLOCK_LABEL, 1, length));
  for (let left = length; left > 0;) {
    const chunk = await reader.take(Math.min(left, 1024 * 1024), 'The message is truncated (incomplete body)');
    left -= chunk.length;
    verifier?.update(chunk);
    yield decipher.update(chunk);
  }
  const tag = await reader.take(TAG_LENGTH, 'The message is truncated (no body tag)');
  verifier?.update(tag);
  decipher.setAuthTag(tag);
  try {
    decipher.final();
  } catch {
    throw new EsdkError('The message body failed authentication: the message was modified or the wrong data key was used');
  }
}
