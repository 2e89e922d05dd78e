// Framed message body: encrypting a run of plaintext into consecutive frames and decrypting a run of frames, with the
// body AAD and deterministic per-frame IVs. Pure functions over buffers, so they run on the main thread or in a worker.
// Spec: https://github.com/awslabs/aws-encryption-sdk-specification/blob/master/data-format/message-body.md and
// data-format/message-body-aad.md; IVs: client-apis/encrypt.md "Construct a frame".
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { IV_LENGTH, TAG_LENGTH } from './algorithm-suites.js';
import { EsdkError } from './errors.js';

export type GcmCipherName = 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';

export const SEQUENCE_NUMBER_END = 0xffffffff;
const FRAME_LABEL = Buffer.from('AWSKMSEncryptionClient Frame', 'utf8');
const FINAL_FRAME_LABEL = Buffer.from('AWSKMSEncryptionClient Final Frame', 'utf8');
export const SINGLE_BLOCK_LABEL = Buffer.from('AWSKMSEncryptionClient Single Block', 'utf8');
/** Bytes around a regular frame's content: sequence number, IV, tag. */
export const REGULAR_FRAME_OVERHEAD = 4 + IV_LENGTH + TAG_LENGTH;
/** Bytes around a final frame's content: end marker, sequence number, IV, content length, tag. */
export const FINAL_FRAME_OVERHEAD = 4 + 4 + IV_LENGTH + 4 + TAG_LENGTH;
/** The spec's limit on frames per message (sequence numbers are 1 .. 2^32 - 1, the last one is reserved). */
export const MAX_FRAMES = 0xfffffffe;

export interface FrameKey {
  cipher: GcmCipherName;
  key: KeyObject;
  messageId: Buffer;
  frameLength: number;
}

/** The message body AAD: message id || label || sequence number (uint32) || content length (uint64). */
export function bodyAad(messageId: Buffer, label: Buffer, seq: number, length: number): Buffer {
  const aad = Buffer.allocUnsafe(messageId.length + label.length + 12);
  messageId.copy(aad, 0);
  label.copy(aad, messageId.length);
  const at = messageId.length + label.length;
  aad.writeUInt32BE(seq, at);
  aad.writeUInt32BE(Math.floor(length / 2 ** 32), at + 4);
  aad.writeUInt32BE(length >>> 0, at + 8);
  return aad;
}

/** The IV of frame `seq`: the sequence number, big-endian, left-padded with zeros to 12 bytes. */
export function frameIv(seq: number): Buffer {
  const iv = Buffer.alloc(IV_LENGTH);
  iv.writeUInt32BE(seq, IV_LENGTH - 4);
  return iv;
}

/** Serialized size of the frames that `sealFrames` produces for `length` bytes. */
export function sealedSize(frameLength: number, length: number, final: boolean): number {
  const regular = final ? regularCountInFinalRun(frameLength, length) : length / frameLength;
  const last = final ? FINAL_FRAME_OVERHEAD + (length - regular * frameLength) : 0;
  return regular * (frameLength + REGULAR_FRAME_OVERHEAD) + last;
}

// A final run ends in a final frame holding the last (1..frameLength) bytes, or 0 bytes when the run is empty: the spec's
// SHOULD ("the Final Frame encrypted content length SHOULD be equal to the frame length") for exact multiples.
function regularCountInFinalRun(frameLength: number, length: number): number {
  return length === 0 ? 0 : Math.ceil(length / frameLength) - 1;
}

/**
 * Encrypts `plaintext` as frames numbered from `firstSeq`. Not final: the length is a multiple of the frame length and
 * every frame is regular. Final: the last frame is the final frame.
 */
export function sealFrames(k: FrameKey, firstSeq: number, plaintext: Buffer, final: boolean): Buffer {
  const L = k.frameLength;
  if (!final && plaintext.length % L !== 0) throw new RangeError('a non-final run must hold whole frames');
  const regular = final ? regularCountInFinalRun(L, plaintext.length) : plaintext.length / L;
  if (firstSeq + regular + (final ? 0 : -1) > MAX_FRAMES) throw new EsdkError('The message would exceed 2^32 - 1 frames');
  const out = Buffer.allocUnsafe(sealedSize(L, plaintext.length, final));
  const scratch = new FrameScratch(k.messageId);
  let at = 0;
  for (let i = 0; i < regular; i++) {
    const seq = firstSeq + i;
    out.writeUInt32BE(seq, at);
    const iv = scratch.iv(seq);
    iv.copy(out, at + 4);
    at = encryptInto(k, iv, scratch.aad(FRAME_LABEL, seq, L), plaintext.subarray(i * L, (i + 1) * L), out, at + 4 + IV_LENGTH);
  }
  if (final) {
    const seq = firstSeq + regular;
    const rest = plaintext.subarray(regular * L);
    out.writeUInt32BE(SEQUENCE_NUMBER_END, at);
    out.writeUInt32BE(seq, at + 4);
    const iv = scratch.iv(seq);
    iv.copy(out, at + 8);
    out.writeUInt32BE(rest.length, at + 8 + IV_LENGTH); // the content length sits between the IV and the content
    at = encryptInto(k, iv, scratch.aad(FINAL_FRAME_LABEL, seq, rest.length), rest, out, at + 12 + IV_LENGTH);
  }
  return out;
}

/**
 * One IV and one AAD buffer rewritten for each frame of a run: createCipheriv copies the IV and setAAD feeds the AAD
 * to OpenSSL at once, so reusing them saves two allocations per frame.
 */
class FrameScratch {
  private readonly ivBuf = Buffer.alloc(IV_LENGTH);
  private readonly regular: Buffer;
  private readonly final: Buffer;
  constructor(messageId: Buffer) {
    this.regular = bodyAad(messageId, FRAME_LABEL, 0, 0);
    this.final = bodyAad(messageId, FINAL_FRAME_LABEL, 0, 0);
  }
  iv(seq: number): Buffer {
    this.ivBuf.writeUInt32BE(seq, IV_LENGTH - 4);
    return this.ivBuf;
  }
  aad(label: Buffer, seq: number, length: number): Buffer {
    const aad = label === FRAME_LABEL ? this.regular : this.final;
    const at = aad.length - 12;
    aad.writeUInt32BE(seq, at);
    aad.writeUInt32BE(Math.floor(length / 2 ** 32), at + 4);
    aad.writeUInt32BE(length >>> 0, at + 8);
    return aad;
  }
}

function encryptInto(k: FrameKey, iv: Buffer, aad: Buffer, content: Buffer, out: Buffer, at: number): number {
  const cipher = createCipheriv(k.cipher, k.key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  at += cipher.update(content).copy(out, at);
  cipher.final();
  return at + cipher.getAuthTag().copy(out, at);
}

/** One frame located in a run of serialized frames (offsets into that run). */
export interface FrameRef {
  seq: number;
  final: boolean;
  /** Offset of the IV. */
  iv: number;
  /** Offset and length of the encrypted content (the tag follows it). */
  content: number;
  length: number;
}

/** Decrypts frames located in `run`; throws (having zeroed its output) if any tag fails. */
export function openFrames(k: FrameKey, run: Buffer, frames: readonly FrameRef[]): Buffer {
  let total = 0;
  for (const f of frames) total += f.length;
  const out = Buffer.allocUnsafe(total);
  const scratch = new FrameScratch(k.messageId);
  let at = 0;
  for (const f of frames) {
    const label = f.final ? FINAL_FRAME_LABEL : FRAME_LABEL;
    const decipher = createDecipheriv(k.cipher, k.key, run.subarray(f.iv, f.iv + IV_LENGTH), { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(run.subarray(f.content + f.length, f.content + f.length + TAG_LENGTH));
    decipher.setAAD(scratch.aad(label, f.seq, f.length));
    at += decipher.update(run.subarray(f.content, f.content + f.length)).copy(out, at);
    try {
      decipher.final();
    } catch {
      out.fill(0);
      throw new EsdkError(`Frame ${f.seq} failed authentication: the message was modified or the wrong data key was used`);
    }
  }
  return out;
}
