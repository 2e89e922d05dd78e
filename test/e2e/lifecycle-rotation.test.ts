// Rotation really happens: automatic rotation every 90 days fires at day 90 and day 180 on the dev test clock, every
// version's ciphertexts still decrypt, ReEncrypt moves data to the newest version, and ListKeyRotations shows the
// rotations. RotateKeyOnDemand with AWS's responses and limits, the period bounds, and the status in every state.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand,
  DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GetKeyRotationStatusCommand,
  KMSClient, ListKeyRotationsCommand, ReEncryptCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand,
  type RotationsListEntry,
} from '@aws-sdk/client-kms';
import {
  advanceClock, DAY, HEX64, members, newKeyIds, rejects, serverNowMs,
} from '../support/lifecycle-helpers.js';
import { useTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let kms: KMSClient;

useTestServer({ args: ['--test-clock'] }, (s, k) => {
  server = s;
  kms = k;
});

const newKey = (description = '') => newKeyIds(kms, { Description: description });

async function currentMaterial(keyId: string): Promise<string> {
  const id = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.CurrentKeyMaterialId;
  assert.match(id ?? '', HEX64);
  return id!;
}

/** Every entry of ListKeyRotations, page by page with `limit`; also returns how many pages it took. */
async function allRotations(keyId: string, limit?: number): Promise<{ entries: RotationsListEntry[]; pages: number }> {
  const entries: RotationsListEntry[] = [];
  let marker: string | undefined;
  let pages = 0;
  for (;;) {
    const out = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, ...(limit ? { Limit: limit } : {}), ...(marker ? { Marker: marker } : {}) }));
    pages++;
    entries.push(...(out.Rotations ?? []));
    if (limit) assert.ok((out.Rotations ?? []).length <= limit);
    if (!out.Truncated) {
      assert.equal(out.NextMarker, undefined, 'no NextMarker on the last page');
      return { entries, pages };
    }
    assert.ok(out.NextMarker, 'NextMarker when truncated');
    marker = out.NextMarker;
    assert.ok(pages < 100);
  }
}

describe('automatic rotation every 90 days', () => {
  const k = { keyId: '', arn: '' };
  const blobs: { blob: Uint8Array; plaintext: string; material: string }[] = [];
  const materials: string[] = [];
  let firstNext = 0;

  async function encryptNow(label: string): Promise<void> {
    const plaintext = `rotation ${label}`;
    const out = await kms.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: Buffer.from(plaintext), EncryptionContext: { v: label } }));
    assert.equal(out.KeyId, k.arn);
    blobs.push({ blob: out.CiphertextBlob!, plaintext, material: materials[materials.length - 1]! });
  }

  test('EnableKeyRotation(90): status true, 90, NextRotationDate ≈ now + 90 d', async () => {
    Object.assign(k, await newKey('auto-rotated'));
    const initial = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }));
    assert.deepEqual(members(initial), { KeyId: k.arn, KeyRotationEnabled: false }, 'rotation starts disabled');
    assert.deepEqual(members((await kms.send(new ListKeyRotationsCommand({ KeyId: k.keyId })))), { Rotations: [], Truncated: false });

    const now = await serverNowMs(server.url);
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.keyId, RotationPeriodInDays: 90 }));
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }));
    assert.equal(status.KeyId, k.arn);
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.RotationPeriodInDays, 90);
    assert.equal(status.OnDemandRotationStartDate, undefined, 'no on-demand rotation in progress');
    firstNext = status.NextRotationDate!.getTime();
    assert.ok(Math.abs(firstNext - (now + 90 * DAY * 1000)) < 5000, 'NextRotationDate ≈ now + 90 d');
    materials.push(await currentMaterial(k.keyId));
    await encryptNow('v1');
  });

  test('day 89 nothing; day 90: one rotation, a new current material, the next date 90 days later', async () => {
    assert.equal((await advanceClock(server.url, 89 * DAY)).jobsRun, 0, 'nothing due at day 89');
    assert.equal(await currentMaterial(k.keyId), materials[0]);
    assert.equal((await advanceClock(server.url, 1 * DAY)).jobsRun, 1, 'one rotation at day 90');
    const m2 = await currentMaterial(k.keyId);
    assert.notEqual(m2, materials[0], 'CurrentKeyMaterialId changed');
    materials.push(m2);
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }));
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.NextRotationDate!.getTime(), firstNext + 90 * DAY * 1000, 'next rotation one period after the one that fell due');
    assert.equal((await allRotations(k.keyId)).entries.length, 1);
    await encryptNow('v2');
  });

  test('day 180: the second rotation', async () => {
    assert.equal((await advanceClock(server.url, 90 * DAY)).jobsRun, 1, 'one rotation at day 180');
    const m3 = await currentMaterial(k.keyId);
    assert.ok(!materials.includes(m3), 'CurrentKeyMaterialId changed again');
    materials.push(m3);
    await encryptNow('v3');
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }));
    assert.equal(status.NextRotationDate!.getTime(), firstNext + 180 * DAY * 1000);
  });

  test('ListKeyRotations: exactly two AUTOMATIC entries, oldest first, and Limit 1 pages through them', async () => {
    const { entries } = await allRotations(k.keyId);
    assert.equal(entries.length, 2);
    for (const e of entries) {
      assert.equal(e.KeyId, k.arn);
      assert.equal(e.RotationType, 'AUTOMATIC');
      assert.ok(e.RotationDate instanceof Date);
    }
    assert.deepEqual(entries.map((e) => e.KeyMaterialId), materials.slice(1), 'the rotations made materials 2 and 3');
    assert.deepEqual(entries.map((e) => e.KeyMaterialState), ['NON_CURRENT', 'CURRENT']);
    assert.ok(entries[0]!.RotationDate! < entries[1]!.RotationDate!, 'oldest first');
    const t1 = entries[0]!.RotationDate!.getTime();
    assert.ok(Math.abs(t1 - firstNext) < 60_000, 'first rotation dated at day 90');

    const first = await kms.send(new ListKeyRotationsCommand({ KeyId: k.keyId, Limit: 1 }));
    assert.equal(first.Rotations!.length, 1);
    assert.equal(first.Truncated, true);
    assert.ok(first.NextMarker);
    const paged = await allRotations(k.keyId, 1);
    assert.equal(paged.pages, 2);
    assert.deepEqual(paged.entries.map((e) => e.KeyMaterialId), entries.map((e) => e.KeyMaterialId));
  });

  test('the ciphertexts of all three versions decrypt, each with its own material', async () => {
    assert.equal(blobs.length, 3);
    for (const b of blobs) {
      const out = await kms.send(new DecryptCommand({ CiphertextBlob: b.blob, EncryptionContext: { v: b.plaintext.split(' ')[1]! } }));
      assert.equal(Buffer.from(out.Plaintext!).toString(), b.plaintext);
      assert.equal(out.KeyId, k.arn);
      assert.equal(out.KeyMaterialId, b.material, `${b.plaintext} was made with the then-current material`);
    }
    assert.equal(new Set(blobs.map((b) => b.material)).size, 3);
  });

  test('ReEncrypt of the version-1 ciphertext to the same key moves it to the newest material', async () => {
    const out = await kms.send(new ReEncryptCommand({
      CiphertextBlob: blobs[0]!.blob, SourceEncryptionContext: { v: 'v1' }, DestinationKeyId: k.keyId,
      DestinationEncryptionContext: { v: 'v1' },
    }));
    assert.equal(out.SourceKeyId, k.arn);
    assert.equal(out.KeyId, k.arn);
    assert.equal(out.SourceKeyMaterialId, materials[0]);
    const current = await currentMaterial(k.keyId);
    assert.equal(out.DestinationKeyMaterialId, current, 'DestinationKeyMaterialId is the CurrentKeyMaterialId');
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob!, EncryptionContext: { v: 'v1' } }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), blobs[0]!.plaintext);
    assert.equal(dec.KeyMaterialId, current);
  });

  test('no automatic rotation while Disabled; the overdue rotation happens once it is enabled again', async () => {
    const before = await currentMaterial(k.keyId);
    await kms.send(new DisableKeyCommand({ KeyId: k.keyId }));
    assert.equal((await advanceClock(server.url, 91 * DAY)).jobsRun, 0, 'a disabled key does not rotate');
    assert.equal((await allRotations(k.keyId)).entries.length, 2);
    await kms.send(new EnableKeyCommand({ KeyId: k.keyId }));
    assert.equal((await advanceClock(server.url, 0)).jobsRun, 1, 'the overdue rotation runs on re-enable');
    assert.notEqual(await currentMaterial(k.keyId), before);
    assert.equal((await allRotations(k.keyId)).entries.length, 3);
  });
});

describe('RotateKeyOnDemand', () => {
  test('returns {KeyId: arn}, adds an ON_DEMAND rotation, leaves NextRotationDate alone', async () => {
    const k = await newKey('on demand');
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.keyId, RotationPeriodInDays: 365 }));
    const next = (await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))).NextRotationDate!.getTime();
    const m1 = await currentMaterial(k.keyId);
    const ct = (await kms.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: Buffer.from('before') }))).CiphertextBlob!;
    const out = await kms.send(new RotateKeyOnDemandCommand({ KeyId: k.keyId }));
    assert.deepEqual(members(out), { KeyId: k.arn });
    const m2 = await currentMaterial(k.keyId);
    assert.notEqual(m2, m1, 'CurrentKeyMaterialId changed');
    const rotations = (await allRotations(k.keyId)).entries;
    assert.equal(rotations.length, 1);
    assert.equal(rotations[0]!.RotationType, 'ON_DEMAND');
    assert.equal(rotations[0]!.KeyMaterialId, m2);
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.arn }));
    assert.equal(status.NextRotationDate!.getTime(), next, 'the automatic schedule is not reset');
    assert.equal(status.OnDemandRotationStartDate, undefined, 'the rotation has completed');
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: ct }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), 'before');
    assert.equal(dec.KeyMaterialId, m1);
  });

  test('works without automatic rotation enabled, and leaves it disabled', async () => {
    const k = await newKey();
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: k.arn }));
    assert.deepEqual(members(await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))), { KeyId: k.arn, KeyRotationEnabled: false });
    assert.equal((await allRotations(k.keyId)).entries.length, 1);
  });

  test('on a disabled key → DisabledException "<arn> is disabled."', async () => {
    const k = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: k.keyId }));
    await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: k.keyId })), 'DisabledException', `${k.arn} is disabled.`);
    assert.equal((await allRotations(k.keyId)).entries.length, 0);
  });

  test('the 26th on-demand rotation → LimitExceededException with AWS text', async () => {
    const k = await newKey();
    for (let i = 0; i < 25; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: k.keyId }));
    await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: k.keyId })), 'LimitExceededException',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${k.arn}`);
    const { entries } = await allRotations(k.keyId, 10);
    assert.equal(entries.length, 25);
    assert.ok(entries.every((e) => e.RotationType === 'ON_DEMAND'));
    assert.equal(new Set(entries.map((e) => e.KeyMaterialId)).size, 25);
  });
});

describe('rotation settings and status', () => {
  test('RotationPeriodInDays 89 and 2561 → ValidationException; 90 and 2560 accepted; default 365', async () => {
    const k = await newKey();
    for (const days of [89, 2561]) {
      await rejects(kms.send(new EnableKeyRotationCommand({ KeyId: k.keyId, RotationPeriodInDays: days })),
        'ValidationException', /rotationPeriodInDays/, `RotationPeriodInDays ${days}`);
    }
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))).KeyRotationEnabled, false);
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.keyId, RotationPeriodInDays: 2560 }));
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))).RotationPeriodInDays, 2560);
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.keyId, RotationPeriodInDays: 90 }));
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))).RotationPeriodInDays, 90);
    const d = await newKey();
    const now = await serverNowMs(server.url);
    await kms.send(new EnableKeyRotationCommand({ KeyId: d.keyId }));
    const s = await kms.send(new GetKeyRotationStatusCommand({ KeyId: d.keyId }));
    assert.equal(s.RotationPeriodInDays, 365);
    assert.ok(Math.abs(s.NextRotationDate!.getTime() - (now + 365 * DAY * 1000)) < 5000);
  });

  test('DisableKeyRotation → status is exactly {KeyId, KeyRotationEnabled: false}', async () => {
    const k = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.keyId, RotationPeriodInDays: 120 }));
    await kms.send(new DisableKeyRotationCommand({ KeyId: k.arn }));
    assert.deepEqual(members(await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))), { KeyId: k.arn, KeyRotationEnabled: false });
  });

  test('a PendingDeletion key reports false; after CancelKeyDeletion, true again with the same schedule', async () => {
    const k = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: k.keyId, RotationPeriodInDays: 90 }));
    const next = (await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))).NextRotationDate!.getTime();
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.keyId, PendingWindowInDays: 30 }));
    assert.deepEqual(members(await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }))), { KeyId: k.arn, KeyRotationEnabled: false });
    await kms.send(new CancelKeyDeletionCommand({ KeyId: k.keyId }));
    const s = await kms.send(new GetKeyRotationStatusCommand({ KeyId: k.keyId }));
    assert.equal(s.KeyRotationEnabled, true);
    assert.equal(s.RotationPeriodInDays, 90);
    assert.equal(s.NextRotationDate!.getTime(), next);
  });

  test('rotation operations on an unknown key → NotFoundException', async () => {
    await rejects(kms.send(new RotateKeyOnDemandCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })), 'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555' does not exist`);
    await rejects(kms.send(new ListKeyRotationsCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })), 'NotFoundException');
  });
});
