// Signed audit checkpoints end to end: a dev server with the test clock writes them once the interval passes; `keyward
// audit verify` checks them, and catches what the hash chain alone cannot: a record rewritten with its chain recomputed,
// records cut off below a checkpoint, forged checkpoints under a replaced public key (with --public-key pinned). The CLI
// runs as a separate process, on copies of the stopped server's database; once on PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CreateKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { chainHash } from '../../src/audit/audit-chain.js';
import { CHECKPOINT_INTERVAL_MS, CHECKPOINT_PUBLIC_KEY_META, checkpointStatement } from '../../src/audit/checkpoint.js';
import { auditFromRow } from '../../src/store/sqlite/rows.js';
import { advanceClock } from '../support/lifecycle-helpers.js';
import { auditCli, DbCopies } from '../support/audit-tamper.js';
import { postgresAvailable, withPostgresServer } from '../support/postgres.js';
import { kmsClient, startTestServer, TEST_ACCOUNT, TEST_REGION } from '../support/server.js';

const SCOPE = { accountId: TEST_ACCOUNT, region: TEST_REGION };
const PAST_INTERVAL_S = CHECKPOINT_INTERVAL_MS / 1000 + 1;

const cli = (sub: string, ...args: string[]) => auditCli(sub, ...args);

interface Checkpoints { ok: boolean; verified: number; latest: { seq: number; hash: string; time: number } | null; publicKey: string | null; keyProblem?: string; failure?: { seq: number; reason: string } }
interface Result { intact: boolean; records: number; head: { seq: number; hash: string }; checkpoints: Checkpoints }

function verifyJson(...args: string[]): { status: number | null; json: Result } {
  const r = cli('verify', '--json', ...args);
  assert.ok(r.stdout, `no output: ${r.stderr}`);
  return { status: r.status, json: JSON.parse(r.stdout) as Result };
}

async function traffic(kms: KMSClient, n: number): Promise<void> {
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  for (let i = 0; i < n; i++) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(`checkpoint ${i}`) }));
}

const copies = new DbCopies();
let original: string;
let pemFile: string;
let checkpoints: { seq: number; hash: string; time: number; signature: string }[];

/** A copy of the stopped server's database, to tamper with. */
const copyDb = () => copies.copy('keyward-checkpoints-');

before(async () => {
  const server = await startTestServer({ args: ['--test-clock'] });
  const kms = kmsClient(server);
  await traffic(kms, 4);
  await advanceClock(server.url, PAST_INTERVAL_S); // a checkpoint covering the traffic so far
  await traffic(kms, 4);
  await advanceClock(server.url, PAST_INTERVAL_S); // and a later one
  await traffic(kms, 1); // records after the last checkpoint (the next is an interval away)
  kms.destroy();
  await server.stop(); // closing checkpoints the WAL into keyward.db
  original = copies.original = server.dataDir;
  const db = new Database(join(original, 'keyward.db'), { readonly: true });
  checkpoints = db.prepare('SELECT * FROM audit_checkpoints ORDER BY seq').all() as typeof checkpoints;
  db.close();
  const pem = cli('public-key', '--data-dir', original);
  assert.equal(pem.status, 0, pem.stderr);
  pemFile = join(original, 'checkpoint-public.pem');
  writeFileSync(pemFile, pem.stdout);
});

after(() => copies.cleanup());

test('the test clock drives checkpoints: verify checks them and reports the latest', () => {
  assert.ok(checkpoints.length >= 2, `only ${checkpoints.length} checkpoints`);
  const { status, json } = verifyJson('--data-dir', original);
  assert.equal(status, 0, JSON.stringify(json));
  assert.equal(json.checkpoints.ok, true);
  assert.equal(json.checkpoints.verified, checkpoints.length);
  assert.equal(json.checkpoints.publicKey, 'store');
  const latest = checkpoints.at(-1)!;
  assert.deepEqual(json.checkpoints.latest, { seq: latest.seq, hash: latest.hash, time: latest.time, signature: latest.signature });
  assert.ok(latest.seq >= 10, 'the latest checkpoint covers both rounds of traffic');
  assert.ok(latest.seq < json.records, 'the last records came after the last checkpoint');
  const text = cli('verify', '--data-dir', original);
  assert.equal(text.status, 0);
  assert.match(text.stdout, new RegExp(`checkpoints: ${checkpoints.length} verified, latest ${latest.seq}:${latest.hash} at `));
});

test('audit public-key prints the PEM key; pinned with --public-key it verifies the same checkpoints', () => {
  const pem = cli('public-key', '--data-dir', original).stdout;
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
  const { status, json } = verifyJson('--data-dir', original, '--public-key', pemFile);
  assert.equal(status, 0, JSON.stringify(json));
  assert.equal(json.checkpoints.publicKey, 'file');
  assert.equal(json.checkpoints.verified, checkpoints.length);
  assert.equal(cli('public-key', '--data-dir', original, '--json').status, 2, 'public-key takes no other option');
  assert.equal(cli('verify', '--data-dir', original, '--public-key', join(original, 'nope.pem')).status, 2);
});

test('an altered checkpoint signature fails', () => {
  const { dir, db } = copyDb();
  const cp = checkpoints.at(-1)!;
  const flipped = (cp.signature[0] === 'a' ? 'b' : 'a') + cp.signature.slice(1);
  db.prepare('UPDATE audit_checkpoints SET signature = ? WHERE seq = ?').run(flipped, cp.seq);
  db.close();
  const { status, json } = verifyJson('--data-dir', dir);
  assert.equal(status, 1);
  assert.equal(json.intact, true, 'the chain itself is untouched');
  assert.deepEqual(json.checkpoints.failure, { seq: cp.seq, reason: 'signature' });
  assert.match(cli('verify', '--data-dir', dir).stdout, new RegExp(`checkpoint ${cp.seq}: FAILED: its signature is INVALID`));
});

test('a record rewritten at a checkpoint with its chain recomputed passes the chain but fails the checkpoint', () => {
  const { dir, db } = copyDb();
  const at = checkpoints[0]!.seq;
  const rows = (db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(at) as Record<string, unknown>[]).map(auditFromRow);
  let prev = rows[0]!.prevHash;
  const update = db.prepare('UPDATE audit_log SET operation = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  db.transaction(() => {
    for (const r of rows) {
      if (r.seq === at) r.operation = 'Decrypt';
      const hash = chainHash(prev, r);
      update.run(r.operation, prev, hash, r.seq);
      prev = hash;
    }
  })();
  db.close();
  const { status, json } = verifyJson('--data-dir', dir);
  assert.equal(status, 1);
  assert.equal(json.intact, true, 'the recomputed chain alone verifies');
  assert.deepEqual(json.checkpoints.failure, { seq: at, reason: 'hash' });
});

test('the log cut off below a checkpoint fails; cut off after the last one, only an anchor tells', () => {
  const latest = checkpoints.at(-1)!;
  const below = copyDb();
  below.db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(latest.seq);
  below.db.close();
  const { status, json } = verifyJson('--data-dir', below.dir);
  assert.equal(status, 1);
  assert.equal(json.intact, true);
  assert.deepEqual(json.checkpoints.failure, { seq: latest.seq, reason: 'missing-record' });
  assert.match(cli('verify', '--data-dir', below.dir).stdout, /MISSING \(the log was cut off below a checkpoint\)/);

  const { json: full } = verifyJson('--data-dir', original);
  assert.ok(full.head.seq > latest.seq, 'records follow the last checkpoint');
  const past = copyDb();
  past.db.prepare('DELETE FROM audit_log WHERE seq > ?').run(latest.seq);
  past.db.close();
  assert.equal(verifyJson('--data-dir', past.dir).status, 0, 'records after the last checkpoint are not covered');
  assert.equal(cli('verify', '--data-dir', past.dir, '--anchor', `${full.head.seq}:${full.head.hash}`).status, 1);
});

test('a replaced public key with re-signed checkpoints fools the store key, not a pinned --public-key', () => {
  const { dir, db } = copyDb();
  const forger = generateKeyPairSync('ed25519');
  const spki = forger.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  db.prepare('UPDATE meta SET value = ? WHERE name = ?').run(spki, CHECKPOINT_PUBLIC_KEY_META);
  const resign = db.prepare('UPDATE audit_checkpoints SET signature = ? WHERE seq = ?');
  for (const cp of checkpoints) resign.run(sign(null, checkpointStatement(SCOPE, cp), forger.privateKey).toString('hex'), cp.seq);
  db.close();
  assert.equal(verifyJson('--data-dir', dir).status, 0, 'without a key kept elsewhere, the forgery is self-consistent');
  const { status, json } = verifyJson('--data-dir', dir, '--public-key', pemFile);
  assert.equal(status, 1);
  assert.match(json.checkpoints.keyProblem ?? '', /DIFFERS/);
  assert.equal(json.checkpoints.failure?.reason, 'signature');
  assert.match(cli('verify', '--data-dir', dir, '--public-key', pemFile).stdout, /checkpoint key: the public key in the store DIFFERS/);
});

test('a replaced public key alone fails even without --public-key: the real signatures do not verify', () => {
  const { dir, db } = copyDb();
  const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  db.prepare('UPDATE meta SET value = ? WHERE name = ?').run(other, CHECKPOINT_PUBLIC_KEY_META);
  db.close();
  const { status, json } = verifyJson('--data-dir', dir);
  assert.equal(status, 1);
  assert.deepEqual(json.checkpoints.failure, { seq: checkpoints[0]!.seq, reason: 'signature' });
  // With the real key pinned, the checkpoints verify but the swapped key in the store is still a failure.
  const pinned = verifyJson('--data-dir', dir, '--public-key', pemFile);
  assert.equal(pinned.status, 1);
  assert.equal(pinned.json.checkpoints.verified, checkpoints.length);
  assert.match(pinned.json.checkpoints.keyProblem ?? '', /DIFFERS/);
});

const skipPg = postgresAvailable() ? false : 'PostgreSQL binaries not installed';

test('on PostgreSQL: a checkpoint is written, verifies, and an altered one fails', { skip: skipPg }, async () => {
  await withPostgresServer(['--test-clock'], async ({ url, server, kms }) => {
    await traffic(kms, 3);
    await advanceClock(server.url, PAST_INTERVAL_S);
    kms.destroy();
    const ok = verifyJson('--database-url', url);
    assert.equal(ok.status, 0, JSON.stringify(ok.json));
    assert.ok(ok.json.checkpoints.verified >= 1);
    const latest = ok.json.checkpoints.latest!;
    assert.ok(latest.seq >= 4, 'the checkpoint covers the traffic');
    const pem = cli('public-key', '--database-url', url);
    assert.equal(pem.status, 0, pem.stderr);
    const keyFile = join(server.dataDir, 'pg-public.pem');
    writeFileSync(keyFile, pem.stdout);
    assert.equal(verifyJson('--database-url', url, '--public-key', keyFile).status, 0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('UPDATE audit_checkpoints SET time = time + 1 WHERE seq = $1', [latest.seq]);
    await client.end();
    const bad = verifyJson('--database-url', url);
    assert.equal(bad.status, 1);
    assert.deepEqual(bad.json.checkpoints.failure, { seq: latest.seq, reason: 'signature' });
  });
});
