// Destruction you can prove (issue 13 items 1 and 4), end to end with the AWS SDK and the shipped Keyward client on a
// server with the destruction pre-flight on: a key used yesterday cannot be scheduled for deletion; once its data is
// re-encrypted away and a scan reports none left it can; after the waiting period the signed receipt verifies offline
// with `keyward receipt verify`, a byte search of the SQLite files finds neither the material nor its sealed bytes,
// and a receipt with one changed byte fails. Key material appears in no log, error, audit event or receipt.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, ReEncryptCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { advanceClock, DAY, databaseFiles, rejects, withReadonlyDb } from '../support/lifecycle-helpers.js';
import { useExtensionServer } from '../support/keyward.js';
import { runCli } from '../support/cli.js';
import { importKnownMaterial, materialForms } from '../support/import-material.js';

const t = useExtensionServer(['--test-clock', '--destruction-preflight', 'on']);

const sealedBytes = (dataDir: string, keyId: string, version: number): Buffer =>
  withReadonlyDb(dataDir, (db) => Buffer.from((db.prepare('SELECT sealed_material FROM key_versions WHERE key_id = ? AND version = ?').get(keyId, version) as { sealed_material: Buffer }).sealed_material));

async function publicKeyFile(dir: string): Promise<string> {
  const out = await runCli(['audit', 'public-key', '--data-dir', t.server.dataDir]);
  assert.equal(out.code, 0, out.stderr);
  const file = join(dir, 'keyward.pem');
  writeFileSync(file, out.stdout);
  return file;
}

describe('destruction pre-flight and verifiable destruction (SQLite)', () => {
  const material = randomBytes(32);
  let keyId = '';
  let arn = '';
  let sealed: Buffer = Buffer.alloc(0);
  const dir = mkdtempSync(join(tmpdir(), 'keyward-receipt-'));

  test('a key used yesterday cannot be scheduled for deletion; re-encrypted away and scanned clean, it can', async () => {
    const created = await t.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'destruction e2e' }));
    keyId = created.KeyMetadata!.KeyId!;
    arn = created.KeyMetadata!.Arn!;
    await importKnownMaterial(t.kms, keyId, material);
    sealed = sealedBytes(t.server.dataDir, keyId, 1);
    assert.ok(sealed.length > 32);
    const target = (await t.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const { CiphertextBlob } = await t.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('ledger row 17') }));
    await advanceClock(t.server.url, DAY);

    const refused = await rejects(t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })), 'KMSInvalidStateException');
    assert.match(refused.message, /\[RecentUse\] version 1 was used \(Encrypt\) at .*1 day\(s\) ago, within the pre-flight period of 30 days/);
    assert.match(refused.message, /\[CiphertextsNotReEncrypted\] version 1 produced 1 ciphertext\(s\) of which 0 were re-encrypted away \(1 left\)/);
    assert.match(refused.message, /PutDestructionPreflight/);
    for (const form of materialForms(material)) assert.ok(!refused.message.includes(form));

    const moved = await t.kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: target }));
    assert.equal((await t.kms.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob }))).KeyId!.endsWith(target), true);
    // A scan of the data store still finds one ciphertext under the key: refused, naming the scope.
    await t.kw.reportScanResults({ Scope: '/srv/ledger', Inventory: [{ KeyId: arn, KeyVersion: 1, Count: 1, Bytes: 180 }] });
    const listed = (await t.kw.listKeyVersions({ KeyId: keyId })).Versions[0]!;
    assert.deepEqual({ ...listed.ScanFound, LastReportDate: undefined }, { Count: 1, Bytes: 180, Scopes: ['/srv/ledger'], LastReportDate: undefined });
    assert.equal(listed.CiphertextsProduced, 1);
    assert.equal(listed.CiphertextsReEncryptedAway, 1);
    const scanned = await rejects(t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })), 'KMSInvalidStateException');
    assert.match(scanned.message, /\[ScanFoundData\] the latest scan of \/srv\/ledger found 1 ciphertext\(s\) \(180 bytes\) under version 1/);
    assert.doesNotMatch(scanned.message, /RecentUse|CiphertextsNotReEncrypted/);

    // The rewrapped store is scanned again: the new report of the scope replaces the old one.
    await t.kw.reportScanResults({ Scope: '/srv/ledger', Inventory: [{ KeyId: arn, KeyVersion: 1, Count: 0, Bytes: 0 }] });
    assert.equal((await t.kw.describeKeyVersion({ KeyId: keyId, KeyVersion: 1 })).KeyVersion.ScanFound!.Count, 0);
    const scheduled = await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyState, 'PendingDeletion');
  });

  test('a use of the key pending deletion is refused, audited and raises KeyPendingDeletionUsed', async () => {
    await rejects(t.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('late writer') })), 'KMSInvalidStateException');
    await advanceClock(t.server.url, 0); // the follower runs before the clock answers
    const events = await t.kw.listLifecycleEvents({ KeyId: arn, EventTypes: ['KeyPendingDeletionUsed'] });
    assert.equal(events.Events.length, 1);
    assert.match(events.Events[0]!.Details!, /"keyState":"PendingDeletion"/);
  });

  test('after the deletion the receipt verifies offline, the SQLite files hold no trace, one changed byte fails', async () => {
    await advanceClock(t.server.url, 8 * DAY);
    const got = await t.kw.getDestructionReceipt({ KeyId: arn });
    assert.equal(got.KeyId, arn);
    assert.deepEqual(got.KeyVersions, [1]);
    assert.equal(got.ScanResult, 'CLEAN');
    const receipt = JSON.parse(got.Receipt);
    assert.equal(receipt.Kind, 'KeyDeletion');
    assert.match(receipt.Versions[0].Commitment, /^hmac-sha256:[0-9a-f]{64}$/);
    assert.equal(receipt.Versions[0].CommitmentMatched, true);
    assert.deepEqual(receipt.Approvals, []);
    assert.match(receipt.ScheduledBy, /^arn:aws:iam::111122223333:/);
    assert.deepEqual(receipt.Scan.Findings, []);
    assert.equal(receipt.Scan.Scope.length, 3); // main file, WAL, WAL index
    assert.equal(receipt.AuditRecord.Operation, 'DeleteKey');
    const [record] = (await t.kw.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DeleteKey' }] })).Events;
    assert.equal(record!.EventId.replace(/-/g, '').slice(0, 16), receipt.AuditRecord.Hash.slice(0, 16));

    const file = join(dir, 'receipt.json');
    writeFileSync(file, got.Receipt);
    const pem = await publicKeyFile(dir);
    const ok = await runCli(['receipt', 'verify', file, '--public-key', pem]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout.toString(), /^verified: KeyDeletion of arn:aws:kms:.* \(versions 1\), destroyed .* scan CLEAN/);

    for (const { name, bytes } of databaseFiles(t.server.dataDir)) {
      assert.equal(bytes.indexOf(material), -1, `${name} holds the material`);
      assert.equal(bytes.indexOf(sealed), -1, `${name} holds the sealed material`);
      for (const form of materialForms(material)) assert.equal(bytes.indexOf(Buffer.from(form)), -1, `${name} holds the material as text`);
    }

    const text = Buffer.from(got.Receipt);
    const at = text.indexOf(Buffer.from('"DestroyedDate":"')) + 20;
    const flipped = Buffer.from(text);
    flipped[at] = flipped[at] === 0x31 ? 0x32 : 0x31;
    writeFileSync(join(dir, 'flipped.json'), flipped);
    const bad = await runCli(['receipt', 'verify', join(dir, 'flipped.json'), '--public-key', pem]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not verified: the signature does not verify/);
    const spaced = Buffer.concat([text.subarray(0, 1), Buffer.from(' '), text.subarray(1)]);
    writeFileSync(join(dir, 'spaced.json'), spaced);
    assert.equal((await runCli(['receipt', 'verify', join(dir, 'spaced.json'), '--public-key', pem])).code, 1);
  });

  test('a version destruction issues its own receipt; ListDestructionReceipts lists both', async () => {
    const key = (await t.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await t.kms.send(new RotateKeyOnDemandCommand({ KeyId: key }));
    const v1Sealed = sealedBytes(t.server.dataDir, key, 1);
    await t.kw.scheduleKeyVersionDestruction({ KeyId: key, KeyVersion: 1, PendingWindowInDays: 7 });
    await advanceClock(t.server.url, 8 * DAY);
    const got = await t.kw.getDestructionReceipt({ KeyId: key, KeyVersion: 1 });
    assert.equal(got.ScanResult, 'CLEAN');
    const receipt = JSON.parse(got.Receipt);
    assert.equal(receipt.Kind, 'KeyVersionDestruction');
    assert.equal(receipt.AuditRecord.Operation, 'DestroyKeyVersion');
    assert.equal(receipt.Versions[0].CommitmentMatched, true);
    for (const { name, bytes } of databaseFiles(t.server.dataDir)) assert.equal(bytes.indexOf(v1Sealed), -1, `${name} holds the sealed material`);
    const file = join(dir, 'version-receipt.json');
    writeFileSync(file, got.Receipt);
    assert.equal((await runCli(['receipt', 'verify', file, '--public-key', join(dir, 'keyward.pem')])).code, 0);
    await rejects(t.kw.getDestructionReceipt({ KeyId: key }), 'NotFoundException', /no destruction receipt for the deletion/);
    const all = await t.kw.listDestructionReceipts({});
    assert.deepEqual(all.Receipts.map((r) => r.KeyVersions), [[1], [1]]);
  });

  test('the pre-flight is per key: PutDestructionPreflight turns a check off, GetDestructionPreflight shows it', async () => {
    const key = (await t.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await t.kms.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('x') }));
    assert.deepEqual(await t.kw.getDestructionPreflight({ KeyId: key }), {
      KeyId: `arn:aws:kms:us-east-1:111122223333:key/${key}`, Enabled: true, RecentUseDays: 30, RequireReEncryption: true, RequireCleanScan: true, KeyOverrides: [],
    });
    await t.kw.putDestructionPreflight({ KeyId: key, RecentUseDays: 0 });
    const still = await rejects(t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key })), 'KMSInvalidStateException');
    assert.doesNotMatch(still.message, /RecentUse/);
    const off = await t.kw.putDestructionPreflight({ KeyId: key, Enabled: false });
    assert.deepEqual(off.KeyOverrides, ['Enabled', 'RecentUseDays']);
    assert.equal((await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key }))).KeyState, 'PendingDeletion');
    const back = await t.kw.putDestructionPreflight({ KeyId: key, UseInstallationDefaults: true });
    assert.deepEqual(back.KeyOverrides, []);
  });

  test('a scan report of 10,000 lines (over the 256 KiB body cap of other operations) is accepted; a line that is no key ARN is not', async () => {
    const prefix = 'arn:aws:kms:us-east-1:111122223333:key/';
    const Inventory = Array.from({ length: 10_000 }, (_, i) => ({ KeyId: `${prefix}${randomUUID()}`, KeyVersion: 1 + (i % 3), Count: i, Bytes: i * 100 }));
    assert.ok(JSON.stringify({ Scope: '/big', Inventory }).length > 1_000_000);
    const out = await t.kw.reportScanResults({ Scope: '/big', Inventory });
    assert.equal(out.Scope, '/big');
    await rejects(t.kw.reportScanResults({ Scope: '/bad', Inventory: [{ KeyId: 'alias/application-data-key', KeyVersion: 1, Count: 1, Bytes: 1 }] }),
      'ValidationException', /Inventory KeyId alias\/application-data-key is not a key ARN/);
  });

  test('no audit event holds the material', async () => {
    const pages: unknown[] = [];
    for (let token: string | undefined, first = true; first || token !== undefined; first = false) {
      const page = await t.kw.lookupEvents({ MaxResults: 50, ...(token ? { NextToken: token } : {}) });
      pages.push(page.Events);
      token = page.NextToken;
    }
    const events = JSON.stringify(pages);
    assert.match(events, /Destruction pre-flight refused ScheduleKeyDeletion/); // the refusals are audited with their message
    for (const form of materialForms(material)) assert.ok(!events.includes(form));
    const lifecycle = JSON.stringify(await t.kw.listLifecycleEvents({ Limit: 1000 }));
    for (const form of materialForms(material)) assert.ok(!lifecycle.includes(form));
    for (const form of materialForms(material)) assert.ok(!t.server.output().includes(form), 'the server output holds the material');
  });
});
