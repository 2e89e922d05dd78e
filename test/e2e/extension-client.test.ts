// The shipped JavaScript client (keyward/client) against a real server on the dev test clock: key versions after
// rotations, DisableKeyVersion (Decrypt of that version's ciphertexts fails naming the version; the newest version
// cannot be disabled), version destruction shredded by the scheduler, SetMinimumDecryptionVersion (reversible), and
// archival with a DECRYPT_ONLY reactivation window that closes by itself. docs/extension-api.md; issue 12.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecryptCommand, DescribeKeyCommand, EncryptCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { blobVersion, useExtensionServer } from '../support/keyward.js';
import { advanceClock, DAY, failure, newKeyIds, rejects } from '../support/lifecycle-helpers.js';

const t = useExtensionServer();

const encrypt = async (keyId: string) => (await t.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('secret') }))).CiphertextBlob!;
const decrypt = (blob: Uint8Array) => t.kms.send(new DecryptCommand({ CiphertextBlob: blob }));

/** A key rotated twice (versions 1..3) and one ciphertext per version. */
async function rotatedKey(): Promise<{ keyId: string; blobs: Uint8Array[] }> {
  const { keyId } = await newKeyIds(t.kms);
  const blobs = [await encrypt(keyId)];
  for (let i = 0; i < 2; i++) {
    await t.kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    blobs.push(await encrypt(keyId));
  }
  assert.deepEqual(blobs.map(blobVersion), [1, 2, 3]);
  return { keyId, blobs };
}

/** The name of the error an extension call fails with (KeywardServiceException carries AWS's __type). */
async function errorName(p: Promise<unknown>): Promise<string | undefined> {
  return (await failure(p))?.name;
}

test('ListKeyVersions and DescribeKeyVersion after rotations', async () => {
  const { keyId } = await rotatedKey();
  const out = await t.kw.listKeyVersions({ KeyId: keyId });
  assert.deepEqual(out.Versions.map((v) => v.KeyVersion), [1, 2, 3]);
  assert.deepEqual(out.Versions.map((v) => v.Current), [false, false, true]);
  for (const v of out.Versions) {
    assert.equal(v.KeyVersionState, 'ENABLED');
    assert.ok(v.CreationDate instanceof Date);
  }
  const v2 = (await t.kw.describeKeyVersion({ KeyId: keyId, KeyVersion: 2 })).KeyVersion;
  assert.equal(v2.KeyVersion, 2);
  assert.equal(v2.RotationType, 'ON_DEMAND');
  assert.equal(await errorName(t.kw.describeKeyVersion({ KeyId: keyId, KeyVersion: 9 })), 'NotFoundException');
});

test('DisableKeyVersion: only that version\'s ciphertexts fail, naming it; the newest cannot be disabled', async () => {
  const { keyId, blobs } = await rotatedKey();
  assert.equal((await t.kw.disableKeyVersion({ KeyId: keyId, KeyVersion: 1 })).KeyVersionState, 'DISABLED');
  const err = await rejects(decrypt(blobs[0]!), 'KMSInvalidStateException');
  assert.match(err.message, /version 1\b/);
  assert.equal(Buffer.from((await decrypt(blobs[1]!)).Plaintext!).toString(), 'secret');
  assert.equal(await errorName(t.kw.disableKeyVersion({ KeyId: keyId, KeyVersion: 3 })), 'KMSInvalidStateException');
  assert.equal(await errorName(t.kw.scheduleKeyVersionDestruction({ KeyId: keyId, KeyVersion: 3 })), 'KMSInvalidStateException');
  assert.equal((await t.kw.enableKeyVersion({ KeyId: keyId, KeyVersion: 1 })).KeyVersionState, 'ENABLED');
  assert.equal(Buffer.from((await decrypt(blobs[0]!)).Plaintext!).toString(), 'secret');
});

test('ScheduleKeyVersionDestruction: the scheduler shreds the version when due; other versions still decrypt', async () => {
  const { keyId, blobs } = await rotatedKey();
  const s = await t.kw.scheduleKeyVersionDestruction({ KeyId: keyId, KeyVersion: 1, PendingWindowInDays: 7 });
  assert.equal(s.KeyVersionState, 'PENDING_DESTRUCTION');
  assert.equal(s.PendingWindowInDays, 7);
  await advanceClock(t.server.url, 7 * DAY + 1);
  assert.equal((await t.kw.describeKeyVersion({ KeyId: keyId, KeyVersion: 1 })).KeyVersion.KeyVersionState, 'DESTROYED');
  assert.match((await rejects(decrypt(blobs[0]!), 'KMSInvalidStateException')).message, /version 1\b/);
  for (const b of blobs.slice(1)) assert.equal(Buffer.from((await decrypt(b)).Plaintext!).toString(), 'secret');
});

test('SetMinimumDecryptionVersion refuses older versions and is reversible', async () => {
  const { keyId, blobs } = await rotatedKey();
  assert.equal((await t.kw.setMinimumDecryptionVersion({ KeyId: keyId, MinimumDecryptionVersion: 3 })).MinimumDecryptionVersion, 3);
  for (const [i, b] of blobs.slice(0, 2).entries()) assert.match((await rejects(decrypt(b), 'KMSInvalidStateException')).message, new RegExp(`version ${i + 1}\\b`));
  await decrypt(blobs[2]!);
  await t.kw.setMinimumDecryptionVersion({ KeyId: keyId, MinimumDecryptionVersion: 1 });
  for (const b of blobs) await decrypt(b);
});

test('ArchiveKey then a 2-hour DECRYPT_ONLY window: decrypt works, encrypt refused, closed again at 2h+1s', async () => {
  const { keyId, arn } = await newKeyIds(t.kms);
  const blob = await encrypt(keyId);
  const archived = await t.kw.archiveKey({ KeyId: keyId, Reason: 'project ended' });
  assert.equal(archived.KeyState, 'Disabled');
  assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'Disabled');
  await rejects(decrypt(blob), 'DisabledException');
  const w = await t.kw.reactivateKey({ KeyId: keyId, DurationInSeconds: 7200, Reason: 'audit request', Mode: 'DECRYPT_ONLY' });
  assert.equal(w.Mode, 'DECRYPT_ONLY');
  assert.ok(w.ReactivationEndDate instanceof Date);
  await decrypt(blob);
  const refused = `${arn} is archived and reactivated for decryption only until ${w.ReactivationEndDate.toISOString()}: Encrypt is refused.`;
  await rejects(encrypt(keyId), 'KMSInvalidStateException', refused, 'Encrypt in a DECRYPT_ONLY window');
  await advanceClock(t.server.url, 7201);
  await rejects(decrypt(blob), 'DisabledException');
  const events = (await t.kw.listLifecycleEvents({ KeyId: keyId })).Events.map((e) => e.EventType);
  for (const t of ['KeyArchived', 'ReactivationWindowOpened', 'ReactivationWindowClosed'] as const) assert.ok(events.includes(t), `${t} in ${events.join(',')}`);
});

test('CloseReactivationWindow ends a window early', async () => {
  const { keyId } = await newKeyIds(t.kms);
  const blob = await encrypt(keyId);
  await t.kw.archiveKey({ KeyId: keyId, Reason: 'r' });
  await t.kw.reactivateKey({ KeyId: keyId, DurationInSeconds: 3600, Reason: 'r', Mode: 'FULL' });
  await decrypt(blob);
  await t.kw.closeReactivationWindow({ KeyId: keyId });
  await rejects(decrypt(blob), 'DisabledException');
});
