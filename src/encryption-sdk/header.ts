// The message header (versions 1.0 and 2.0): serialization for encrypt (2.0 only) and incremental parsing for decrypt.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/data-format/message-header.md
import { COMMIT_KEY_LENGTH, IV_LENGTH, TAG_LENGTH, suiteById, type AlgorithmSuite } from './algorithm-suites.js';
import type { ByteReader } from './byte-reader.js';
import { parseContext, serializeContext, uint16, type EncryptionContext } from './encryption-context.js';
import { EsdkError, needs } from './errors.js';

export interface EncryptedDataKey {
  providerId: string;
  /** For aws-kms: the UTF-8 key ARN. */
  providerInfo: Buffer;
  ciphertext: Buffer;
}

export const CONTENT_TYPE = { nonFramed: 1, framed: 2 } as const;
const TYPE_CUSTOMER_AED = 0x80;
export const MESSAGE_ID_LENGTH = { 1: 16, 2: 32 } as const;
/** Largest frame decrypt accepts: a frame is held in memory whole before its tag is checked (documented limit). */
export const MAX_DECRYPT_FRAME_LENGTH = 64 * 1024 * 1024;

export interface MessageHeader {
  version: 1 | 2;
  suite: AlgorithmSuite;
  messageId: Buffer;
  context: Record<string, string>;
  edks: EncryptedDataKey[];
  contentType: 1 | 2;
  frameLength: number;
  /** Version 2: the commit key (suite data); version 1: empty. */
  suiteData: Buffer;
  /** Version 1: the header IV; version 2: 12 zero bytes (spec encrypt.md "The IV has a value of 0"). */
  headerIv: Buffer;
  /** The serialized header body exactly as read or written: the AAD of the header authentication tag. */
  body: Buffer;
  authTag: Buffer;
}

/** Serializes a version 2.0 header body (framed content, the only kind written: spec encrypt.md). */
export function serializeHeaderBodyV2(h: { suite: AlgorithmSuite; messageId: Buffer; context: EncryptionContext; edks: readonly EncryptedDataKey[]; frameLength: number; commitKey: Buffer }): Buffer {
  const context = serializeContext(h.context);
  const frame = Buffer.allocUnsafe(4);
  frame.writeUInt32BE(h.frameLength);
  return Buffer.concat([
    Buffer.from([2]), uint16(h.suite.id), h.messageId, uint16(context.length), context,
    serializeEdks(h.edks), Buffer.from([CONTENT_TYPE.framed]), frame, h.commitKey,
  ]);
}

export function serializeEdks(edks: readonly EncryptedDataKey[]): Buffer {
  needs(edks.length > 0 && edks.length <= 0xffff, 'A message needs between 1 and 65535 encrypted data keys');
  const parts: Buffer[] = [uint16(edks.length)];
  for (const edk of edks) {
    const id = Buffer.from(edk.providerId, 'utf8');
    for (const field of [id, edk.providerInfo, edk.ciphertext]) {
      needs(field.length <= 0xffff, 'An encrypted data key field is longer than 65535 bytes');
      parts.push(uint16(field.length), field);
    }
  }
  return Buffer.concat(parts);
}

/** Records every byte taken, so the header body can be authenticated (and signed) exactly as it was read. */
class Recorder {
  readonly parts: Buffer[] = [];
  constructor(private readonly reader: ByteReader) {}
  async take(n: number): Promise<Buffer> {
    const b = await this.reader.take(n, 'The message is truncated (incomplete header)');
    this.parts.push(b);
    return b;
  }
  async u8(): Promise<number> { return (await this.take(1))[0]!; }
  async u16(): Promise<number> { return (await this.take(2)).readUInt16BE(0); }
  async u32(): Promise<number> { return (await this.take(4)).readUInt32BE(0); }
}

/**
 * Parses a header from the reader. `maxEdks` is checked as soon as the count is read (spec decrypt.md: process no
 * more bytes). Nothing parsed is trusted until the caller has verified `authTag`.
 */
export async function parseHeader(reader: ByteReader, maxEdks: number): Promise<MessageHeader> {
  const r = new Recorder(reader);
  const version = await r.u8();
  if (version !== 1 && version !== 2) {
    throw new EsdkError(version === 0x41 ? 'The input looks base64-encoded, not a binary Encryption SDK message' : `Not an AWS Encryption SDK message (version byte 0x${version.toString(16)})`);
  }
  if (version === 1) needs((await r.u8()) === TYPE_CUSTOMER_AED, 'Not an AWS Encryption SDK message (unknown message type)');
  const suiteId = await r.u16();
  const suite = suiteById(suiteId);
  needs(suite.messageFormat === version, `Algorithm suite ${suite.name} does not belong to message format ${version}`);
  const messageId = Buffer.from(await r.take(MESSAGE_ID_LENGTH[version]));
  const context = parseContext(Buffer.from(await r.take(await r.u16())));
  const edks = await parseEdks(r, maxEdks);
  const contentType = await r.u8();
  needs(contentType === CONTENT_TYPE.framed || contentType === CONTENT_TYPE.nonFramed, `Unknown content type ${contentType}`);
  if (version === 1) {
    needs((await r.take(4)).equals(Buffer.alloc(4)), 'The reserved header field is not zero');
    needs((await r.u8()) === IV_LENGTH, 'The header IV length does not match the algorithm suite');
  }
  const frameLength = await r.u32();
  checkFrameLength(contentType, frameLength);
  const suiteData = Buffer.from(version === 2 ? await r.take(COMMIT_KEY_LENGTH) : Buffer.alloc(0));
  const body = Buffer.concat(r.parts);
  const headerIv = version === 1 ? Buffer.from(await reader.take(IV_LENGTH, 'The message is truncated (incomplete header)')) : Buffer.alloc(IV_LENGTH);
  const authTag = Buffer.from(await reader.take(TAG_LENGTH, 'The message is truncated (incomplete header)'));
  return { version, suite, messageId, context, edks, contentType, frameLength, suiteData, headerIv, body, authTag };
}

async function parseEdks(r: Recorder, maxEdks: number): Promise<EncryptedDataKey[]> {
  const count = await r.u16();
  needs(count > 0, 'The message has no encrypted data keys');
  needs(count <= maxEdks, `The message has ${count} encrypted data keys, more than the maximum of ${maxEdks}`);
  const edks: EncryptedDataKey[] = [];
  for (let i = 0; i < count; i++) {
    const providerId = Buffer.from(await r.take(await r.u16())).toString('utf8');
    const providerInfo = Buffer.from(await r.take(await r.u16()));
    const ciphertext = Buffer.from(await r.take(await r.u16()));
    edks.push({ providerId, providerInfo, ciphertext });
  }
  return edks;
}

function checkFrameLength(contentType: number, frameLength: number): void {
  if (contentType === CONTENT_TYPE.nonFramed) {
    needs(frameLength === 0, 'A non-framed message must have frame length 0');
    return;
  }
  needs(frameLength > 0, 'A framed message must have a frame length above 0');
  needs(frameLength <= MAX_DECRYPT_FRAME_LENGTH, `Frame length ${frameLength} exceeds the ${MAX_DECRYPT_FRAME_LENGTH}-byte limit for decryption`);
}

/** The header bytes as they appear in the message: body, then (version 1) the IV, then the tag. */
export function serializedHeader(h: Pick<MessageHeader, 'version' | 'body' | 'headerIv' | 'authTag'>): Buffer {
  return Buffer.concat(h.version === 1 ? [h.body, h.headerIv, h.authTag] : [h.body, h.authTag]);
}

