// Recognises an AWS Encryption SDK message at the start of a value and reads the Keyward keys it names: each aws-kms
// encrypted data key carries the key ARN (provider info) and a Keyward blob (ciphertext) that names the version.
// Format: src/encryption-sdk/header.ts (https://github.com/awslabs/aws-encryption-sdk-specification, message-header.md).
import { ByteReader } from '../encryption-sdk/byte-reader.js';
import { KMS_PROVIDER_ID } from '../encryption-sdk/kms-keyring.js';
import { parseHeader } from '../encryption-sdk/header.js';
import { ALGORITHM_SUITES } from '../encryption-sdk/algorithm-suites.js';
import { readBlobHeader } from './blob-header.js';
import type { Match } from './match.js';

/** A key ARN as KMS writes it in provider info; the key id part is checked against the blob's. */
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/([0-9a-f-]{36}|mrk-[0-9a-f]{32})$/;
/** More EDKs than this in a header is not a message anyone wrote with a KMS keyring (and bounds the parse). */
const MAX_EDKS = 256;

/** A cheap look at the first bytes: message format 2 (02 + suite) or 1 (01 80 + suite), with a known suite. */
function looksLikeHeader(head: Buffer): boolean {
  if (head.length < 4) return false;
  const version = head[0];
  const suiteAt = version === 2 ? 1 : version === 1 && head[1] === 0x80 ? 2 : -1;
  if (suiteAt < 0) return false;
  const suite = ALGORITHM_SUITES[head.readUInt16BE(suiteAt)];
  return suite !== undefined && suite.messageFormat === version;
}

/**
 * The Keyward keys of the message that starts `head` (the first bytes of a value of `size` bytes), one match per aws-kms
 * encrypted data key whose ARN and blob agree; [] when the value is not such a message. The header tag cannot be checked
 * without the data key, so agreement between the ARN and the blob's own header is what rules out noise.
 */
export async function esdkMatches(head: Buffer, size: number): Promise<Match[]> {
  if (!looksLikeHeader(head)) return [];
  let edks;
  try {
    edks = (await parseHeader(new ByteReader([head]), MAX_EDKS)).edks;
  } catch {
    return []; // truncated or malformed: not a message (or a header larger than the head we read)
  }
  const out: Match[] = [];
  for (const edk of edks) {
    if (edk.providerId !== KMS_PROVIDER_ID) continue;
    const arn = KEY_ARN.exec(edk.providerInfo.toString('latin1'));
    const blob = readBlobHeader(edk.ciphertext, 0, edk.ciphertext.length);
    if (!arn || !blob || blob.keyId !== arn[1]) continue;
    out.push({ format: 'esdk-message', offset: 0, length: size, keyId: blob.keyId, keyVersion: blob.keyVersion, keyArn: arn[0], bytes: size });
  }
  return out;
}
