// A test keyring that wraps data keys exactly as the AWS Encryption SDK's RawAesKeyringNode does, so messages move
// between Keyward's format code and the SDK without a KMS (the SDK is the oracle).
// Layout (SDK raw-keyring/raw_aes_encrypted_data_keys): providerId = namespace; providerInfo = name || tag bits (uint32)
// || IV length (uint32) || IV; ciphertext = wrapped key || tag; AAD = the serialized encryption context.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/client-node';
import type { AlgorithmSuite } from '../../src/encryption-sdk/algorithm-suites.js';
import { serializeContext, type EncryptionContext } from '../../src/encryption-sdk/encryption-context.js';
import type { EncryptedDataKey } from '../../src/encryption-sdk/header.js';
import type { Keyring } from '../../src/encryption-sdk/keyring.js';

export const RAW_NAMESPACE = 'keyward-test';
export const RAW_NAME = 'wrapping-key-1';

export class RawAesTestKeyring implements Keyring {
  /** The last data key generated or unwrapped (tests check derivations against it). */
  lastDataKey: Buffer | undefined;
  constructor(readonly wrappingKey: Buffer = randomBytes(32)) {}

  /** The SDK keyring for the same wrapping key. */
  sdkKeyring(): RawAesKeyringNode {
    return new RawAesKeyringNode({
      keyName: RAW_NAME, keyNamespace: RAW_NAMESPACE, unencryptedMasterKey: new Uint8Array(this.wrappingKey),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  }

  async onEncrypt(suite: AlgorithmSuite, context: EncryptionContext): Promise<{ dataKey: Buffer; edks: EncryptedDataKey[] }> {
    const dataKey = randomBytes(suite.keyLength);
    this.lastDataKey = Buffer.from(dataKey);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.wrappingKey, iv, { authTagLength: 16 });
    c.setAAD(serializeContext(context));
    const wrapped = Buffer.concat([c.update(dataKey), c.final(), c.getAuthTag()]);
    const info = Buffer.alloc(8);
    info.writeUInt32BE(128, 0);
    info.writeUInt32BE(12, 4);
    return { dataKey, edks: [{ providerId: RAW_NAMESPACE, providerInfo: Buffer.concat([Buffer.from(RAW_NAME), info, iv]), ciphertext: wrapped }] };
  }

  async onDecrypt(suite: AlgorithmSuite, context: EncryptionContext, edks: readonly EncryptedDataKey[]): Promise<Buffer> {
    for (const edk of edks) {
      if (edk.providerId !== RAW_NAMESPACE || !edk.providerInfo.subarray(0, RAW_NAME.length).equals(Buffer.from(RAW_NAME))) continue;
      const iv = edk.providerInfo.subarray(RAW_NAME.length + 8);
      const d = createDecipheriv('aes-256-gcm', this.wrappingKey, iv, { authTagLength: 16 });
      d.setAAD(serializeContext(context));
      d.setAuthTag(edk.ciphertext.subarray(-16));
      const dataKey = Buffer.concat([d.update(edk.ciphertext.subarray(0, -16)), d.final()]);
      if (dataKey.length === suite.keyLength) {
        this.lastDataKey = Buffer.from(dataKey);
        return dataKey;
      }
    }
    throw new Error('no raw AES encrypted data key');
  }
}
