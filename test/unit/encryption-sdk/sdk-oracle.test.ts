// Keyward's message format code against the AWS Encryption SDK for JavaScript as oracle, without a KMS: both sides use
// the same raw AES wrapping key, so each decrypts what the other wrote (sizes around frame boundaries, both suites).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { AlgorithmSuiteIdentifier, buildClient, CommitmentPolicy } from '@aws-crypto/client-node';
import { decryptStream, encryptStream } from '../../../src/encryption-sdk/index.js';
import { RawAesTestKeyring } from '../../support/raw-aes-keyring.js';
import { collect } from '../../support/esdk.js';

const sdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const context = { purpose: 'oracle', 'ünïcode': 'välue' };
const FRAME = 4096;
const SIZES = [0, 1, FRAME - 1, FRAME, FRAME + 1, 2 * FRAME, 3 * FRAME + 17, 1024 * 1024 + 5];

for (const suiteId of [0x0578, 0x0478]) {
  for (const size of SIZES) {
    test(`suite 0x${suiteId.toString(16)}, ${size} bytes: Keyward encrypts, the SDK decrypts`, async () => {
      const keyring = new RawAesTestKeyring();
      const plaintext = randomBytes(size);
      const message = await collect(encryptStream([plaintext], { keyring, context, suiteId }));
      const out = await sdk.decrypt(keyring.sdkKeyring(), message);
      assert.deepEqual(Buffer.from(out.plaintext), plaintext);
      assert.equal(out.messageHeader.suiteId, suiteId);
      assert.equal(out.messageHeader.frameLength, FRAME);
      for (const [k, v] of Object.entries(context)) assert.equal(out.messageHeader.encryptionContext[k], v);
    });

    test(`suite 0x${suiteId.toString(16)}, ${size} bytes: the SDK encrypts, Keyward decrypts`, async () => {
      const keyring = new RawAesTestKeyring();
      const plaintext = randomBytes(size);
      const { result } = await sdk.encrypt(keyring.sdkKeyring(), plaintext, { encryptionContext: context, suiteId: suiteId as AlgorithmSuiteIdentifier, frameLength: FRAME });
      const out = await collect(decryptStream(chunked(Buffer.from(result), 777), { keyring }));
      assert.deepEqual(out, plaintext);
    });
  }
}

/** Feeds a buffer in small pieces, so frames and header fields straddle chunk boundaries. */
function* chunked(b: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
