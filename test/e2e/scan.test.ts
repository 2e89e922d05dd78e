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
import { CreateKeyCommand, EnableKeyRotationCommand, EncryptCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { awsEnv, runCli } from '../support/cli.js';
import { useExtensionServer } from '../support/keyward.js';
import { fakeBlob, inventoryOf, noiseWithMagic, Planter, versionOf } from '../support/scan-fixtures.js';

const t = useExtensionServer();
const root = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-scan-')));
after(() => rmSync(root, { recursive: true, force: true }));

interface Summary {
  Scope: string; Scanned: { Files?: number; Rows?: number; Bytes: number };
  Inventory: { KeyId: string; KeyVersion: number; Count: number; Bytes: number; Newest: boolean; Formats: Record<string, number>; Locations: { Location: string; Offset: number; Format: string }[] }[];
  Unresolved: { location: string; keyId: string; reason: string }[];
  Skipped: unknown[];
  Rewrap?: { Rewrapped: number; AlreadyNewest: number; SkippedByState: number; ChangedSinceScan: number; Failed: unknown[] };
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
  const plaintext = Buffer.from(`json ${i}`);
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
