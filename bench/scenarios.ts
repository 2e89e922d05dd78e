// The table of benchmarked KMS operations: how to prepare keys on a target and how to build the body of distinct request i.
import { randomBytes } from 'node:crypto';
import { KMSClient, CreateKeyCommand, EncryptCommand, GetPublicKeyCommand, type KeySpec, type KeyUsageType } from '@aws-sdk/client-kms';
import { verifyKmsSignature } from './sign-algs.js';

/** What a scenario may ask of a target while preparing; the bare target fakes it. */
export interface Fixture {
  /** A key of this spec/usage on the target (created once per target and reused). */
  key(spec: KeySpec, usage: KeyUsageType): Promise<string>;
  /** Ciphertext of `plaintext` under `keyId` with `context`, produced by the target itself. */
  encrypt(keyId: string, plaintext: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
  /** DER SubjectPublicKeyInfo of an asymmetric key, from GetPublicKey (cached). */
  publicKey(keyId: string): Promise<Uint8Array>;
  /** A symmetric key created with this key policy (created once per policy text and reused). */
  keyWithPolicy(policy: string): Promise<string>;
}

/**
 * Where the processes of a scenario run. `pinned`: the server on one CPU, wrk on the other (taskset), the default.
 * `shared`: nothing pinned; the server may use every CPU (worker threads, --workers) and the load generator shares
 * them. Each placement gets its own freshly started server processes.
 */
export type Placement = 'pinned' | 'shared';

/** A second load run against the same server during a scenario's warm-up and measurement. */
export interface BackgroundLoad {
  /** Label in the notes, e.g. "Sign RSA_4096". */
  label: string;
  operation: string;
  connections: number;
  prepare: Scenario['prepare'];
  verify?: Scenario['verify'];
}

export interface Scenario {
  /** Row label; BENCH_SCENARIOS matches it (case-insensitive) or one of `groups`. */
  name: string;
  groups?: string[];
  /** KMS operation: sent as X-Amz-Target: TrentService.<operation>. */
  operation: string;
  /** The targets (bench/targets.ts names) this scenario is measured on, in this order. */
  targets: string[];
  placement: Placement;
  /** wrk connections (default BENCH_CONNECTIONS). */
  connections?: number;
  /** Pause of each connection between a response and its next request (wrk's delay()): caps the rate below saturation. */
  pauseMs?: number;
  background?: BackgroundLoad;
  /**
   * Open loop instead of wrk: bench/open-loop.ts sends at `fraction` of the req/s this target reached in scenario `of`
   * earlier in the same run (median so far), timing each request from when it was due.
   */
  openLoop?: { of: string; fraction: number; connections: number };
  /** For raw (non-HTTP) targets: the node:crypto signing this scenario is compared with. */
  raw?: { keySpec: string; algorithm: string };
  /** Prepares keys etc. on the target and returns a builder for the JSON body of request i. */
  prepare(f: Fixture): Promise<(i: number) => Record<string, unknown>>;
  /** Checks the content of the one 2xx response sent before measuring (KMS targets only); returns an error text. */
  verify?(response: Record<string, unknown>, request: Record<string, unknown>, f: Fixture): Promise<string | undefined>;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const context = (i: number) => ({ app: 'keyward-bench', request: String(i) });

/** How many distinct ciphertexts the Decrypt scenario cycles through (made by the target over its API). */
const DECRYPT_CIPHERTEXTS = 8;

/** Sign over a RAW 32-byte message (distinct per request); the preflight verifies the signature with GetPublicKey's key. */
function signing(keySpec: KeySpec, algorithm: string): Pick<Scenario, 'operation' | 'prepare' | 'verify'> {
  return {
    operation: 'Sign',
    async prepare(f) {
      const keyId = await f.key(keySpec, 'SIGN_VERIFY');
      return () => ({ KeyId: keyId, Message: b64(randomBytes(32)), MessageType: 'RAW', SigningAlgorithm: algorithm });
    },
    async verify(res, req, f) {
      if (res.SigningAlgorithm !== algorithm) return `Sign answered SigningAlgorithm ${String(res.SigningAlgorithm)}, expected ${algorithm}`;
      if (typeof res.Signature !== 'string') return 'Sign answered without a Signature';
      const spki = await f.publicKey(String(req.KeyId));
      const ok = verifyKmsSignature(keySpec, algorithm, spki, Buffer.from(String(req.Message), 'base64'), Buffer.from(res.Signature, 'base64'));
      return ok ? undefined : `the ${keySpec} ${algorithm} signature does not verify with the key from GetPublicKey`;
    },
  };
}

const signScenario = (keySpec: KeySpec, algorithm: string): Scenario => ({
  name: `Sign-${keySpec}`,
  groups: ['sign'],
  targets: ['keyward', 'floor', 'node-crypto'],
  placement: 'shared',
  raw: { keySpec, algorithm },
  ...signing(keySpec, algorithm),
});

const encrypt: Scenario['prepare'] = async (f) => {
  const keyId = await f.key('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
  return (i) => ({ KeyId: keyId, Plaintext: b64(randomBytes(32)), EncryptionContext: context(i) });
};

/**
 * The realistic key policy of the policy-cost scenario (issue 10 point 8): the default statement, an allow conditioned
 * on the encryption context, and a conditional deny that never fires for the bench's requests. The conditions make
 * every request a full evaluation: decisions depending on the request are not cached.
 */
const REALISTIC_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'AllowBenchEncrypt', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/keyward-admin' },
      Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:app': 'keyward-bench' } },
    },
    {
      Sid: 'DenyForbiddenContext', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:app': 'forbidden' } },
    },
  ],
});

/** The paced Encrypt load of the latency-isolation pair: few connections, each pausing between requests. */
const PACED = { connections: Number(process.env.BENCH_PACED_CONNECTIONS ?? 4), pauseMs: Number(process.env.BENCH_PACED_PAUSE_MS ?? 1) };

export const SCENARIOS: Scenario[] = [
  { name: 'Encrypt', operation: 'Encrypt', targets: ['bare', 'floor', 'keyward', 'keyward-no-anomaly', 'keyward-pg', 'keyward-observed', 'keyward-observed-shm', 'keyward-metrics', 'moto'], placement: 'pinned', prepare: encrypt },
  {
    name: 'Decrypt',
    operation: 'Decrypt',
    targets: ['bare', 'keyward', 'moto'],
    placement: 'pinned',
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
    targets: ['bare', 'keyward', 'moto'],
    placement: 'pinned',
    async prepare(f) {
      const keyId = await f.key('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
      return (i) => ({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context(i) });
    },
  },
  // Issue 10: Encrypt under the realistic key policy vs the default policy (Encrypt above), same run.
  {
    name: 'Encrypt-policy', groups: ['policy'], operation: 'Encrypt', targets: ['keyward'], placement: 'pinned',
    async prepare(f) {
      const keyId = await f.keyWithPolicy(REALISTIC_POLICY);
      return (i) => ({ KeyId: keyId, Plaintext: b64(randomBytes(32)), EncryptionContext: context(i) });
    },
  },
  // --workers 2 vs one worker: both unpinned, so the second worker has a core to run on.
  { name: 'Encrypt-unpinned', groups: ['workers'], operation: 'Encrypt', targets: ['keyward', 'keyward-w2'], placement: 'shared', prepare: encrypt },
  signScenario('RSA_2048', 'RSASSA_PSS_SHA_256'),
  signScenario('ECC_NIST_P256', 'ECDSA_SHA_256'),
  signScenario('ECC_NIST_EDWARDS25519', 'ED25519_SHA_512'),
  // PRODUCT.md: p99 under 5 ms at half of peak load; perf-and-reliability.md §C(a)3 asks it open-loop (p50 <= 2 ms, p99 <= 10 ms).
  {
    name: 'Encrypt-half-load', groups: ['latency'], operation: 'Encrypt', targets: ['keyward'], placement: 'pinned',
    openLoop: { of: 'Encrypt', fraction: 0.5, connections: 64 }, prepare: encrypt,
  },
  // Latency isolation: paced Encrypt alone, then the same while a second wrk keeps RSA_4096 signing busy.
  { name: 'Encrypt-paced', groups: ['isolation'], operation: 'Encrypt', targets: ['keyward'], placement: 'shared', ...PACED, prepare: encrypt },
  {
    name: 'Encrypt-paced+Sign-RSA_4096',
    groups: ['isolation'],
    operation: 'Encrypt',
    targets: ['keyward'],
    placement: 'shared',
    ...PACED,
    prepare: encrypt,
    background: { label: 'Sign RSA_4096 RSASSA_PSS_SHA_256', connections: Number(process.env.BENCH_SIGN_LOAD_CONNECTIONS ?? 4), ...signing('RSA_4096', 'RSASSA_PSS_SHA_256') },
  },
];

/** A fixture backed by a real KMS API (Keyward or moto), driven with the AWS SDK client. */
export function kmsFixture(client: KMSClient): Fixture {
  const keys = new Map<string, Promise<string>>();
  const publicKeys = new Map<string, Promise<Uint8Array>>();
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
    keyWithPolicy(policy) {
      let p = keys.get(policy);
      if (!p) {
        p = client.send(new CreateKeyCommand({ Policy: policy, Description: 'keyward-bench policy' }))
          .then((r) => r.KeyMetadata?.KeyId ?? Promise.reject(new Error('CreateKey with a policy: no KeyId in response')));
        keys.set(policy, p);
      }
      return p;
    },
    async publicKey(keyId) {
      let p = publicKeys.get(keyId);
      if (!p) {
        p = client.send(new GetPublicKeyCommand({ KeyId: keyId }))
          .then((r) => r.PublicKey ?? Promise.reject(new Error(`GetPublicKey ${keyId}: no PublicKey in response`)));
        publicKeys.set(keyId, p);
      }
      return p;
    },
  };
}

/** The bare handler parses nothing, so it gets realistic-looking but fake key ids and ciphertexts of AWS's size. */
export function fakeFixture(): Fixture {
  return {
    key: async (spec) => `arn:aws:kms:us-east-1:111122223333:key/${spec === 'SYMMETRIC_DEFAULT' ? '1234abcd-12ab-34cd-56ef-1234567890ab' : spec}`,
    encrypt: async () => randomBytes(184),
    publicKey: async () => { throw new Error('the bare target has no keys'); },
    keyWithPolicy: async () => '1234abcd-12ab-34cd-56ef-1234567890ab',
  };
}
