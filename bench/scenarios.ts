// The table of benchmarked KMS operations: how to prepare keys on a target and how to build the body of distinct request i.
import { randomBytes } from 'node:crypto';
import { KMSClient, CreateKeyCommand, EncryptCommand, type KeySpec, type KeyUsageType } from '@aws-sdk/client-kms';

/** What a scenario may ask of a target while preparing; the bare target fakes it. */
export interface Fixture {
  /** A key of this spec/usage on the target (created once per target and reused). */
  key(spec: KeySpec, usage: KeyUsageType): Promise<string>;
  /** Ciphertext of `plaintext` under `keyId` with `context`, produced by the target itself. */
  encrypt(keyId: string, plaintext: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
}

export interface Scenario {
  /** Row label. */
  name: string;
  /** KMS operation: sent as X-Amz-Target: TrentService.<operation>. */
  operation: string;
  /** Prepares keys etc. on the target and returns a builder for the JSON body of request i. */
  prepare(f: Fixture): Promise<(i: number) => Record<string, unknown>>;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const context = (i: number) => ({ app: 'keyward-bench', request: String(i) });

/** How many distinct ciphertexts the Decrypt scenario cycles through (made by the target over its API). */
const DECRYPT_CIPHERTEXTS = 8;

export const SCENARIOS: Scenario[] = [
  {
    name: 'Encrypt',
    operation: 'Encrypt',
    async prepare(f) {
      const keyId = await f.key('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
      return (i) => ({ KeyId: keyId, Plaintext: b64(randomBytes(32)), EncryptionContext: context(i) });
    },
  },
  {
    name: 'Decrypt',
    operation: 'Decrypt',
    async prepare(f) {
      const keyId = await f.key('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
      const blobs: string[] = [];
      for (let j = 0; j < DECRYPT_CIPHERTEXTS; j++) blobs.push(b64(await f.encrypt(keyId, randomBytes(32), context(j))));
      return (i) => ({ CiphertextBlob: blobs[i % blobs.length], EncryptionContext: context(i % blobs.length) });
    },
  },
  {
    name: 'GenerateDataKey',
    operation: 'GenerateDataKey',
    async prepare(f) {
      const keyId = await f.key('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
      return (i) => ({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context(i) });
    },
  },
];

/** A fixture backed by a real KMS API (Keyward or moto), driven with the AWS SDK client. */
export function kmsFixture(client: KMSClient): Fixture {
  const keys = new Map<string, Promise<string>>();
  return {
    key(spec, usage) {
      const id = `${spec}/${usage}`;
      let p = keys.get(id);
      if (!p) {
        p = client
          .send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage, Description: `keyward-bench ${id}` }))
          .then((r) => r.KeyMetadata?.KeyId ?? Promise.reject(new Error(`CreateKey ${id}: no KeyId in response`)));
        keys.set(id, p);
      }
      return p;
    },
    async encrypt(keyId, plaintext, ctx) {
      const r = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: ctx }));
      if (!r.CiphertextBlob) throw new Error('Encrypt: no CiphertextBlob in response');
      return r.CiphertextBlob;
    },
  };
}

/** The bare handler parses nothing, so it gets realistic-looking but fake key ids and ciphertexts of AWS's size. */
export function fakeFixture(): Fixture {
  return {
    key: async (spec) => `arn:aws:kms:us-east-1:111122223333:key/${spec === 'SYMMETRIC_DEFAULT' ? '1234abcd-12ab-34cd-56ef-1234567890ab' : spec}`,
    encrypt: async () => randomBytes(184),
  };
}
