// Planting for the discovery-scan tests: Keyward ciphertexts in the forms `keyward scan` finds (raw blobs, base64 in
// JSON and text, data-key envelopes, ESDK messages from @aws-crypto/client-node) with the expected inventory kept as
// they are planted, and noise built to look like them (the magic bytes, header-shaped fakes naming no real key).
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import type { TestServer } from './server.js';

const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/** Expected inventory: `${arn} v${version}` → count and bytes. */
export class Expected {
  readonly entries = new Map<string, { Count: number; Bytes: number }>();
  add(arn: string, version: number, bytes: number): void {
    const k = `${arn} v${version}`;
    const e = this.entries.get(k) ?? { Count: 0, Bytes: 0 };
    e.Count++;
    e.Bytes += bytes;
    this.entries.set(k, e);
  }
  asObject(): Record<string, { Count: number; Bytes: number }> {
    return Object.fromEntries([...this.entries].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

/** The inventory of a `keyward scan --json` summary in the same shape. */
export function inventoryOf(summary: { Inventory: { KeyId: string; KeyVersion: number; Count: number; Bytes: number }[] }): Record<string, { Count: number; Bytes: number }> {
  return Object.fromEntries(summary.Inventory.map((e) => [`${e.KeyId} v${e.KeyVersion}`, { Count: e.Count, Bytes: e.Bytes }]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
}

export const versionOf = (blob: Uint8Array) => Buffer.from(blob).readUInt32BE(18);

export class Planter {
  readonly expected = new Expected();
  /** What each planted ciphertext must decrypt to after a rewrap: blob (base64) → plaintext. */
  readonly plaintexts = new Map<string, Buffer>();
  private readonly clientProvider;
  constructor(private readonly kms: KMSClient, server: TestServer) {
    this.clientProvider = getClient(KMS, { endpoint: server.url, credentials: server.credentials, maxAttempts: 1 });
  }

  /** A blob under `arn` (its current version), counted in the expected inventory. */
  async blob(arn: string, plaintext: Uint8Array = randomBytes(24)): Promise<Buffer> {
    const out = await this.kms.send(new EncryptCommand({ KeyId: arn, Plaintext: plaintext }));
    const blob = Buffer.from(out.CiphertextBlob!);
    this.expected.add(arn, versionOf(blob), blob.length);
    return blob;
  }

  /** A data-key envelope: the GenerateDataKey blob beside data encrypted locally under the plaintext key. */
  async envelope(arn: string): Promise<{ EncryptedDataKey: string; Iv: string; Data: string }> {
    const dk = await this.kms.send(new GenerateDataKeyCommand({ KeyId: arn, KeySpec: 'AES_256' }));
    const blob = Buffer.from(dk.CiphertextBlob!);
    this.expected.add(arn, versionOf(blob), blob.length);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', Buffer.from(dk.Plaintext!), iv);
    const data = Buffer.concat([c.update(randomBytes(64)), c.final(), c.getAuthTag()]);
    return { EncryptedDataKey: blob.toString('base64'), Iv: iv.toString('base64'), Data: data.toString('base64') };
  }

  /** An ESDK message (client-node, default committing signed suite) to every key in `arns`; counted under each. */
  async esdkMessage(arns: readonly string[], plaintext: Buffer, versions: readonly number[]): Promise<Buffer> {
    const keyring = new KmsKeyringNode({ generatorKeyId: arns[0]!, keyIds: arns.slice(1), clientProvider: this.clientProvider });
    const { result } = await esdk.encrypt(keyring, plaintext, { encryptionContext: { purpose: 'scan-test' } });
    arns.forEach((arn, i) => this.expected.add(arn, versions[i]!, result.length));
    return result;
  }

  async esdkDecrypt(arn: string, message: Buffer): Promise<{ plaintext: Buffer; context: Record<string, string> }> {
    const { plaintext, messageHeader } = await esdk.decrypt(new KmsKeyringNode({ keyIds: [arn], clientProvider: this.clientProvider }), message);
    return { plaintext, context: messageHeader.encryptionContext };
  }

  async decrypt(blob: Buffer): Promise<{ plaintext: Buffer; version: number; keyId: string }> {
    const out = await this.kms.send(new DecryptCommand({ CiphertextBlob: blob }));
    return { plaintext: Buffer.from(out.Plaintext!), version: versionOf(blob), keyId: out.KeyId! };
  }
}

/** A header that passes every offline rule (format 1, UUID v4 key id, version 1) but names a key no server has. */
export function fakeBlob(length = 82): Buffer {
  const b = randomBytes(length);
  b[0] = 0x01;
  b[1] = 0x00;
  Buffer.from(randomUUID().replaceAll('-', ''), 'hex').copy(b, 2);
  b.writeUInt32BE(1, 18);
  return b;
}

/** Random bytes with the raw magic (01 00, 01 01) and the base64 magic ("AQ") planted every `every` bytes. */
export function noiseWithMagic(length: number, every = 256): Buffer {
  const b = randomBytes(length);
  for (let i = 0; i + 3 < length; i += every) {
    if ((i / every) % 2 === 0) {
      b[i] = 0x01;
      b[i + 1] = (i / every) % 4 === 0 ? 0x00 : 0x01;
    } else b.write('AQ', i, 'latin1');
  }
  return b;
}
