// Signed audit checkpoints: the exact statement bytes, Ed25519 signing checked against @noble/curves as an oracle, key
// parsing, the scheduler job's rules (first node's key wins, interval, head moved) on a real SQLite store, and the
// verifier's checkpoint checker.
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { chainEntries, GENESIS_HASH } from '../../src/audit/audit-chain.js';
import {
  CHECKPOINT_INTERVAL_MS, CHECKPOINT_PUBLIC_KEY_META, checkpointSigningKey, checkpointStatement, parseCheckpointPublicKey,
  signCheckpoint, verifyCheckpoint, writeCheckpoint,
} from '../../src/audit/checkpoint.js';
import { CheckpointChecker } from '../../src/audit/checkpoint-check.js';
import { Barrier } from '../../src/core/secrets/barrier.js';
import type { AuditCheckpoint } from '../../src/core/model.js';
import type { KmsService } from '../../src/core/service.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const SCOPE = { accountId: '111122223333', region: 'us-east-1' };
const HASH = 'a1'.repeat(32);
// RFC 8032 section 7.1, TEST 1: the secret seed, wrapped as PKCS#8 (a fixed 16-byte prefix for Ed25519).
const SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const fixedKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), SEED]), format: 'der', type: 'pkcs8' });

describe('the checkpoint statement', () => {
  it('is the documented bytes: version, account, Region, seq, hash, time joined by newlines', () => {
    const bytes = checkpointStatement(SCOPE, { seq: 42, hash: HASH, time: 1_700_000_000_123 });
    assert.equal(bytes.toString('utf8'), `keyward-audit-checkpoint:v1\n111122223333\nus-east-1\n42\n${HASH}\n1700000000123`);
  });

  it('refuses values that would make the bytes ambiguous', () => {
    const bad: [typeof SCOPE, { seq: number; hash: string; time: number }][] = [
      [SCOPE, { seq: -1, hash: HASH, time: 1 }],
      [SCOPE, { seq: 1.5, hash: HASH, time: 1 }],
      [SCOPE, { seq: 1, hash: HASH.toUpperCase(), time: 1 }],
      [SCOPE, { seq: 1, hash: HASH + '\n', time: 1 }],
      [SCOPE, { seq: 1, hash: HASH, time: Number.NaN }],
      [{ accountId: '111122223333\n2', region: 'us-east-1' }, { seq: 1, hash: HASH, time: 1 }],
    ];
    for (const [scope, cp] of bad) assert.throws(() => checkpointStatement(scope, cp), RangeError, JSON.stringify([scope, cp]));
  });
});

describe('signing and verifying', () => {
  const cp = { seq: 7, hash: HASH, time: 1_700_000_000_000 };

  it('is Ed25519 over the statement, as an independent implementation computes it', () => {
    const signed = signCheckpoint(fixedKey, SCOPE, cp);
    const oracle = Buffer.from(ed25519.sign(checkpointStatement(SCOPE, cp), SEED)).toString('hex');
    assert.equal(signed.signature, oracle);
    assert.match(signed.signature, /^[0-9a-f]{128}$/);
  });

  it('verifies, and fails for any change to a field, the scope or the signature', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const signed = signCheckpoint(privateKey, SCOPE, cp);
    assert.equal(verifyCheckpoint(publicKey, SCOPE, signed), true);
    const altered: AuditCheckpoint[] = [
      { ...signed, seq: 8 }, { ...signed, time: signed.time + 1 }, { ...signed, hash: 'b2'.repeat(32) },
      { ...signed, signature: (signed.signature[0] === '0' ? '1' : '0') + signed.signature.slice(1) },
      { ...signed, signature: signed.signature.slice(2) }, { ...signed, signature: 'not hex'.padEnd(128, 'x') },
    ];
    for (const a of altered) assert.equal(verifyCheckpoint(publicKey, SCOPE, a), false, JSON.stringify(a));
    assert.equal(verifyCheckpoint(publicKey, { ...SCOPE, region: 'eu-west-1' }, signed), false);
    assert.equal(verifyCheckpoint(generateKeyPairSync('ed25519').publicKey, SCOPE, signed), false);
  });

  it('reads public keys from PEM and DER SPKI, and refuses other key types', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    for (const bytes of [der, Buffer.from(publicKey.export({ format: 'pem', type: 'spki' }))]) {
      assert.ok(parseCheckpointPublicKey(bytes).equals(publicKey));
    }
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });
    assert.throws(() => parseCheckpointPublicKey(ec), /not an Ed25519 public key/);
    assert.throws(() => parseCheckpointPublicKey(Buffer.from('garbage')));
  });
});

describe('the checkpoint job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-checkpoint-unit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  async function node(store: SqliteStore, barrierKey: Buffer, clock: { t: number }): Promise<KmsService> {
    const barrier = new Barrier();
    barrier.install(1, Buffer.from(barrierKey));
    return { deps: { store, barrier }, store, scope: SCOPE, now: () => clock.t } as unknown as KmsService;
  }

  async function fresh(): Promise<SqliteStore> {
    const store = new SqliteStore(join(dir, `db-${n++}.db`));
    await store.migrate();
    return store;
  }

  const entry = (i: number) => ({ time: i, requestId: `r${i}`, principal: 'p', sourceAddress: '127.0.0.1', operation: 'Encrypt', outcome: 'success' as const });

  it('the first node creates the key pair; others use it; the public key in meta matches', async () => {
    const store = await fresh();
    const barrierKey = randomBytes(32);
    const clock = { t: 1_700_000_000_000 };
    const [a, b] = await Promise.all([node(store, barrierKey, clock), node(store, barrierKey, clock)]);
    const [ka, kb] = await Promise.all([checkpointSigningKey(a), checkpointSigningKey(b)]);
    assert.equal(ka.asymmetricKeyType, 'ed25519');
    const pubA = ka.export({ format: 'der', type: 'pkcs8' }).equals(kb.export({ format: 'der', type: 'pkcs8' }));
    assert.ok(pubA, 'both nodes hold the same private key');
    const stored = parseCheckpointPublicKey(Buffer.from((await store.getMeta(CHECKPOINT_PUBLIC_KEY_META))!, 'base64'));
    const signed = signCheckpoint(ka, SCOPE, { seq: 1, hash: HASH, time: 1 });
    assert.ok(verifyCheckpoint(stored, SCOPE, signed));
    await store.close();
  });

  it('signs the head when it moved and the interval passed, and not otherwise', async () => {
    const store = await fresh();
    const clock = { t: 1_700_000_000_000 };
    const svc = await node(store, randomBytes(32), clock);
    assert.equal(await writeCheckpoint(svc), undefined, 'an empty log needs no checkpoint');
    await store.appendAudit([entry(1), entry(2)]);
    const first = await writeCheckpoint(svc);
    const head = await store.lastAudit();
    assert.deepEqual(first && { seq: first.seq, hash: first.hash, time: first.time }, { seq: 2, hash: head!.hash, time: clock.t });
    await store.appendAudit([entry(3)]);
    clock.t += CHECKPOINT_INTERVAL_MS - 1;
    assert.equal(await writeCheckpoint(svc), undefined, 'not before the interval');
    clock.t += 1;
    assert.equal((await writeCheckpoint(svc))?.seq, 3, 'at the interval, the moved head');
    clock.t += CHECKPOINT_INTERVAL_MS * 5;
    assert.equal(await writeCheckpoint(svc), undefined, 'the head did not move');
    assert.deepEqual((await store.readAuditCheckpoints(0, 10)).map((c) => c.seq), [2, 3]);
    await store.close();
  });

  it('refuses to sign when the public key in meta is not the sealed key\'s', async () => {
    const store = await fresh();
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    await store.setMeta(CHECKPOINT_PUBLIC_KEY_META, other);
    await store.appendAudit([entry(1)]);
    const svc = await node(store, randomBytes(32), { t: 1 });
    await assert.rejects(writeCheckpoint(svc), /does not match the sealed private key/);
    assert.equal(await store.lastAuditCheckpoint(), undefined);
    await store.close();
  });
});

describe('the verifier\'s checkpoint checker', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const records = chainEntries([...Array(5)].map((_, i) => ({
    time: i, requestId: `r${i}`, principal: 'p', sourceAddress: 'a', operation: 'Encrypt', outcome: 'success' as const,
  })), 0, GENESIS_HASH);
  const at = (seq: number) => signCheckpoint(privateKey, SCOPE, { seq, hash: records[seq - 1]!.hash, time: seq });

  async function run(cps: AuditCheckpoint[], pages: number[][], key: typeof publicKey | null = publicKey) {
    const checker = new CheckpointChecker(async (after, limit) => cps.filter((c) => c.seq > after).slice(0, limit), key ?? undefined, SCOPE);
    for (const p of pages) await checker.page(p.map((s) => records[s - 1]!));
    return checker.end();
  }

  it('verifies checkpoints across pages and reports the latest', async () => {
    const r = await run([at(2), at(4), at(5)], [[1, 2, 3], [4, 5]]);
    assert.deepEqual(r, { verified: 3, latest: at(5) });
  });

  it('names the first failure: hash, missing record (cut off), signature, no key', async () => {
    assert.deepEqual((await run([{ ...at(2), hash: records[2]!.hash }], [[1, 2, 3]])).failure?.reason, 'signature');
    const rehashed = signCheckpoint(privateKey, SCOPE, { seq: 2, hash: 'c3'.repeat(32), time: 2 });
    assert.deepEqual((await run([rehashed, at(3)], [[1, 2, 3]])), { verified: 1, latest: at(3), failure: { seq: 2, reason: 'hash' } });
    assert.deepEqual((await run([at(2), at(5)], [[1, 2, 3]])).failure, { seq: 5, reason: 'missing-record' });
    assert.deepEqual((await run([at(1)], [[1]], null)).failure, { seq: 1, reason: 'no-public-key' });
    assert.deepEqual(await run([], [[1, 2]], null), { verified: 0, latest: null });
  });
});
