// AES-GCM usage limits (NIST SP 800-38D §8.3) with the limit lowered by configuration (--gcm-invocation-limit 10,
// --usage-warn-fraction 0.5): at 5 encryptions a version raises UsageLimitWarning and, with rotation on, the key rotates;
// without rotation the version is refused at 10 with KMSInvalidStateException naming it, and UsageLimitReached is
// raised. Counters in ListKeyVersions are exact. docs/extension-api.md; issue 12.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecryptCommand, EnableKeyRotationCommand, EncryptCommand, RotateKeyOnDemandCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { KeywardClient } from '../../src/client/index.js';
import { blobVersion, keywardClient } from '../support/keyward.js';
import { newKeyIds, rejects } from '../support/lifecycle-helpers.js';
import { useTestServer } from '../support/server.js';

const LIMIT = 10;
let kms: KMSClient;
let kw: KeywardClient;

useTestServer({ args: ['--test-clock', '--gcm-invocation-limit', String(LIMIT), '--usage-warn-fraction', '0.5'] }, (s, k) => {
  kms = k;
  kw = keywardClient(s);
});

const encrypt = async (keyId: string) => (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('secret') }))).CiphertextBlob!;
const events = async (keyId: string) => (await kw.listLifecycleEvents({ KeyId: keyId })).Events.map((e) => `${e.EventType}@${e.KeyVersion ?? '-'}`);

test('rotation on: the warning at half the limit rotates the key, encryption continues under version 2', async () => {
  const { keyId } = await newKeyIds(kms);
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  const blobs = [];
  for (let i = 0; i < 4; i++) blobs.push(await encrypt(keyId));
  assert.ok(!(await events(keyId)).includes('UsageLimitWarning@1'), 'no warning below the fraction');
  blobs.push(await encrypt(keyId)); // the 5th: the warning, and the rotation
  assert.ok((await events(keyId)).includes('UsageLimitWarning@1'));
  assert.ok((await events(keyId)).some((e) => e.startsWith('KeyRotated@')), (await events(keyId)).join(','));
  const next = await encrypt(keyId);
  assert.deepEqual([...blobs, next].map(blobVersion), [1, 1, 1, 1, 1, 2]);
  const v = (await kw.listKeyVersions({ KeyId: keyId })).Versions;
  assert.deepEqual(v.map((x) => [x.KeyVersion, x.Current, x.InvocationsReserved, x.InvocationLimit, x.CiphertextsProduced]), [[1, false, 5, LIMIT, 5], [2, true, 1, LIMIT, 1]]);
  for (const b of blobs) await kms.send(new DecryptCommand({ CiphertextBlob: b }));
});

test('rotation off: warned at 5, refused at the limit naming the version; a rotation makes room again', async () => {
  const { keyId, arn } = await newKeyIds(kms);
  for (let i = 0; i < LIMIT; i++) await encrypt(keyId);
  const refused = `Key version 1 of ${arn} has reached its limit of ${LIMIT} encryptions (AES-GCM with random IVs, NIST SP 800-38D §8.3): rotate the key to encrypt again.`;
  await rejects(encrypt(keyId), 'KMSInvalidStateException', refused, 'Encrypt past the limit');
  const evs = await events(keyId);
  assert.equal(evs.filter((e) => e === 'UsageLimitWarning@1').length, 1, evs.join(','));
  assert.equal(evs.filter((e) => e === 'UsageLimitReached@1').length, 1, evs.join(','));
  assert.ok(!evs.some((e) => e.startsWith('KeyRotated@')), 'a key without rotation does not rotate');
  const [v1] = (await kw.listKeyVersions({ KeyId: keyId })).Versions;
  assert.deepEqual([v1!.InvocationsReserved, v1!.CiphertextsProduced], [LIMIT, LIMIT]);
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  assert.equal(blobVersion(await encrypt(keyId)), 2);
});
