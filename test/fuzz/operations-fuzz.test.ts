// Fuzzing every operation's input (fast-check, shapes from the registry) against the real server: mutated types,
// sizes, encodings, unicode, huge numbers, missing/null/extra members, duplicate JSON keys, non-JSON bodies, real and
// bit-flipped ciphertexts. Every answer must be a success or an AWS error of a known type below 500, and the server
// must stay up. The standing corpus (corpus.json) is replayed first. Short in `npm test` (KEYWARD_FUZZ_RUNS, default
// 25 per operation); `npm run test:fuzz` runs the long form (docs/reliability.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { KMS_OPERATIONS, KEYWARD_OPERATIONS } from '../../src/core/operations/registry.js';
import { ERROR_STATUS } from '../../src/protocol/errors.js';
import type { Shape } from '../../src/protocol/shape.js';
import { repoRoot } from '../support/paths.js';
import { signedKmsRequest } from '../support/raw-request.js';
import { TEST_ACCOUNT, useTestServer, type TestServer } from '../support/server.js';
import { bodyText, type Pool } from './shape-arbitraries.js';

const RUNS = Number(process.env.KEYWARD_FUZZ_RUNS ?? 25);
const SEED = process.env.KEYWARD_FUZZ_SEED === undefined ? undefined : Number(process.env.KEYWARD_FUZZ_SEED);
const KNOWN = new Set(Object.keys(ERROR_STATUS));
const corpus = (JSON.parse(readFileSync(join(repoRoot, 'test/fuzz/corpus.json'), 'utf8')) as { cases: { operation: string; body: string }[] }).cases;

let server: TestServer;
let kms: KMSClient;

/** A fresh set of keys of every usage for one operation's run, so earlier runs' disables and deletions don't starve it. */
async function freshPool(tag: string): Promise<Pool> {
  const make = async (input: object) => (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
  const sym = await make({});
  const rsa = await make({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
  const hmac = await make({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  const ecc = await make({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
  const alias = `alias/fuzz-${tag}`;
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: sym.KeyId! }));
  const ct = (await kms.send(new EncryptCommand({ KeyId: sym.KeyId!, Plaintext: Buffer.from('fuzz'), EncryptionContext: { a: 'b' } }))).CiphertextBlob!;
  const grant = await kms.send(new CreateGrantCommand({ KeyId: sym.KeyId!, GranteePrincipal: `arn:aws:iam::${TEST_ACCOUNT}:root`, Operations: ['Decrypt', 'RetireGrant'] }));
  return {
    keyRefs: [sym.KeyId!, sym.Arn!, rsa.KeyId!, hmac.Arn!, ecc.KeyId!, alias, `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:${alias}`, 'alias/aws/s3', '00000000-0000-0000-0000-000000000000'],
    ciphertexts: [Buffer.from(ct)],
    grantIds: [grant.GrantId!],
    grantTokens: [grant.GrantToken!],
    principals: [`arn:aws:iam::${TEST_ACCOUNT}:root`, `arn:aws:iam::${TEST_ACCOUNT}:user/nobody`, '*'],
  };
}

/** One request; returns a problem description, or undefined when the answer is legal. */
async function probe(target: string, body: string): Promise<string | undefined> {
  // Generous: RSA_4096 key pairs are made on low-priority crypto workers, which a busy shared machine can starve.
  const res = await signedKmsRequest(server.url, { target, body, ...server.credentials, timeoutMs: 60_000 });
  if (res.status >= 500) return `HTTP ${res.status}: ${res.text.slice(0, 200)}`;
  if (res.status === 200) return res.json ? undefined : `200 without a JSON body: ${res.text.slice(0, 100)}`;
  const type = res.json?.__type;
  if (typeof type !== 'string' || !KNOWN.has(type)) return `HTTP ${res.status} with unknown error type ${String(type)}: ${res.text.slice(0, 200)}`;
  return undefined;
}

useTestServer({}, (s, k) => {
  server = s;
  kms = k;
});

test('the standing corpus: every case answers a legal response', async () => {
  await freshPool('corpus');
  for (const c of corpus) {
    const problem = await probe(`TrentService.${c.operation}`, c.body);
    assert.equal(problem, undefined, `${c.operation} ${c.body.slice(0, 120)}`);
  }
});

const targets: [string, string, Shape][] = [
  ...[...KMS_OPERATIONS.values()].map((op) => ['TrentService', op.name, op.input] as [string, string, Shape]),
  // KeywardService.Seal takes an empty body, so any well-formed fuzzed body seals the node and every later request
  // gets the sealed answer (by design; test/e2e/seal-shares.test.ts covers Seal), so it is left out here.
  ...[...KEYWARD_OPERATIONS.values()].filter((op) => op.name !== 'Seal')
    .map((op) => ['KeywardService', op.name, op.input] as [string, string, Shape]),
];

for (const [prefix, name, shape] of targets) {
  test(`${prefix}.${name}: ${RUNS} fuzzed bodies, never a 5xx, always a known AWS error type`, async () => {
    const pool = await freshPool(name.toLowerCase());
    await fc.assert(
      fc.asyncProperty(bodyText(shape, pool), async (body) => {
        const problem = await probe(`${prefix}.${name}`, body);
        if (problem) throw new Error(`${problem}\nbody: ${body.slice(0, 300)}`);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the server is still up');
  });
}
