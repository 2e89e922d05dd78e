// `keyward scan` against a real server: a 10,000-file tree (raw blobs, base64 in JSON and text, data-key envelopes, ESDK
// messages from @aws-crypto/client-node, noise with the magic bytes and header-shaped fakes) yields exactly the planted
// inventory per key and version; after rotations --rewrap leaves every file decryptable on the newest version, resumes
// from --state, and a rescan shows nothing left behind. The same for a SQLite and a PostgreSQL column, --report-to's
// request checked at a receiver, usage errors. Story and rules: docs/cli.md "keyward scan".
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode, MultiKeyringNode } from '@aws-crypto/client-node';
import { CreateKeyCommand, EnableKeyRotationCommand, EncryptCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { awsEnv, runCli } from '../support/cli.js';
import { useExtensionServer } from '../support/keyward.js';
import { PG_TEST_PASSWORD, PG_TEST_ROLE, postgresAvailable, startPostgres } from '../support/postgres.js';
import { RawAesTestKeyring } from '../support/raw-aes-keyring.js';
import { fakeBlob, inventoryOf, noiseWithMagic, Planter, versionOf } from '../support/scan-fixtures.js';

const t = useExtensionServer();
const root = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-scan-')));
after(() => rmSync(root, { recursive: true, force: true }));

interface Summary {
  Scope: string; Scanned: { Files?: number; Rows?: number; Bytes: number };
  Inventory: { KeyId: string; KeyVersion: number; Count: number; Bytes: number; Newest: boolean; Formats: Record<string, number>; Locations: { Location: string; Offset: number; Format: string }[] }[];
  Unresolved: { location: string; keyId: string; reason: string }[];
  Skipped: unknown[];
  Rewrap?: { Rewrapped: number; AlreadyNewest: number; SkippedByState: number; ChangedSinceScan: number; Failed: { Location: string; Reason: string }[] };
}

async function scan(args: string[]): Promise<Summary> {
  const r = await runCli(['scan', ...args, '--json'], { env: awsEnv(t.server) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'no progress bar or chatter on a pipe');
  return JSON.parse(r.stdout.toString()) as Summary;
}

const keys = { a: '', b: '', m: '' };
let planter: Planter;
/** After a rewrap: every planted file must still decrypt to what was planted, on its key's newest version. */
const checks: ((newest: Record<string, number>) => Promise<void>)[] = [];
const fakes = new Set<string>();
let stateSkipped: string[] = [];
const FILES = 10_000;
const tree = join(root, 'tree');

async function rotate(arn: string): Promise<void> {
  await t.kms.send(new RotateKeyOnDemandCommand({ KeyId: arn }));
}

/** Keys a (rotating), b and m (multi-Region); called by the first test (Node 20 does not order top-level before hooks). */
async function setUp(): Promise<void> {
  for (const [name, multi] of [['a', false], ['b', false], ['m', true]] as const) {
    keys[name] = (await t.kms.send(new CreateKeyCommand({ Description: `scan ${name}`, MultiRegion: multi }))).KeyMetadata!.Arn!;
  }
  await t.kms.send(new EnableKeyRotationCommand({ KeyId: keys.a }));
  planter = new Planter(t.kms, t.server);
}

let written = 0;
function put(rel: string, content: Buffer | string): string {
  const path = join(tree, `d${String(Math.floor(written / 100)).padStart(3, '0')}`, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  written++;
  return path;
}

/** A raw blob file under `arn`, checked after the rewrap. */
async function plantRaw(arn: string, i: number): Promise<string> {
  const plaintext = Buffer.from(`raw ${i} ${arn}`);
  const path = put(`raw-${i}.bin`, await planter.blob(arn, plaintext));
  checks.push(async (newest) => {
    const d = await planter.decrypt(readFileSync(path));
    assert.deepEqual([d.plaintext.toString(), d.keyId, d.version], [plaintext.toString(), arn, newest[arn]], path);
  });
  return path;
}

async function plantJson(arn: string, i: number, urlSafe: boolean): Promise<void> {
  const plaintext = Buffer.from(`json ${String(i).padStart(4, '0')}`); // 59-byte blobs: unpadded base64url is recognisable
  const blob = await planter.blob(arn, plaintext);
  const secret = urlSafe ? blob.toString('base64url') : blob.toString('base64');
  const path = put(`doc-${i}.json`, JSON.stringify({ id: i, note: 'AQ is not a blob', secret, tail: 'AQAB' }, null, 2));
  checks.push(async (newest) => {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { secret: string; id: number };
    assert.equal(doc.id, i);
    assert.doesNotMatch(doc.secret, urlSafe ? /[+/=]/ : /[-_]/, 'the alphabet and padding are kept');
    const d = await planter.decrypt(Buffer.from(doc.secret, 'base64'));
    assert.deepEqual([d.plaintext.toString(), d.keyId, d.version], [plaintext.toString(), arn, newest[arn]], path);
  });
}

async function plantText(arns: string[], i: number): Promise<void> {
  const blobs = await Promise.all(arns.map((arn, j) => planter.blob(arn, Buffer.from(`text ${i}.${j}`))));
  const path = put(`notes-${i}.txt`, `line one\ntoken=${blobs[0]!.toString('base64')};\n(${blobs[1]!.toString('base64')}) and '${blobs[2]!.toString('base64')}'\nend\n`);
  checks.push(async (newest) => {
    const found = readFileSync(path, 'utf8').match(/AQ[A-Za-z0-9+/]+=*/g)!;
    assert.equal(found.length, 3, path);
    for (const [j, b64] of found.entries()) {
      const d = await planter.decrypt(Buffer.from(b64, 'base64'));
      assert.deepEqual([d.plaintext.toString(), d.keyId, d.version], [`text ${i}.${j}`, arns[j], newest[arns[j]!]], path);
    }
  });
}

async function plantEnvelope(arn: string, i: number, raw: boolean): Promise<void> {
  const env = await planter.envelope(arn);
  const path = raw ? put(`data-${i}.key`, Buffer.from(env.EncryptedDataKey, 'base64')) : put(`envelope-${i}.json`, JSON.stringify(env));
  if (raw) put(`data-${i}.dat`, Buffer.from(env.Data, 'base64'));
  const original = await planter.decrypt(Buffer.from(env.EncryptedDataKey, 'base64'));
  checks.push(async (newest) => {
    const blob = raw ? readFileSync(path) : Buffer.from((JSON.parse(readFileSync(path, 'utf8')) as { EncryptedDataKey: string }).EncryptedDataKey, 'base64');
    const d = await planter.decrypt(blob);
    assert.ok(d.plaintext.equals(original.plaintext), `${path}: the same data key`);
    assert.equal(d.version, newest[arn], path);
  });
}

async function plantEsdk(arns: string[], i: number, versions: number[]): Promise<void> {
  const plaintext = Buffer.from(`esdk message ${i} `.repeat(300));
  const path = put(`message-${i}.esdk`, await planter.esdkMessage(arns, plaintext, versions));
  checks.push(async () => {
    for (const arn of arns) {
      const d = await planter.esdkDecrypt(arn, readFileSync(path));
      assert.ok(d.plaintext.equals(plaintext), `${path} decrypts under ${arn}`);
      assert.equal(d.context.purpose, 'scan-test', 'the context is kept');
    }
  });
}

test('a 10,000-file tree: exactly the planted ciphertexts per key and version, noise and fakes not counted', async () => {
  await setUp();
  const { a, b, m } = keys;
  const jobs: Promise<unknown>[] = [];
  for (let i = 0; i < 150; i++) jobs.push(plantRaw([a, b, m][i % 3]!, i));
  for (let i = 0; i < 150; i++) jobs.push(plantJson([a, b, m][i % 3]!, i, i % 2 === 1));
  for (let i = 0; i < 50; i++) jobs.push(plantText([a, b, m], i));
  for (let i = 0; i < 100; i++) jobs.push(plantEnvelope(i % 2 ? a : b, i, i % 4 < 2));
  await Promise.all(jobs.splice(0));
  for (let i = 0; i < 40; i++) {
    const arns = i < 20 ? [a] : i < 30 ? [b] : [a, b];
    jobs.push(plantEsdk(arns, i, arns.map(() => 1)));
  }
  await Promise.all(jobs.splice(0));
  await rotate(a); // a is on version 2 from here
  const v2: string[] = [];
  for (let i = 0; i < 50; i++) jobs.push(plantRaw(a, 1000 + i).then((p) => v2.push(p)));
  for (let i = 0; i < 20; i++) jobs.push(plantJson(a, 1000 + i, false));
  await Promise.all(jobs.splice(0));

  // A 12 MiB file read in 4 MiB chunks: blobs across both chunk boundaries, at the start and the very end.
  const big = noiseWithMagic(12 * 1024 * 1024);
  const bigBlobs = await Promise.all([0, 1, 2, 3].map((i) => planter.blob(b, Buffer.from(`big ${i}`))));
  const at = [0, 4 * 1024 * 1024 - 40, 8 * 1024 * 1024 - 1, big.length - 112];
  bigBlobs.forEach((blob, i) => big.write(` ${blob.toString('base64')} `, at[i]!, 'latin1'));
  const bigPath = put('big.log', big);

  // Fakes: header-shaped (UUID v4 key id, version 1) but naming no key, raw and in base64; they must be unresolved.
  for (let i = 0; i < 20; i++) fakes.add(put(`fake-${i}.bin`, fakeBlob(50 + i * 7)));
  for (let i = 0; i < 20; i++) fakes.add(put(`fake-${i}.json`, JSON.stringify({ secret: fakeBlob().toString('base64') })));
  // Near misses that are not blobs at all: too short, a version of 0, a blob's base64 inside a longer run.
  const real = Buffer.from((await t.kms.send(new EncryptCommand({ KeyId: a, Plaintext: Buffer.from('near miss') }))).CiphertextBlob!);
  put('short.bin', real.subarray(0, 49));
  const zero = Buffer.from(real);
  zero.writeUInt32BE(0, 18);
  put('zero-version.bin', zero);
  put('inside.txt', `x${Buffer.concat([Buffer.from([7, 7, 7]), real]).toString('base64')}`);
  while (written < FILES) {
    const n = written;
    put(`noise-${n}.${n % 3 === 0 ? 'txt' : 'bin'}`, n % 3 === 0 ? `AQ log line ${n} AQAB ${noiseWithMagic(300).toString('base64').slice(0, 60)}\n` : noiseWithMagic(64 + (n % 4000)));
  }
  // A link loop and a second name for a planted file: followed, each visited once.
  symlinkSync(tree, join(tree, 'd000', 'loop'));
  symlinkSync(v2[0]!, join(tree, 'd001', 'same-file.bin'));

  const s = await scan([tree]);
  assert.equal(s.Scope, `files:${tree}`);
  assert.equal(s.Scanned.Files, FILES);
  assert.deepEqual(inventoryOf(s), planter.expected.asObject());
  assert.deepEqual(new Set(s.Unresolved.map((u) => u.location)), fakes);
  assert.ok(s.Unresolved.every((u) => /no key with this id/.test(u.reason)));
  const bEntry = s.Inventory.find((e) => e.KeyId === b && e.KeyVersion === 1)!;
  const inBig = bEntry.Locations.filter((l) => l.Location === bigPath).map((l) => l.Offset);
  assert.deepEqual(inBig, at.map((o) => o + 1), 'base64 runs found across chunk boundaries, at their offsets');
  const aEntry = s.Inventory.find((e) => e.KeyId === a && e.KeyVersion === 1)!;
  assert.equal(aEntry.Newest, false);
  assert.equal(aEntry.Formats['esdk-message'], 30);
  assert.equal(s.Inventory.find((e) => e.KeyId === m)!.Formats['keyward-blob'], 50);

  const people = await runCli(['scan', tree, '--max-locations', '2'], { env: awsEnv(t.server) });
  assert.equal(people.code, 0, people.stderr);
  const text = people.stdout.toString();
  assert.match(text, new RegExp(`^files:${tree}: ${FILES} files, \\d+ bytes$`, 'm'));
  assert.match(text, /^KEY\s+VERSION\s+NEWEST\s+COUNT\s+BYTES\s+LOCATIONS$/m);
  assert.match(text, new RegExp(`^${a}\\s+1\\s+no\\s+${aEntry.Count}\\s+${aEntry.Bytes}\\s+\\S+, \\S+ \\(\\+${aEntry.Count - 2} more, all in --json\\)$`, 'm'));
  assert.match(text, /^40 candidate\(s\) not confirmed by the server/m);
});

test('--rewrap after rotations: every file decrypts to what was planted on the newest version; --state resumes', async () => {
  const { a, b, m } = keys;
  await rotate(a);
  await rotate(b); // a: 3, b: 2, m: 1 (already newest)
  const newest = { [a]: 3, [b]: 2, [m]: 1 };
  const before = await scan([tree]);
  const total = before.Inventory.reduce((n, e) => n + e.Count, 0);
  const all = new Set(before.Inventory.flatMap((e) => e.Locations.map((l) => l.Location)));
  const behind = new Set(before.Inventory.filter((e) => !e.Newest).flatMap((e) => e.Locations.map((l) => l.Location)));
  assert.equal(behind.size, 461, 'a/b files: 100 raw, 100 JSON, 50 text, 100 envelopes, 40 ESDK, 70 on a v2, the big log');
  // As if an interrupted run had finished five files: a rerun with the same state file leaves them alone.
  const state = join(root, 'rewrap.state');
  stateSkipped = before.Inventory.find((e) => e.KeyId === a && e.KeyVersion === 1 && e.Formats['keyward-blob'])!.Locations
    .filter((l) => l.Format === 'keyward-blob').slice(0, 5).map((l) => l.Location);
  writeFileSync(state, stateSkipped.map((l) => JSON.stringify({ scope: before.Scope, done: l }) + '\n').join('') + '{"scope": "cut sh');
  const first = await scan([tree, '--rewrap', '--state', state]);
  assert.deepEqual(first.Rewrap!.Failed, []);
  assert.equal(first.Rewrap!.SkippedByState, 5);
  assert.equal(first.Rewrap!.Rewrapped, behind.size - 5);
  assert.equal(first.Rewrap!.AlreadyNewest, all.size - behind.size, 'files only under m (not rotated) are left as they are');
  for (const l of stateSkipped) assert.equal(versionOf(readFileSync(l)), 1, `${l} was skipped by the state file`);
  const again = await scan([tree, '--rewrap', '--state', state]);
  assert.equal(again.Rewrap!.Rewrapped, 0);
  assert.equal(again.Rewrap!.SkippedByState, first.Rewrap!.Rewrapped + 5, 'every finished file was recorded');
  const rest = await scan([tree, '--rewrap']);
  assert.equal(rest.Rewrap!.Rewrapped, 5);

  const after = await scan([tree]);
  assert.ok(after.Inventory.every((e) => e.Newest && e.KeyVersion === newest[e.KeyId]), JSON.stringify(after.Inventory.map((e) => [e.KeyId, e.KeyVersion])));
  assert.equal(after.Inventory.reduce((n, e) => n + e.Count, 0), total, 'nothing lost, nothing added');
  assert.equal(after.Unresolved.length, fakes.size, 'the fakes were left alone');
  for (let i = 0; i < checks.length; i += 50) await Promise.all(checks.slice(i, i + 50).map((c) => c(newest)));
});

/** Versions after `rotate()` of a and b; m never rotates. */
async function rotateBoth(): Promise<Record<string, number>> {
  await rotate(keys.a);
  await rotate(keys.b);
  const v = async (arn: string) => {
    const out = await t.kw.listKeyVersions({ KeyId: arn });
    return Math.max(...out.Versions.map((x) => x.KeyVersion ?? 0));
  };
  return { [keys.a]: await v(keys.a), [keys.b]: await v(keys.b), [keys.m]: 1 };
}

test('a SQLite column: BLOB and text rows by rowid, noise and NULLs ignored; --rewrap in batched transactions', async () => {
  const { a, b } = keys;
  const p = new Planter(t.kms, t.server);
  const file = join(root, 'app.db');
  const db = new Database(file);
  db.exec('CREATE TABLE vault (id INTEGER PRIMARY KEY, value)');
  const insert = db.prepare('INSERT INTO vault (value) VALUES (?)');
  const planted: { id: number | bigint; kind: 'raw' | 'text' | 'esdk'; arn: string; plaintext: Buffer }[] = [];
  const fakeRows: string[] = [];
  for (let i = 0; i < 220; i++) {
    const plaintext = Buffer.from(`row ${i}`);
    planted.push({ id: insert.run(await p.blob(a, plaintext)).lastInsertRowid, kind: 'raw', arn: a, plaintext });
  }
  for (let i = 0; i < 60; i++) {
    const plaintext = Buffer.from(`doc ${i}`);
    const doc = JSON.stringify({ user: i, token: (await p.blob(b, plaintext)).toString('base64url') });
    planted.push({ id: insert.run(doc).lastInsertRowid, kind: 'text', arn: b, plaintext });
  }
  const va = (await rotateBoth())[a]!;
  for (let i = 0; i < 10; i++) {
    const plaintext = Buffer.from(`message ${i}`.repeat(50));
    planted.push({ id: insert.run(await p.esdkMessage([a], plaintext, [va])).lastInsertRowid, kind: 'esdk', arn: a, plaintext });
  }
  for (let i = 0; i < 5; i++) fakeRows.push(`vault.value rowid=${insert.run(fakeBlob()).lastInsertRowid}`);
  for (let i = 0; i < 40; i++) insert.run(noiseWithMagic(100 + i * 50, 64));
  for (let i = 0; i < 5; i++) insert.run(null);
  for (let i = 0; i < 5; i++) insert.run(i);
  db.close();

  const args = ['--sqlite', file, '--table', 'vault', '--column', 'value'];
  const s = await scan(args);
  assert.equal(s.Scope, `sqlite:${file}#vault.value`);
  assert.equal(s.Scanned.Rows, 335, 'every BLOB and TEXT row (not NULLs, not numbers)');
  assert.deepEqual(inventoryOf(s), p.expected.asObject());
  assert.deepEqual(s.Unresolved.map((u) => u.location).sort(), fakeRows.sort());
  assert.ok(s.Inventory.some((e) => e.Locations.some((l) => l.Location === `vault.value rowid=${planted[0]!.id}`)));

  const newest = await rotateBoth();
  const done = await scan([...args, '--rewrap', '--state', join(root, 'sqlite.state')]);
  assert.deepEqual(done.Rewrap, { Rewrapped: 290, AlreadyNewest: 0, SkippedByState: 0, ChangedSinceScan: 0, Failed: [] });
  const check = new Database(file, { readonly: true });
  const read = check.prepare('SELECT value, typeof(value) AS type FROM vault WHERE id = ?');
  for (const row of planted) {
    const { value, type } = read.get(row.id) as { value: Buffer | string; type: string };
    assert.equal(type, row.kind === 'text' ? 'text' : 'blob', 'a row keeps its type');
    if (row.kind === 'esdk') {
      assert.ok((await p.esdkDecrypt(row.arn, value as Buffer)).plaintext.equals(row.plaintext));
      continue;
    }
    const blob = row.kind === 'raw' ? (value as Buffer) : Buffer.from((JSON.parse(value as string) as { token: string }).token, 'base64');
    const d = await p.decrypt(blob);
    assert.deepEqual([d.plaintext.toString(), d.keyId, d.version], [row.plaintext.toString(), row.arn, newest[row.arn]]);
  }
  check.close();
  const after = await scan(args);
  assert.ok(after.Inventory.every((e) => e.Newest), 'nothing left on an older version');
  assert.equal(after.Inventory.reduce((n, e) => n + e.Count, 0), 290);
});

test('a PostgreSQL table: a bytea and a jsonb column by primary key; --rewrap; the scope names no credentials', { skip: !postgresAvailable() && 'PostgreSQL binaries missing' }, async () => {
  const { a, b } = keys;
  const p = new Planter(t.kms, t.server);
  const cluster = await startPostgres();
  try {
    const url = await cluster.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE "Items" (id bigint PRIMARY KEY, raw bytea, doc jsonb)');
    const planted: { id: number; raw?: { arn: string; plaintext: Buffer; esdk: boolean }; doc?: Buffer }[] = [];
    const vb = (await rotateBoth())[b]!;
    for (let id = 1; id <= 120; id++) {
      const row: (typeof planted)[number] = { id };
      let raw: Buffer | null = null;
      if (id % 12 === 0) {
        row.raw = { arn: b, plaintext: Buffer.from(`pg message ${id}`), esdk: true };
        raw = await p.esdkMessage([b], row.raw.plaintext, [vb]);
      } else if (id % 3 !== 0) {
        row.raw = { arn: a, plaintext: Buffer.from(`pg raw ${id}`), esdk: false };
        raw = await p.blob(a, row.raw.plaintext);
      } else raw = id % 2 ? noiseWithMagic(300, 32) : null;
      let doc: unknown = null;
      if (id % 2 === 0) {
        row.doc = Buffer.from(`pg doc ${id}`);
        doc = { id, nested: { token: (await p.blob(b, row.doc)).toString('base64') } };
      } else if (id % 5 === 0) doc = { note: 'AQ AQAB', noise: noiseWithMagic(60).toString('base64') };
      await client.query('INSERT INTO "Items" VALUES ($1, $2, $3)', [id, raw, doc]);
      planted.push(row);
    }
    const scanBoth = async (extra: string[] = []) => Promise.all(['raw', 'doc'].map((column) => scan(['--postgres', url, '--table', 'Items', '--column', column, ...extra])));
    const [raw, doc] = await scanBoth();
    const port = new URL(url).port;
    assert.equal(raw!.Scope, `postgres:127.0.0.1:${port}${new URL(url).pathname}#Items.raw`);
    assert.ok(!raw!.Scope.includes(PG_TEST_PASSWORD) && !raw!.Scope.includes(PG_TEST_ROLE));
    const merged: Record<string, { Count: number; Bytes: number }> = {};
    for (const s of [raw!, doc!]) for (const [k, v] of Object.entries(inventoryOf(s))) merged[k] = { Count: (merged[k]?.Count ?? 0) + v.Count, Bytes: (merged[k]?.Bytes ?? 0) + v.Bytes };
    assert.deepEqual(Object.fromEntries(Object.entries(merged).sort(([x], [y]) => (x < y ? -1 : 1))), p.expected.asObject());
    assert.ok(raw!.Inventory.some((e) => e.Locations.some((l) => l.Location === 'Items.raw id=1')));

    const newest = await rotateBoth();
    const [rr, rd] = await scanBoth(['--rewrap']);
    assert.equal(rr!.Rewrap!.Rewrapped, planted.filter((r) => r.raw).length);
    assert.equal(rd!.Rewrap!.Rewrapped, planted.filter((r) => r.doc).length);
    for (const row of planted) {
      const { rows } = await client.query<{ raw: Buffer | null; doc: { nested?: { token: string } } | null }>('SELECT raw, doc FROM "Items" WHERE id = $1', [row.id]);
      if (row.raw?.esdk) assert.ok((await p.esdkDecrypt(row.raw.arn, rows[0]!.raw!)).plaintext.equals(row.raw.plaintext));
      else if (row.raw) {
        const d = await p.decrypt(rows[0]!.raw!);
        assert.deepEqual([d.plaintext.toString(), d.version], [row.raw.plaintext.toString(), newest[a]]);
      }
      if (row.doc) {
        const d = await p.decrypt(Buffer.from(rows[0]!.doc!.nested!.token, 'base64'));
        assert.deepEqual([d.plaintext.toString(), d.version], [row.doc.toString(), newest[b]]);
        assert.equal((rows[0]!.doc as { id?: number }).id, row.id, 'the JSON document is otherwise unchanged');
      }
    }
    const again = await scanBoth();
    assert.ok(again.every((s) => s.Inventory.every((e) => e.Newest)));
    await client.end();
  } finally {
    await cluster.stop();
  }
});

test('--report-to sends ReportScanResults (Scope and totals per key and version, SigV4-signed) and prints the answer', async () => {
  if (!keys.a) await setUp(); // when run alone (--test-name-pattern)
  const dir = join(root, 'report');
  mkdirSync(dir);
  const p = new Planter(t.kms, t.server);
  for (let i = 0; i < 3; i++) writeFileSync(join(dir, `r${i}.bin`), await p.blob(i < 2 ? keys.a : keys.b));
  const requests: { headers: IncomingMessage['headers']; body: string }[] = [];
  let status = 200;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      const input = JSON.parse(body) as { Scope: string };
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(status === 200 ? { ReportId: 'rpt-1', Scope: input.Scope, ReportDate: 1_800_000_000 } : { __type: 'ValidationException', message: 'Inventory is not valid' }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const to = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  try {
    const s = await scan([dir, `--report-to=${to}`]) as Summary & { Report: Record<string, unknown> };
    assert.equal(requests.length, 1);
    const [req] = requests;
    assert.equal(req!.headers['x-amz-target'], 'KeywardService.ReportScanResults');
    assert.equal(req!.headers['content-type'], 'application/x-amz-json-1.1');
    assert.match(String(req!.headers.authorization), new RegExp(`^AWS4-HMAC-SHA256 Credential=${t.server.credentials.accessKeyId}/\\d{8}/${t.server.region}/kms/aws4_request, SignedHeaders=\\S+, Signature=[0-9a-f]{64}$`));
    assert.deepEqual(JSON.parse(req!.body), {
      Scope: `files:${dir}`,
      Inventory: s.Inventory.map((e) => ({ KeyId: e.KeyId, KeyVersion: e.KeyVersion, Count: e.Count, Bytes: e.Bytes })),
    });
    assert.deepEqual(JSON.parse(req!.body).Inventory.map((e: { Count: number }) => e.Count).sort(), [1, 2]);
    assert.deepEqual(s.Report, { ReportId: 'rpt-1', Scope: `files:${dir}`, ReportDate: 1_800_000_000 });
    status = 400;
    const refused = await runCli(['scan', dir, `--report-to=${to}`], { env: awsEnv(t.server) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /ValidationException: Inventory is not valid/);
  } finally {
    receiver.close();
  }
});

test('usage errors exit 2 with the reason; an unreachable server exits 1; --help has examples', async () => {
  const env = awsEnv(t.server);
  for (const [args, message] of [
    [[], /give the paths to scan/],
    [[root, '--state', 'x'], /--state records rewrap progress: it needs --rewrap/],
    [['--sqlite', 'x.db'], /--sqlite needs --table and --column/],
    [['--sqlite', 'x.db', '--postgres', 'postgres://h/db', '--table', 't', '--column', 'c'], /not both/],
    [['--report-to', root], /--report-to takes an http\(s\) URL/],
  ] as const) {
    const r = await runCli(['scan', ...args], { env });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const lonely = join(root, 'unconfirmed');
  mkdirSync(lonely, { recursive: true });
  writeFileSync(join(lonely, 'candidate.bin'), fakeBlob());
  const down = await runCli(['scan', lonely, '--endpoint-url', 'http://127.0.0.1:9'], { env });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /ECONNREFUSED 127\.0\.0\.1:9/, "the server that confirms keys is unreachable: no inventory with holes");
  const help = await runCli(['scan', '--help'], { env });
  assert.equal(help.code, 0);
  assert.match(help.stdout.toString(), /Examples:\n\s+keyward scan \/srv\/data/);
});

test('an ESDK message with another recipient is found, but --rewrap refuses to drop that recipient (exit 1, file unchanged)', async () => {
  if (!keys.a) await setUp(); // when run alone (--test-name-pattern)
  const dir = join(root, 'shared-message');
  mkdirSync(dir);
  const raw = new RawAesTestKeyring();
  const clientProvider = getClient(KMS, { endpoint: t.server.url, credentials: t.server.credentials, maxAttempts: 1 });
  const keyring = new MultiKeyringNode({ generator: new KmsKeyringNode({ generatorKeyId: keys.a, clientProvider }), children: [raw.sdkKeyring()] });
  const { result } = await buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encrypt(keyring, Buffer.from('for two recipients'));
  const path = join(dir, 'both.esdk');
  writeFileSync(path, result);
  const s = await scan([dir]);
  assert.deepEqual(s.Inventory.map((e) => [e.KeyId, e.Count, e.Formats]), [[keys.a, 1, { 'esdk-message': 1 }]]);
  await rotate(keys.a);
  const r = await runCli(['scan', dir, '--rewrap', '--json'], { env: awsEnv(t.server) });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout.toString()) as Summary;
  assert.deepEqual(out.Rewrap!.Failed, [{ Location: path, Reason: out.Rewrap!.Failed[0]!.Reason }]);
  assert.match(out.Rewrap!.Failed[0]!.Reason, /1 encrypted data key\(s\) of other providers or keys \(keyward-test\)/);
  assert.ok(readFileSync(path).equals(result), 'the message is left as it was');
});
