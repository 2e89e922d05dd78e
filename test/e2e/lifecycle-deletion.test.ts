// Scheduled deletion really happens, on the dev test clock: a key scheduled for deletion in 7 days still answers after
// 6 days 23 hours and can be cancelled (it comes back Disabled); once its 7 days have passed it is gone — DescribeKey
// says NotFound, its ciphertexts no longer decrypt, its aliases are gone, the audit log holds exactly one system
// DeleteKey record, and neither its sealed nor its raw material is left anywhere in keyward.db, -wal or -shm. The same
// holds when the server restarts between scheduling and the due date, and when the due date passes while the server
// is down (the deletion happens at start-up). Plus ScheduleKeyDeletion's window rules.
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand,
  EnableKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand,
  RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, TagResourceCommand,
} from '@aws-sdk/client-kms';
import { purpose, unsealBarrier } from '../../src/core/secrets/barrier.js';
import { openBlob, parseCiphertextBlob } from '../../src/core/data-plane/ciphertext-format.js';
import type { Store } from '../../src/core/ports.js';
import { KeyFileRoot } from '../../src/seal/dev-key-file.js';
import {
  advanceClock, ALIAS_ARN_PREFIX, databaseFiles, DAY, failure, kmsClient, rejects, serverNowMs, withReadonlyDb,
} from '../support/lifecycle-helpers.js';
import { startTestServer, type TestServer } from '../support/server.js';

const HOUR = 3600;
const CLOCK = ['--test-clock'];

interface Doomed {
  keyId: string;
  arn: string;
  aliases: string[];
  /** Ciphertexts (and their plaintexts) made under every version of the key. */
  ciphertexts: { blob: Uint8Array; plaintext: Buffer }[];
  /** key_versions.sealed_material of every version, read from the live database before the deletion. */
  sealed: Buffer[];
  /** The raw key material of every version, unsealed with the data directory's root key. */
  raw: Buffer[];
}

/** A key with two aliases, a tag, two versions and three ciphertexts, and its material captured from the database. */
async function makeDoomedKey(kms: KMSClient, server: TestServer, name: string): Promise<Doomed> {
  const created = await kms.send(new CreateKeyCommand({ Description: `doomed ${name}` }));
  const keyId = created.KeyMetadata!.KeyId!;
  const arn = created.KeyMetadata!.Arn!;
  const aliases = [`alias/${name}`, `alias/${name}-second`];
  for (const a of aliases) await kms.send(new CreateAliasCommand({ AliasName: a, TargetKeyId: keyId }));
  await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'fate', TagValue: 'deletion' }] }));
  const ciphertexts: Doomed['ciphertexts'] = [];
  const p1 = Buffer.from(`${name}: secret under version 1`);
  ciphertexts.push({ blob: (await kms.send(new EncryptCommand({ KeyId: aliases[0], Plaintext: p1 }))).CiphertextBlob!, plaintext: p1 });
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  const p2 = Buffer.from(`${name}: secret under version 2`);
  ciphertexts.push({ blob: (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: p2 }))).CiphertextBlob!, plaintext: p2 });
  const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: arn, KeySpec: 'AES_256', EncryptionContext: { who: name } }));
  ciphertexts.push({ blob: dk.CiphertextBlob!, plaintext: Buffer.from(dk.Plaintext!) });
  for (const c of ciphertexts.slice(0, 2)) {
    assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: c.blob }))).Plaintext!), c.plaintext);
  }

  // Read the material from the live file (read-only; the server keeps running) and unseal it with the root key.
  const { versions, barrierKeys } = withReadonlyDb(server.dataDir, (db) => ({
    versions: db.prepare('SELECT version, sealed_material FROM key_versions WHERE key_id = ? ORDER BY version').all(keyId) as
      { version: number; sealed_material: Buffer }[],
    barrierKeys: db.prepare('SELECT term, wrapped FROM barrier_keys ORDER BY term').all() as { term: number; wrapped: Buffer }[],
  }));
  assert.deepEqual(versions.map((v) => v.version), [1, 2], 'the key has two versions');
  const root = KeyFileRoot.open(join(server.dataDir, 'root.key'), false);
  const barrier = await unsealBarrier({ getBarrierKeys: async () => barrierKeys } as unknown as Store, root);
  const sealed = versions.map((v) => Buffer.from(v.sealed_material));
  const raw = versions.map((v) => barrier.open(purpose.keyMaterial(keyId, v.version), Buffer.from(v.sealed_material)));
  for (const m of raw) assert.equal(m.length, 32);
  // Prove the captured material is the real thing: it opens the ciphertexts of its version.
  for (const [i, c] of ciphertexts.entries()) {
    const parsed = parseCiphertextBlob(Buffer.from(c.blob));
    assert.equal(parsed.keyId, keyId);
    assert.equal(parsed.keyVersion, i === 0 ? 1 : 2);
    assert.deepEqual(openBlob(parsed, raw[parsed.keyVersion - 1]!, i === 2 ? { who: name } : undefined), c.plaintext);
  }
  return { keyId, arn, aliases, ciphertexts, sealed, raw };
}

/** System DeleteKey audit records for a key. */
function systemDeletions(dataDir: string, arn: string): Record<string, unknown>[] {
  return withReadonlyDb(dataDir, (db) => db.prepare(
    "SELECT * FROM audit_log WHERE principal = 'keyward:system' AND operation = 'DeleteKey' AND key_arn = ? ORDER BY seq",
  ).all(arn) as Record<string, unknown>[]);
}

/** Everything the deletion must have achieved, checked through the API, the audit log and the raw files. */
async function assertGone(kms: KMSClient, server: TestServer, k: Doomed): Promise<void> {
  const notFound = `Key '${k.arn}' does not exist`;
  await rejects(kms.send(new DescribeKeyCommand({ KeyId: k.keyId })), 'NotFoundException', notFound, 'DescribeKey by id');
  await rejects(kms.send(new DescribeKeyCommand({ KeyId: k.arn })), 'NotFoundException', notFound, 'DescribeKey by ARN');
  await rejects(kms.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: Buffer.from('x') })), 'NotFoundException', notFound);
  await rejects(kms.send(new EnableKeyCommand({ KeyId: k.keyId })), 'NotFoundException', notFound);
  await rejects(kms.send(new CancelKeyDeletionCommand({ KeyId: k.keyId })), 'NotFoundException', notFound);
  for (const [i, c] of k.ciphertexts.entries()) {
    const ec = i === 2 ? { EncryptionContext: { who: k.aliases[0]!.slice('alias/'.length) } } : {};
    const err = await failure(kms.send(new DecryptCommand({ CiphertextBlob: c.blob, ...ec })));
    assert.ok(err, `ciphertext ${i} of a deleted key must not decrypt`);
  }
  for (const a of k.aliases) {
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: a })), 'NotFoundException', `Alias ${ALIAS_ARN_PREFIX}${a} is not found.`);
  }
  const aliases = (await kms.send(new ListAliasesCommand({ Limit: 100 }))).Aliases ?? [];
  assert.deepEqual(aliases.filter((a) => k.aliases.includes(a.AliasName!) || a.TargetKeyId === k.keyId), [], 'aliases gone');
  const keys = (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys ?? [];
  assert.ok(!keys.some((e) => e.KeyId === k.keyId), 'ListKeys no longer lists the key');

  const rows = systemDeletions(server.dataDir, k.arn);
  assert.equal(rows.length, 1, 'exactly one system DeleteKey audit record');
  assert.equal(rows[0]!.outcome, 'success');
  const leftovers = withReadonlyDb(server.dataDir, (db) => ({
    versions: (db.prepare('SELECT count(*) AS n FROM key_versions WHERE key_id = ?').get(k.keyId) as { n: number }).n,
    tags: (db.prepare('SELECT count(*) AS n FROM key_tags WHERE key_id = ?').get(k.keyId) as { n: number }).n,
    aliases: (db.prepare('SELECT count(*) AS n FROM aliases WHERE target_key_id = ?').get(k.keyId) as { n: number }).n,
    keys: (db.prepare('SELECT count(*) AS n FROM keys WHERE key_id = ?').get(k.keyId) as { n: number }).n,
  }));
  assert.deepEqual(leftovers, { versions: 0, tags: 0, aliases: 0, keys: 0 }, 'no rows of the key remain');

  // Byte scan of every database file: no sealed blob and no raw material (in any common encoding) remains.
  const files = databaseFiles(server.dataDir);
  assert.ok(files.some((f) => f.name.endsWith('keyward.db')), 'scanned keyward.db');
  const needles: { label: string; bytes: Buffer }[] = [];
  k.sealed.forEach((s, i) => needles.push({ label: `sealed material v${i + 1}`, bytes: s }));
  k.raw.forEach((m, i) => {
    needles.push({ label: `raw material v${i + 1}`, bytes: m });
    needles.push({ label: `raw material v${i + 1} hex`, bytes: Buffer.from(m.toString('hex'), 'latin1') });
    needles.push({ label: `raw material v${i + 1} base64`, bytes: Buffer.from(m.toString('base64'), 'latin1') });
  });
  for (const f of files) {
    for (const n of needles) assert.equal(f.bytes.indexOf(n.bytes), -1, `${n.label} found in ${f.name}`);
  }
}

describe('scheduled deletion with the test clock', () => {
  let server: TestServer;
  let kms: KMSClient;
  let k: Doomed;

  before(async () => {
    server = await startTestServer({ args: CLOCK });
    kms = kmsClient(server);
    k = await makeDoomedKey(kms, server, 'doomed');
  });

  after(async () => {
    kms?.destroy();
    await server?.stop(true);
  });

  test('the captured material is still in the database while the key exists (the scan can find it)', () => {
    const files = databaseFiles(server.dataDir);
    for (const [i, s] of k.sealed.entries()) {
      assert.ok(files.some((f) => f.bytes.indexOf(s) !== -1), `sealed material v${i + 1} is present before the deletion`);
    }
  });

  test('7-day window: still there after 6 days 23 hours, and cancelling brings it back Disabled', async () => {
    const before = await serverNowMs(server.url);
    const sched = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.keyId, PendingWindowInDays: 7 }));
    assert.equal(sched.KeyId, k.arn);
    assert.equal(sched.KeyState, 'PendingDeletion');
    assert.equal(sched.PendingWindowInDays, 7);
    const due = sched.DeletionDate!.getTime();
    assert.ok(Math.abs(due - (before + 7 * DAY * 1000)) < 5000, `DeletionDate ≈ now + 7 d (off by ${due - before - 7 * DAY * 1000} ms)`);

    const adv = await advanceClock(server.url, 6 * DAY + 23 * HOUR);
    assert.equal(adv.jobsRun, 0, 'nothing falls due before the window ends');
    const md = (await kms.send(new DescribeKeyCommand({ KeyId: k.keyId }))).KeyMetadata!;
    assert.equal(md.KeyState, 'PendingDeletion');
    assert.equal(md.Enabled, false);
    assert.equal(md.DeletionDate?.getTime(), due);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: k.aliases[0] }))).KeyMetadata!.KeyId, k.keyId, 'alias still resolves');
    await rejects(kms.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException', `${k.arn} is pending deletion.`);
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: k.ciphertexts[0]!.blob })),
      'KMSInvalidStateException', `${k.arn} is pending deletion.`);

    const cancelled = await kms.send(new CancelKeyDeletionCommand({ KeyId: k.arn }));
    assert.equal(cancelled.KeyId, k.arn);
    const after = (await kms.send(new DescribeKeyCommand({ KeyId: k.keyId }))).KeyMetadata!;
    assert.equal(after.KeyState, 'Disabled', 'CancelKeyDeletion leaves the key Disabled, not Enabled');
    assert.equal(after.Enabled, false);
    assert.equal(after.DeletionDate, undefined, 'DeletionDate gone');
    await rejects(kms.send(new EncryptCommand({ KeyId: k.keyId, Plaintext: Buffer.from('x') })), 'DisabledException', `${k.arn} is disabled.`);

    // The cancelled schedule must not fire later.
    assert.equal((await advanceClock(server.url, 2 * HOUR)).jobsRun, 0);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: k.keyId }))).KeyMetadata!.KeyState, 'Disabled');
    // Enabled again, it works as before: every old ciphertext decrypts.
    await kms.send(new EnableKeyCommand({ KeyId: k.keyId }));
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: k.ciphertexts[1]!.blob }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), k.ciphertexts[1]!.plaintext);
    assert.equal(systemDeletions(server.dataDir, k.arn).length, 0, 'no deletion recorded yet');
  });

  test('scheduled again for 7 days: after 7 days the key, its aliases and its material are gone', async () => {
    const sched = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.keyId, PendingWindowInDays: 7 }));
    assert.equal(sched.KeyState, 'PendingDeletion');
    const adv = await advanceClock(server.url, 7 * DAY);
    assert.equal(adv.jobsRun, 1, 'exactly one job ran: this deletion');
    await assertGone(kms, server, k);
    // Nothing more happens later.
    assert.equal((await advanceClock(server.url, 30 * DAY)).jobsRun, 0);
    assert.equal(systemDeletions(server.dataDir, k.arn).length, 1);
  });

  test('ScheduleKeyDeletion: PendingWindowInDays 6 and 31 → ValidationException, and the key stays Enabled', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    for (const days of [6, 31, 0, 365]) {
      await rejects(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: days })),
        'ValidationException', undefined, `PendingWindowInDays ${days}`);
    }
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'Enabled');
    for (const days of [7, 30]) {
      const k2 = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: k2.KeyId, PendingWindowInDays: days }));
      assert.equal(out.PendingWindowInDays, days, `${days} days is accepted`);
    }
  });

  test('ScheduleKeyDeletion twice → KMSInvalidStateException, the first DeletionDate stands', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const first = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 10 }));
    await rejects(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.Arn, PendingWindowInDays: 7 })),
      'KMSInvalidStateException', `${key.Arn} is pending deletion.`);
    const md = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
    assert.equal(md.DeletionDate?.getTime(), first.DeletionDate?.getTime());
  });

  test('default window is 30 days; a Disabled key can be scheduled too', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const now = await serverNowMs(server.url);
    const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }));
    assert.equal(out.KeyId, key.Arn);
    assert.equal(out.PendingWindowInDays, 30);
    assert.equal(out.KeyState, 'PendingDeletion');
    assert.ok(Math.abs(out.DeletionDate!.getTime() - (now + 30 * DAY * 1000)) < 5000, 'DeletionDate ≈ now + 30 d');

    const disabled = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    const d = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: disabled.Arn, PendingWindowInDays: 7 }));
    assert.equal(d.KeyState, 'PendingDeletion');
    // Cancelled once, a second CancelKeyDeletion finds the key no longer pending deletion.
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
    await rejects(kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId })),
      'KMSInvalidStateException', `${key.Arn} is not pending deletion`);
  });
});

describe('scheduled deletion across a server restart', () => {
  let server: TestServer;
  let kms: KMSClient;
  let dataDir = '';

  after(async () => {
    kms?.destroy();
    await server?.stop(true);
  });

  test('scheduled, restarted, then due: deleted exactly once, with everything gone', async () => {
    server = await startTestServer({ args: CLOCK });
    dataDir = server.dataDir;
    kms = kmsClient(server);
    const b = await makeDoomedKey(kms, server, 'restart-b');
    const keeper = (await kms.send(new CreateKeyCommand({ Description: 'survives' }))).KeyMetadata!;
    const keeperCt = (await kms.send(new EncryptCommand({ KeyId: keeper.KeyId, Plaintext: Buffer.from('keep me') }))).CiphertextBlob!;
    const sched = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: b.keyId, PendingWindowInDays: 7 }));
    kms.destroy();
    await server.stop();

    // The test clock's offset is kept in the store: after the restart it is where it was, before the due date.
    server = await startTestServer({ dataDir, args: CLOCK });
    kms = kmsClient(server);
    const md = (await kms.send(new DescribeKeyCommand({ KeyId: b.keyId }))).KeyMetadata!;
    assert.equal(md.KeyState, 'PendingDeletion', 'the schedule survived the restart');
    assert.equal(md.DeletionDate?.getTime(), sched.DeletionDate?.getTime());
    assert.equal((await advanceClock(server.url, 6 * DAY + 23 * HOUR)).jobsRun, 0, 'not due yet after 6 d 23 h');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: b.arn }))).KeyMetadata!.KeyState, 'PendingDeletion');
    assert.equal((await advanceClock(server.url, HOUR + 60)).jobsRun, 1, 'due after 7 days: one job');
    await assertGone(kms, server, b);

    // Another restart: nothing is deleted twice, and the other key is untouched.
    kms.destroy();
    await server.stop();
    server = await startTestServer({ dataDir, args: CLOCK });
    kms = kmsClient(server);
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: b.keyId })), 'NotFoundException', `Key '${b.arn}' does not exist`);
    assert.equal(systemDeletions(dataDir, b.arn).length, 1, 'still exactly one system DeleteKey record');
    const kept = await kms.send(new DecryptCommand({ CiphertextBlob: keeperCt }));
    assert.equal(Buffer.from(kept.Plaintext!).toString(), 'keep me');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keeper.KeyId }))).KeyMetadata!.KeyState, 'Enabled');
  });
});

describe('a deletion that fell due while the server was down', () => {
  let server: TestServer;
  let kms: KMSClient;

  after(async () => {
    kms?.destroy();
    await server?.stop(true);
  });

  test('happens at start-up, before the server answers, exactly once', async () => {
    server = await startTestServer({ args: CLOCK });
    const dataDir = server.dataDir;
    kms = kmsClient(server);
    const c = await makeDoomedKey(kms, server, 'down-c');
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: c.keyId, PendingWindowInDays: 7 }));
    kms.destroy();
    await server.stop();

    // Seven days and an hour pass while the server is down: the shared test clock's stored offset moves on.
    const db = new Database(join(dataDir, 'keyward.db'));
    const row = db.prepare("SELECT value FROM meta WHERE name = 'test_clock_offset_ms'").get() as { value: string } | undefined;
    const offset = Number(row?.value ?? 0) + (7 * DAY + HOUR) * 1000;
    db.prepare("INSERT INTO meta (name, value) VALUES ('test_clock_offset_ms', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value").run(String(offset));
    db.close();

    server = await startTestServer({ dataDir, args: CLOCK });
    kms = kmsClient(server);
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: c.keyId })), 'NotFoundException', `Key '${c.arn}' does not exist`);
    assert.equal(systemDeletions(dataDir, c.arn).length, 1, 'one system DeleteKey record, written at start-up');
  });
});
