// A 90-day originator-usage / 180-day recipient-usage cryptoperiod (NIST SP 800-57 Part 1 §5.3) on a key with rotation
// on, driven by the shipped JavaScript client on the dev test clock: the notice, the end of version 1's originator usage
// (a rotation), the end of its recipient usage (archived: its ciphertexts no longer decrypt, naming the version) happen
// on time, and newer versions' ciphertexts still decrypt. docs/extension-api.md; issue 12.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecryptCommand, EnableKeyRotationCommand, EncryptCommand } from '@aws-sdk/client-kms';
import type { KeyVersionEntry } from '../../src/client/index.js';
import { blobVersion, useExtensionServer } from '../support/keyward.js';
import { advanceClock, DAY, newKeyIds, rejects } from '../support/lifecycle-helpers.js';

const t = useExtensionServer();

const encrypt = async (keyId: string) => (await t.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('secret') }))).CiphertextBlob!;
const plaintext = async (blob: Uint8Array) => Buffer.from((await t.kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString();
const versions = async (keyId: string) => (await t.kw.listKeyVersions({ KeyId: keyId })).Versions;
const states = (vs: KeyVersionEntry[]) => vs.map((v) => `${v.KeyVersion}:${v.KeyVersionState}${v.Current ? '*' : ''}`);
const eventTypes = async (keyId: string) => (await t.kw.listLifecycleEvents({ KeyId: keyId })).Events.map((e) => `${e.EventType}@${e.KeyVersion ?? '-'}`);

test('a 90/180-day cryptoperiod with rotation on: transitions on time, past-recipient-usage ciphertexts refused', async () => {
  const { keyId, arn } = await newKeyIds(t.kms);
  await t.kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 365 }));
  const set = await t.kw.setKeyCryptoperiod({ KeyId: keyId, OriginatorUsageDays: 90, RecipientUsageDays: 180 });
  assert.deepEqual([set.Cryptoperiod.OriginatorUsageDays, set.Cryptoperiod.RecipientUsageDays], [90, 180]);
  const blob1 = await encrypt(keyId);
  const [v1] = await versions(keyId);
  assert.equal(v1!.OriginatorUsageEndDate!.getTime() - v1!.CreationDate.getTime(), 90 * DAY * 1000);
  assert.equal(v1!.RecipientUsageEndDate!.getTime() - v1!.CreationDate.getTime(), 180 * DAY * 1000);

  // Day 89: nothing has changed yet, but the notice (7 days ahead by default) was raised.
  await advanceClock(t.server.url, 89 * DAY);
  assert.deepEqual(states(await versions(keyId)), ['1:ENABLED*']);
  assert.ok((await eventTypes(keyId)).includes('CryptoperiodTransitionDue@1'), (await eventTypes(keyId)).join(','));
  assert.ok(!(await eventTypes(keyId)).includes('OriginatorUsagePeriodEnded@1'));

  // Day 90 + 1 s: version 1 only decrypts, and the key rotated to version 2.
  await advanceClock(t.server.url, DAY + 1);
  assert.deepEqual(states(await versions(keyId)), ['1:DECRYPT_ONLY', '2:ENABLED*']);
  assert.ok((await eventTypes(keyId)).includes('OriginatorUsagePeriodEnded@1'));
  assert.ok((await eventTypes(keyId)).some((e) => e.startsWith('KeyRotated@')), 'the key rotated');
  const blob2 = await encrypt(keyId);
  assert.equal(blobVersion(blob2), 2);
  assert.equal(await plaintext(blob1), 'secret');

  // Day 179: version 1 still decrypts.
  await advanceClock(t.server.url, 89 * DAY - 1);
  assert.equal(await plaintext(blob1), 'secret');
  assert.ok(!(await eventTypes(keyId)).includes('RecipientUsagePeriodEnded@1'));

  // Day 180 + 1 s: version 1 is archived; its ciphertexts fail naming it; version 2 rotated away (its own 90 days).
  await advanceClock(t.server.url, DAY + 1);
  const vs = await versions(keyId);
  assert.deepEqual(states(vs), ['1:ARCHIVED', '2:DECRYPT_ONLY', '3:ENABLED*']);
  const err = await rejects(t.kms.send(new DecryptCommand({ CiphertextBlob: blob1 })), 'KMSInvalidStateException');
  assert.match(err.message, new RegExp(`^Key version 1 of ${arn} is archived: its recipient-usage period ended on `));
  assert.equal(await plaintext(blob2), 'secret');
  const blob3 = await encrypt(keyId);
  assert.equal(blobVersion(blob3), 3);
  assert.equal(await plaintext(blob3), 'secret');
  const events = await eventTypes(keyId);
  for (const e of ['CryptoperiodSet@-', 'RecipientUsagePeriodEnded@1', 'OriginatorUsagePeriodEnded@2']) assert.ok(events.includes(e), `${e} in ${events.join(',')}`);
  assert.equal(events.filter((e) => e === 'OriginatorUsagePeriodEnded@1').length, 1, 'each transition once');

  const lc = await t.kw.describeKeyLifecycle({ KeyId: keyId });
  assert.deepEqual(lc.Cryptoperiod && [lc.Cryptoperiod.OriginatorUsageDays, lc.Cryptoperiod.RecipientUsageDays], [90, 180]);
  assert.equal(lc.CurrentKeyVersion, 3);
});
