// The Store contract: one suite, run against every adapter (SQLite, PostgreSQL) so they keep the same semantics,
// including under concurrency (two Store instances on one database stand for two processes or nodes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENESIS_HASH, verifyChain, type AuditEntry } from '../../src/audit/audit-chain.js';
import type { AuditCheckpoint, GrantRecord, KeyRecord, KeyVersionRecord } from '../../src/core/model.js';
import { StoreConflictError, type Store } from '../../src/core/ports.js';
import type { IdentityStore } from '../../src/identity/ports.js';
import { identityContract } from './identity-contract.js';
import { rootsContract } from './roots-contract.js';
import { lifecycleContract } from './lifecycle-contract.js';
import { multiRegionContract } from './multi-region-contract.js';
import { alertContract } from './alert-contract.js';
import { approvalsContract } from './approvals-contract.js';
import { destructionContract } from './destruction-contract.js';

/** A fresh, empty database; `open()` returns a new migrated Store instance on it (each one like another node). */
export interface TestDatabase {
  open(): Promise<Store & { identity: IdentityStore }>;
  dispose(): Promise<void>;
}

export interface ContractHarness {
  fresh(): Promise<TestDatabase>;
}

const T0 = 1_700_000_000_000;

export function makeKey(keyId: string, over: Partial<KeyRecord> = {}): KeyRecord {
  return {
    keyId, accountId: '111122223333', region: 'us-east-1', createdAt: T0, description: `key ${keyId}`,
    keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', keyManager: 'CUSTOMER', state: 'Enabled',
    multiRegion: false, policy: '{"Version":"2012-10-17","Statement":[]}', currentVersion: 1, revision: 1, ...over,
  };
}

export function makeVersion(keyId: string, version: number, over: Partial<KeyVersionRecord> = {}): KeyVersionRecord {
  return {
    keyId, version, materialId: `${keyId}-${version}`.padEnd(64, '0').slice(0, 64), createdAt: T0 + version,
    sealedMaterial: Buffer.from(`sealed material of ${keyId} v${version}`), ...over,
  };
}

export function makeGrant(keyId: string, n: number, over: Partial<GrantRecord> = {}): GrantRecord {
  return {
    grantId: n.toString(16).padStart(64, '0'), keyId, createdAt: T0 + n, granteePrincipal: 'arn:aws:iam::111122223333:role/grantee',
    issuingAccount: 'arn:aws:iam::111122223333:root', operations: ['Encrypt', 'Decrypt'], ...over,
  };
}

export function auditEntry(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: T0 + i, requestId: `req-${i}`, principal: 'arn:aws:iam::111122223333:user/test', sourceAddress: '127.0.0.1',
    operation: 'Encrypt', outcome: 'success', ...over,
  };
}

/** The record without properties that are undefined (absent and undefined are the same to the domain). */
export function defined<T extends object>(o: T | undefined): Partial<T> | undefined {
  return o && (Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>);
}

/** Opens `n` stores on one fresh database, runs `fn`, closes them all and disposes of the database. */
type ContractStore = Store & { identity: IdentityStore };

export async function withStores(h: ContractHarness, n: number, fn: (...stores: ContractStore[]) => Promise<void>): Promise<void> {
  const db = await h.fresh();
  const stores: ContractStore[] = [];
  try {
    for (let i = 0; i < n; i++) stores.push(await db.open());
    await fn(...stores);
  } finally {
    for (const s of stores) await s.close();
    await db.dispose();
  }
}

/** Reads the whole audit log in pages. */
async function allAudit(s: Store) {
  const out = [];
  for (let after = 0; ;) {
    const page = await s.readAudit(after, 100);
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.seq;
  }
}

export function storeContract(name: string, harness: () => ContractHarness): void {
  const h = () => harness();
  const one = (fn: (s: ContractStore) => Promise<void>) => () => withStores(h(), 1, fn);
  const two = (fn: (a: Store, b: Store) => Promise<void>) => () => withStores(h(), 2, (a, b) => fn(a!, b!));

  describe(`Store contract: ${name}`, () => {
    describe('schema and metadata', () => {
      it('migrate is idempotent and a second instance finds the schema in place', two(async (a, b) => {
        await a.migrate();
        await Promise.all([a.migrate(), b.migrate()]);
        assert.equal(a.kind, name);
        await a.setMeta('x', '1');
        assert.equal(await b.getMeta('x'), '1');
      }));

      it('getMeta / initMeta / setMeta', one(async (s) => {
        assert.equal(await s.getMeta('absent'), undefined);
        assert.equal(await s.initMeta('node', 'first'), 'first');
        assert.equal(await s.initMeta('node', 'second'), 'first', 'initMeta keeps the existing value');
        await s.setMeta('node', 'third');
        assert.equal(await s.getMeta('node'), 'third');
      }));

      it('concurrent initMeta from two instances agree on one value', two(async (a, b) => {
        const [x, y] = await Promise.all([a.initMeta('root', 'from-a'), b.initMeta('root', 'from-b')]);
        assert.equal(x, y);
        assert.ok(x === 'from-a' || x === 'from-b');
      }));

      it('barrier keys: ordered by term, the first key of a term is kept', one(async (s) => {
        assert.deepEqual(await s.getBarrierKeys(), []);
        await s.addBarrierKey(2, Buffer.from('two'));
        await s.addBarrierKey(1, Buffer.from('one'));
        await s.addBarrierKey(1, Buffer.from('other'));
        const keys = await s.getBarrierKeys();
        assert.deepEqual(keys.map((k) => [k.term, Buffer.from(k.wrapped).toString()]), [[1, 'one'], [2, 'two']]);
      }));
    });

    identityContract((fn) => one((st) => fn(st.identity)));
    rootsContract(one, makeKey, makeVersion);

    describe('keys', () => {
      it('createKey / getKey / getKeyVersions / getTags round-trip every field', one(async (s) => {
        const full = makeKey('k-full', {
          multiRegion: true, state: 'PendingDeletion', deletionDate: 2 ** 45, pendingWindowDays: 7,
          rotationPeriodDays: 365, nextRotationAt: T0 + 365 * 86_400_000, description: 'ünïcødé \u{1F511}',
        });
        const material = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)); // every byte value, 4 KiB
        await s.createKey(full, makeVersion('k-full', 1, { sealedMaterial: material, rotationType: 'ON_DEMAND' }),
          [{ TagKey: 'b', TagValue: '2' }, { TagKey: 'a', TagValue: '1' }]);
        assert.deepEqual(defined(await s.getKey('k-full')), defined(full));
        const bare = makeKey('k-bare');
        await s.createKey(bare, makeVersion('k-bare', 1), []);
        const got = await s.getKey('k-bare');
        assert.deepEqual(defined(got), defined(bare));
        for (const f of ['deletionDate', 'pendingWindowDays', 'rotationPeriodDays', 'nextRotationAt'] as const) {
          assert.equal(got![f], undefined, `${f} absent, not null`);
        }
        const [v] = await s.getKeyVersions('k-full');
        assert.ok(Buffer.from(v!.sealedMaterial).equals(material));
        assert.deepEqual(defined({ ...v!, sealedMaterial: undefined }), defined({ ...makeVersion('k-full', 1), rotationType: 'ON_DEMAND', sealedMaterial: undefined }));
        assert.equal((await s.getKeyVersions('k-bare'))[0]!.rotationType, undefined);
        assert.deepEqual(await s.getTags('k-full'), [{ TagKey: 'b', TagValue: '2' }, { TagKey: 'a', TagValue: '1' }]);
        assert.equal(typeof (await s.getKey('k-full'))!.createdAt, 'number');
        assert.equal(await s.getKey('missing'), undefined);
        const counts = (await s.countKeysByStateAndSpec()).sort((a, b) => a.state.localeCompare(b.state));
        assert.deepEqual(counts, [{ state: 'Enabled', spec: bare.keySpec, count: 1 }, { state: 'PendingDeletion', spec: full.keySpec, count: 1 }].sort((a, b) => a.state.localeCompare(b.state)));
        assert.deepEqual(await s.getKeyVersions('missing'), []);
        assert.deepEqual(await s.getTags('missing'), []);
      }));

      it('createKey is all or nothing: a failing tag insert leaves no half-created key', one(async (s) => {
        await assert.rejects(s.createKey(makeKey('k-half'), makeVersion('k-half', 1),
          [{ TagKey: 'dup', TagValue: '1' }, { TagKey: 'dup', TagValue: '2' }]));
        assert.equal(await s.getKey('k-half'), undefined);
        assert.deepEqual(await s.getKeyVersions('k-half'), []);
        await assert.rejects(s.createKey(makeKey('k-half'), makeVersion('k-other', 1), []), 'a version of another key');
        assert.equal(await s.getKey('k-half'), undefined);
      }));

      it('keyManager round-trips (AWS, CUSTOMER)', one(async (s) => {
        const aws = makeKey('k-aws', { keyManager: 'AWS', rotationPeriodDays: 365, nextRotationAt: T0 + 365 * 86_400_000 });
        await s.createKey(aws, makeVersion('k-aws', 1), []);
        assert.deepEqual(defined(await s.getKey('k-aws')), defined(aws));
        await s.createKey(makeKey('k-cust'), makeVersion('k-cust', 1), []);
        assert.equal((await s.getKey('k-cust'))!.keyManager, 'CUSTOMER');
        // updateKey never changes who manages a key.
        assert.equal(await s.updateKey({ ...aws, description: 'x', keyManager: 'CUSTOMER', revision: 2 }, 1), true);
        assert.equal((await s.getKey('k-aws'))!.keyManager, 'AWS');
        assert.equal((await s.listKeys(10)).items.find((k) => k.keyId === 'k-aws')!.keyManager, 'AWS');
      }));

      it('createKey with an alias writes both in one transaction; an existing name conflicts and writes nothing', one(async (s) => {
        const alias = (target: string) =>
          ({ aliasName: 'alias/aws/s3', accountId: '111122223333', region: 'us-east-1', targetKeyId: target, createdAt: T0, updatedAt: T0 });
        await s.createKey(makeKey('k-first', { keyManager: 'AWS' }), makeVersion('k-first', 1), [], alias('k-first'));
        assert.deepEqual(await s.getAlias('alias/aws/s3', 'us-east-1'), alias('k-first'));
        await assert.rejects(s.createKey(makeKey('k-second', { keyManager: 'AWS' }), makeVersion('k-second', 1), [], alias('k-second')),
          StoreConflictError);
        assert.equal(await s.getKey('k-second'), undefined);
        assert.deepEqual(await s.getKeyVersions('k-second'), []);
        assert.equal((await s.getAlias('alias/aws/s3', 'us-east-1'))!.targetKeyId, 'k-first');
        // Any failure (here a duplicate key id) leaves the alias unwritten too.
        const other = { ...alias('k-first'), aliasName: 'alias/aws/ebs' };
        await assert.rejects(s.createKey(makeKey('k-first'), makeVersion('k-first', 1), [], other));
        assert.equal(await s.getAlias('alias/aws/ebs', 'us-east-1'), undefined);
      }));

      it('concurrent createKey of one alias from two instances: exactly one key and alias remain', two(async (a, b) => {
        for (let round = 0; round < 5; round++) {
          const name = `alias/aws/race-${round}`;
          const ids = [0, 1, 2, 3].map((i) => `k-race-${round}-${i}`);
          const results = await Promise.allSettled(ids.map((id, i) => (i % 2 ? a : b).createKey(makeKey(id, { keyManager: 'AWS' }), makeVersion(id, 1), [],
            { aliasName: name, accountId: '111122223333', region: 'us-east-1', targetKeyId: id, createdAt: T0, updatedAt: T0 })));
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
          for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreConflictError, String(r.reason));
          const winner = ids[results.findIndex((r) => r.status === 'fulfilled')]!;
          assert.equal((await b.getAlias(name, 'us-east-1'))!.targetKeyId, winner);
          for (const id of ids) assert.equal((await a.getKey(id)) !== undefined, id === winner, id);
        }
      }));

      it('createKey refuses a duplicate key id', one(async (s) => {
        await s.createKey(makeKey('k-dup'), makeVersion('k-dup', 1), []);
        await assert.rejects(s.createKey(makeKey('k-dup', { description: 'second' }), makeVersion('k-dup', 1), []));
        assert.equal((await s.getKey('k-dup'))!.description, 'key k-dup');
      }));

      it('listKeys pages in creation order', one(async (s) => {
        const ids = ['k-e', 'k-a', 'k-d', 'k-b', 'k-c'];
        for (const id of ids) await s.createKey(makeKey(id), makeVersion(id, 1), []);
        const seen: string[] = [];
        const sizes: number[] = [];
        let after: string | undefined;
        do {
          const page = await s.listKeys(2, after);
          sizes.push(page.items.length);
          seen.push(...page.items.map((k) => k.keyId));
          after = page.next;
        } while (after !== undefined);
        assert.deepEqual(seen, ids);
        assert.deepEqual(sizes, [2, 2, 1]);
        const all = await s.listKeys(5);
        assert.equal(all.items.length, 5);
        assert.equal(all.next, undefined, 'no next page when the last page is exactly full');
        assert.deepEqual((await s.listKeys(10)).items.map((k) => k.keyId), ids);
      }));

      it('updateKey is a compare-and-set on revision', one(async (s) => {
        const k = makeKey('k-upd');
        await s.createKey(k, makeVersion('k-upd', 1), []);
        const next = { ...k, state: 'Disabled' as const, description: 'changed', nextRotationAt: T0 + 5, revision: 2 };
        assert.equal(await s.updateKey(next, 1), true);
        assert.deepEqual(defined(await s.getKey('k-upd')), defined(next));
        assert.equal(await s.updateKey({ ...next, description: 'stale', revision: 2 }, 1), false, 'stale revision');
        assert.equal((await s.getKey('k-upd'))!.description, 'changed');
        assert.equal(await s.updateKey(makeKey('k-none', { revision: 2 }), 1), false, 'unknown key');
        const cleared = { ...next, nextRotationAt: undefined, revision: 3 };
        assert.equal(await s.updateKey(cleared, 2), true);
        assert.equal((await s.getKey('k-upd'))!.nextRotationAt, undefined);
      }));

      it('addKeyVersion adds the version and moves the key in one step, under the revision check', one(async (s) => {
        const k = makeKey('k-rot');
        await s.createKey(k, makeVersion('k-rot', 1), []);
        assert.equal(await s.addKeyVersion({ ...k, currentVersion: 2, revision: 2 }, 1, makeVersion('k-rot', 2, { rotationType: 'AUTOMATIC' })), true);
        assert.equal(await s.addKeyVersion({ ...k, currentVersion: 3, revision: 2 }, 1, makeVersion('k-rot', 3)), false);
        assert.deepEqual((await s.getKeyVersions('k-rot')).map((v) => [v.version, v.rotationType]), [[1, undefined], [2, 'AUTOMATIC']]);
        assert.equal((await s.getKey('k-rot'))!.currentVersion, 2);
      }));

      it('two concurrent addKeyVersion with the same expected revision: exactly one wins', two(async (a, b) => {
        const k = makeKey('k-race');
        await a.createKey(k, makeVersion('k-race', 1), []);
        for (let round = 1; round <= 5; round++) {
          const next = { ...k, currentVersion: round + 1, revision: round + 1 };
          const results = await Promise.all([
            a.addKeyVersion(next, round, makeVersion('k-race', round + 1, { materialId: 'a'.repeat(64) })),
            b.addKeyVersion(next, round, makeVersion('k-race', round + 1, { materialId: 'b'.repeat(64) })),
          ]);
          assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
        }
        const versions = await b.getKeyVersions('k-race');
        assert.deepEqual(versions.map((v) => v.version), [1, 2, 3, 4, 5, 6]);
        assert.equal((await a.getKey('k-race'))!.revision, 6);
      }));

      it('two nodes rotating one key at once, re-reading on conflict, create distinct consecutive versions', two(async (a, b) => {
        await a.createKey(makeKey('k-rr'), makeVersion('k-rr', 1), []);
        const rotate = async (s: Store, tag: string) => {
          for (;;) {
            const cur = (await s.getKey('k-rr'))!;
            const v = cur.currentVersion + 1;
            const ok = await s.addKeyVersion({ ...cur, currentVersion: v, revision: cur.revision + 1 }, cur.revision,
              makeVersion('k-rr', v, { materialId: `${tag}${v}`.padEnd(64, '0') }));
            if (ok) return;
          }
        };
        await Promise.all([...Array(4)].flatMap((_, i) => [rotate(a, `a${i}`), rotate(b, `b${i}`)]));
        const versions = await a.getKeyVersions('k-rr');
        assert.deepEqual(versions.map((v) => v.version), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert.equal(new Set(versions.map((v) => v.materialId)).size, 9);
        assert.equal((await b.getKey('k-rr'))!.currentVersion, 9);
      }));

      it('deleteKey removes versions, tags and aliases, under the revision check', one(async (s) => {
        const k = makeKey('k-del', { state: 'PendingDeletion', deletionDate: T0 });
        await s.createKey(k, makeVersion('k-del', 1), [{ TagKey: 't', TagValue: 'v' }]);
        await s.addKeyVersion({ ...k, currentVersion: 2, revision: 2 }, 1, makeVersion('k-del', 2));
        await s.createAlias({ aliasName: 'alias/del', accountId: '111122223333', region: 'us-east-1', targetKeyId: 'k-del', createdAt: T0, updatedAt: T0 });
        await s.createKey(makeKey('k-keep'), makeVersion('k-keep', 1), [{ TagKey: 't', TagValue: 'v' }]);
        assert.equal(await s.deleteKey('k-del', 1), false, 'stale revision');
        assert.ok(await s.getKey('k-del'));
        assert.equal(await s.deleteKey('k-del', 2), true);
        assert.equal(await s.getKey('k-del'), undefined);
        assert.deepEqual(await s.getKeyVersions('k-del'), []);
        assert.deepEqual(await s.getTags('k-del'), []);
        assert.equal(await s.getAlias('alias/del', 'us-east-1'), undefined);
        assert.equal(await s.countAliases('k-del'), 0);
        assert.equal(await s.deleteKey('k-del', 2), false, 'already gone');
        assert.deepEqual(await s.getTags('k-keep'), [{ TagKey: 't', TagValue: 'v' }], 'other keys untouched');
        assert.equal((await s.getKeyVersions('k-keep')).length, 1);
      }));

      it('a deletion racing a cancellation ends in one well-defined state', two(async (a, b) => {
        for (let i = 0; i < 5; i++) {
          const id = `k-dr-${i}`;
          const k = makeKey(id, { state: 'PendingDeletion', deletionDate: T0, pendingWindowDays: 7 });
          await a.createKey(k, makeVersion(id, 1), []);
          const cancel = { ...k, state: 'Disabled' as const, deletionDate: undefined, pendingWindowDays: undefined, revision: 2 };
          const [deleted, cancelled] = await Promise.all([a.deleteKey(id, 1), b.updateKey(cancel, 1)]);
          assert.notEqual(deleted, cancelled, `exactly one of delete (${deleted}) and cancel (${cancelled}) wins`);
          const after = await b.getKey(id);
          if (deleted) assert.equal(after, undefined);
          else assert.deepEqual(defined(after), defined(cancel));
        }
      }));

      it('dueKeys finds deletions and rotations that are due, and nothing else', one(async (s) => {
        const now = T0 + 1000;
        const keys = [
          makeKey('due-del', { state: 'PendingDeletion', deletionDate: now }),
          makeKey('future-del', { state: 'PendingDeletion', deletionDate: now + 1 }),
          makeKey('due-rot', { nextRotationAt: now - 1, rotationPeriodDays: 90 }),
          makeKey('future-rot', { nextRotationAt: now + 1, rotationPeriodDays: 90 }),
          makeKey('disabled-rot', { state: 'Disabled', nextRotationAt: now - 1, rotationPeriodDays: 90 }),
          makeKey('plain'),
        ];
        for (const k of keys) await s.createKey(k, makeVersion(k.keyId, 1), []);
        assert.deepEqual((await s.dueKeys(now, 100)).map((k) => k.keyId).sort(), ['due-del', 'due-rot']);
        assert.equal((await s.dueKeys(now, 1)).length, 1, 'limit');
        assert.deepEqual(await s.dueKeys(T0, 100), []);
      }));
    });

    describe('tags', () => {
      it('putTags appends new tags, overwrites existing ones in place; removeTags removes', one(async (s) => {
        await s.createKey(makeKey('k-tag'), makeVersion('k-tag', 1), [{ TagKey: 'a', TagValue: '1' }]);
        await s.putTags('k-tag', [{ TagKey: 'c', TagValue: '3' }, { TagKey: 'a', TagValue: 'one' }, { TagKey: 'b', TagValue: '2' }]);
        assert.deepEqual(await s.getTags('k-tag'), [
          { TagKey: 'a', TagValue: 'one' }, { TagKey: 'c', TagValue: '3' }, { TagKey: 'b', TagValue: '2' }]);
        await s.putTags('k-tag', [{ TagKey: 'd', TagValue: 'x' }, { TagKey: 'd', TagValue: 'y' }]);
        assert.deepEqual((await s.getTags('k-tag')).at(-1), { TagKey: 'd', TagValue: 'y' }, 'the last value of a repeated key wins');
        await s.putTags('k-tag', []);
        await s.removeTags('k-tag', ['c', 'absent', 'a']);
        assert.deepEqual(await s.getTags('k-tag'), [{ TagKey: 'b', TagValue: '2' }, { TagKey: 'd', TagValue: 'y' }]);
        await s.removeTags('k-tag', []);
        assert.equal((await s.getTags('k-tag')).length, 2);
      }));
    });

    describe('aliases', () => {
      const alias = (name: string, target: string) =>
        ({ aliasName: name, accountId: '111122223333', region: 'us-east-1', targetKeyId: target, createdAt: T0, updatedAt: T0 });

      it('create, get, update, delete, count', one(async (s) => {
        await s.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        await s.createKey(makeKey('k2'), makeVersion('k2', 1), []);
        await s.createAlias(alias('alias/one', 'k1'));
        assert.deepEqual(await s.getAlias('alias/one', 'us-east-1'), alias('alias/one', 'k1'));
        assert.equal(await s.getAlias('alias/none', 'us-east-1'), undefined);
        await assert.rejects(s.createAlias(alias('alias/one', 'k2')), StoreConflictError);
        assert.equal(await s.updateAlias('alias/one', 'us-east-1', 'k2', T0 + 5), true);
        assert.deepEqual(await s.getAlias('alias/one', 'us-east-1'), { ...alias('alias/one', 'k2'), updatedAt: T0 + 5 });
        assert.equal(await s.updateAlias('alias/none', 'us-east-1', 'k2', T0), false);
        assert.equal(await s.countAliases('k1'), 0);
        assert.equal(await s.countAliases('k2'), 1);
        assert.equal(await s.deleteAlias('alias/one', 'us-east-1'), true);
        assert.equal(await s.deleteAlias('alias/one', 'us-east-1'), false);
        assert.equal(await s.getAlias('alias/one', 'us-east-1'), undefined);
      }));

      it('listAliases pages by name, for all keys or one', one(async (s) => {
        await s.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        await s.createKey(makeKey('k2'), makeVersion('k2', 1), []);
        const names = ['alias/e', 'alias/a', 'alias/d', 'alias/b', 'alias/c'];
        for (const [i, n] of names.entries()) await s.createAlias(alias(n, i % 2 === 0 ? 'k1' : 'k2'));
        const pages: string[][] = [];
        let after: string | undefined;
        do {
          const page = await s.listAliases(2, after);
          pages.push(page.items.map((a) => a.aliasName));
          after = page.next;
        } while (after !== undefined);
        assert.deepEqual(pages, [['alias/a', 'alias/b'], ['alias/c', 'alias/d'], ['alias/e']]);
        const ofK1 = await s.listAliases(2, undefined, 'k1');
        assert.deepEqual(ofK1.items.map((a) => a.aliasName), ['alias/c', 'alias/d']);
        const rest = await s.listAliases(2, ofK1.next, 'k1');
        assert.deepEqual(rest.items.map((a) => a.aliasName), ['alias/e']);
        assert.equal(rest.next, undefined);
        assert.equal((await s.listAliases(5)).next, undefined);
        assert.equal(await s.countAliases('k1'), 3);
      }));

      it('concurrent createAlias of one name from two instances: exactly one succeeds, the rest conflict', two(async (a, b) => {
        await a.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        await a.createKey(makeKey('k2'), makeVersion('k2', 1), []);
        for (let round = 0; round < 5; round++) {
          const name = `alias/race-${round}`;
          const results = await Promise.allSettled([0, 1, 2, 3].map((i) => (i % 2 ? a : b).createAlias(alias(name, i % 2 ? 'k1' : 'k2'))));
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
          for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreConflictError, String(r.reason));
        }
        assert.equal((await b.listAliases(100)).items.length, 5);
      }));
    });

    describe('grants', () => {
      it('createGrant / getGrant round-trip every field; absent fields stay absent', one(async (s) => {
        await s.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        const full = makeGrant('k1', 1, {
          name: 'named:grant/1', fingerprint: 'f'.repeat(64), granteePrincipal: undefined,
          granteeServicePrincipal: 'logs.us-east-1.amazonaws.com', retiringPrincipal: 'arn:aws:iam::111122223333:role/r',
          retiringServicePrincipal: 'logs.us-east-1.amazonaws.com', operations: ['Decrypt', 'RetireGrant'],
          constraints: { EncryptionContextSubset: { 'ünï': 'cødé', b: '' }, SourceArn: 'arn:aws:logs:us-east-1:111122223333:x' },
        });
        const bare = makeGrant('k1', 2);
        assert.equal(await s.createGrant(full, 10), 'created');
        assert.equal(await s.createGrant(bare, 10), 'created');
        assert.deepEqual(defined(await s.getGrant(full.grantId)), defined(full));
        const got = await s.getGrant(bare.grantId);
        assert.deepEqual(defined(got), defined(bare));
        for (const f of ['name', 'fingerprint', 'retiringPrincipal', 'constraints', 'granteeServicePrincipal'] as const) {
          assert.equal(got![f], undefined, `${f} absent, not null`);
        }
        assert.equal(typeof got!.createdAt, 'number');
        assert.equal(await s.getGrant('0'.repeat(64)), undefined);
        assert.deepEqual(defined(await s.findGrant('k1', 'f'.repeat(64))), defined(full));
        assert.equal(await s.findGrant('k1', 'e'.repeat(64)), undefined);
      }));

      it('a fingerprint is unique per key (StoreConflictError), unnamed grants never collide', one(async (s) => {
        await s.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        await s.createKey(makeKey('k2'), makeVersion('k2', 1), []);
        await s.createGrant(makeGrant('k1', 1, { fingerprint: 'a'.repeat(64) }), 10);
        await assert.rejects(s.createGrant(makeGrant('k1', 2, { fingerprint: 'a'.repeat(64) }), 10), StoreConflictError);
        assert.equal(await s.createGrant(makeGrant('k2', 3, { fingerprint: 'a'.repeat(64) }), 10), 'created', 'another key');
        for (let i = 4; i < 7; i++) assert.equal(await s.createGrant(makeGrant('k1', i), 10), 'created');
        assert.equal((await s.listGrants('k1', 100)).items.length, 4);
      }));

      it('createGrant stops at the per-key limit, also under concurrency from two instances', two(async (a, b) => {
        await a.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        await a.createKey(makeKey('k2'), makeVersion('k2', 1), []);
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).createGrant(makeGrant('k1', i + 1), 5)));
        assert.equal(results.filter((r) => r === 'created').length, 5);
        assert.equal((await b.listGrants('k1', 100)).items.length, 5);
        assert.equal(await a.createGrant(makeGrant('k2', 100), 5), 'created', 'the limit is per key');
      }));

      it("createGrant on a key that no longer exists answers 'missing' and writes nothing", one(async (s) => {
        assert.equal(await s.createGrant(makeGrant('gone', 1), 5), 'missing');
        assert.equal((await s.listGrants('gone', 100)).items.length, 0);
      }));

      it('listGrants pages in creation order and filters by grant id and grantee', one(async (s) => {
        await s.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        await s.createKey(makeKey('k2'), makeVersion('k2', 1), []);
        const ids: string[] = [];
        for (let i = 1; i <= 5; i++) {
          const g = makeGrant('k1', 10 - i, i % 2 ? {} : { granteePrincipal: 'arn:aws:iam::111122223333:role/even' });
          await s.createGrant(g, 100);
          ids.push(g.grantId);
        }
        await s.createGrant(makeGrant('k2', 50), 100);
        const seen: string[] = [];
        const sizes: number[] = [];
        let after: string | undefined;
        do {
          const page = await s.listGrants('k1', 2, after);
          sizes.push(page.items.length);
          seen.push(...page.items.map((g) => g.grantId));
          after = page.next;
        } while (after !== undefined);
        assert.deepEqual(seen, ids, 'creation order, not grant id order');
        assert.deepEqual(sizes, [2, 2, 1]);
        assert.equal((await s.listGrants('k1', 5)).next, undefined, 'no next page when the last page is exactly full');
        assert.deepEqual((await s.listGrants('k1', 10, undefined, { grantId: ids[2] })).items.map((g) => g.grantId), [ids[2]]);
        assert.deepEqual((await s.listGrants('k2', 10, undefined, { grantId: ids[2] })).items, [], 'another key\'s grant');
        assert.deepEqual((await s.listGrants('k1', 10, undefined, { granteePrincipal: 'arn:aws:iam::111122223333:role/even' }))
          .items.map((g) => g.grantId), [ids[1], ids[3]]);
        assert.deepEqual((await s.listGrants('k1', 10, undefined, { granteeServicePrincipal: 'x.y.z' })).items, []);
        assert.deepEqual((await s.listGrants('missing', 10)).items, []);
      }));

      it('listRetirableGrants finds a retiring principal across keys, in pages', one(async (s) => {
        await s.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        await s.createKey(makeKey('k2'), makeVersion('k2', 1), []);
        const r = 'arn:aws:iam::111122223333:role/retirer';
        await s.createGrant(makeGrant('k1', 1, { retiringPrincipal: r }), 10);
        await s.createGrant(makeGrant('k1', 2, { retiringPrincipal: 'arn:aws:iam::111122223333:role/other' }), 10);
        await s.createGrant(makeGrant('k2', 3, { retiringPrincipal: r }), 10);
        await s.createGrant(makeGrant('k2', 4, { retiringServicePrincipal: 'logs.us-east-1.amazonaws.com' }), 10);
        await s.createGrant(makeGrant('k2', 5), 10);
        const first = await s.listRetirableGrants({ retiringPrincipal: r }, 1);
        assert.deepEqual(first.items.map((g) => g.keyId), ['k1']);
        const second = await s.listRetirableGrants({ retiringPrincipal: r }, 1, first.next);
        assert.deepEqual(second.items.map((g) => g.keyId), ['k2']);
        assert.equal(second.next, undefined);
        const svc = await s.listRetirableGrants({ retiringServicePrincipal: 'logs.us-east-1.amazonaws.com' }, 10);
        assert.deepEqual(svc.items.map((g) => g.grantId), [makeGrant('k2', 4).grantId]);
        assert.deepEqual((await s.listRetirableGrants({ retiringPrincipal: 'nobody' }, 10)).items, []);
      }));

      it('deleteGrant deletes one grant of its key; deleteKey takes the key\'s grants with it', one(async (s) => {
        await s.createKey(makeKey('k1'), makeVersion('k1', 1), []);
        await s.createKey(makeKey('k2'), makeVersion('k2', 1), []);
        const [g1, g2, g3] = [makeGrant('k1', 1), makeGrant('k1', 2, { retiringPrincipal: 'r' }), makeGrant('k2', 3)];
        for (const g of [g1, g2, g3]) await s.createGrant(g, 10);
        assert.equal(await s.deleteGrant('k2', g1.grantId), false, 'not a grant of that key');
        assert.equal(await s.deleteGrant('k1', g1.grantId), true);
        assert.equal(await s.deleteGrant('k1', g1.grantId), false, 'already gone');
        assert.equal(await s.getGrant(g1.grantId), undefined);
        assert.equal(await s.deleteKey('k1', 1), true);
        assert.equal(await s.getGrant(g2.grantId), undefined);
        assert.deepEqual((await s.listRetirableGrants({ retiringPrincipal: 'r' }, 10)).items, []);
        assert.ok(await s.getGrant(g3.grantId), 'another key\'s grant stays');
      }));
    });

    describe('audit', () => {
      it('appendAudit numbers and chains entries after the head; lastAudit and readAudit', one(async (s) => {
        assert.equal(await s.lastAudit(), undefined);
        assert.deepEqual(await s.appendAudit([]), []);
        assert.equal(await s.lastAudit(), undefined, 'an empty batch writes nothing');
        const links = await s.appendAudit([auditEntry(1), auditEntry(2, { keyArn: 'arn:k', keyVersion: 3, accessKeyId: 'AKIA1', details: '{"a":1}' })]);
        links.push(...await s.appendAudit([auditEntry(3, { outcome: 'failure', errorCode: 'NotFoundException' })]));
        const all = await allAudit(s);
        assert.deepEqual(links, all.map((r) => ({ seq: r.seq, prevHash: r.prevHash, hash: r.hash })), 'appendAudit reports where each entry landed');
        assert.deepEqual(all.map((r) => r.seq), [1, 2, 3]);
        assert.equal(all[0]!.prevHash, GENESIS_HASH);
        assert.equal(verifyChain(all), undefined);
        assert.deepEqual(await s.lastAudit(), all[2]);
        const r2 = all[1]!;
        assert.deepEqual([r2.keyArn, r2.keyVersion, r2.accessKeyId, r2.details, r2.time], ['arn:k', 3, 'AKIA1', '{"a":1}', T0 + 2]);
        assert.equal(all[0]!.keyArn, undefined);
        assert.equal(all[2]!.errorCode, 'NotFoundException');
        assert.deepEqual((await s.readAudit(1, 1)).map((r) => r.seq), [2]);
        assert.deepEqual(await s.readAudit(3, 10), []);
      }));

      it('two writers on one database extend one unbroken chain', two(async (a, b) => {
        const write = async (s: Store, who: string) => {
          for (let batch = 0; batch < 20; batch++) {
            await s.appendAudit([...Array(1 + (batch % 4))].map((_, i) => auditEntry(batch * 10 + i, { requestId: `${who}-${batch}-${i}` })));
          }
        };
        await Promise.all([write(a, 'a'), write(b, 'b'), write(a, 'a2'), write(b, 'b2')]);
        const all = await allAudit(b);
        const expected = 4 * [...Array(20)].reduce((n: number, _, batch) => n + 1 + (batch % 4), 0);
        assert.equal(all.length, expected);
        assert.equal(verifyChain(all), undefined, 'the chain is unbroken');
        assert.equal(new Set(all.map((r) => r.requestId)).size, expected, 'no entry lost or duplicated');
        assert.deepEqual(await a.lastAudit(), all.at(-1));
      }));

      it('lastUse returns the newest successful use by one of the operations', one(async (s) => {
        await s.appendAudit([
          auditEntry(1, { keyArn: 'arn:k1', operation: 'Encrypt' }),
          auditEntry(2, { keyArn: 'arn:k1', operation: 'Decrypt' }),
          auditEntry(3, { keyArn: 'arn:k1', operation: 'Decrypt', outcome: 'failure', errorCode: 'InvalidCiphertextException' }),
          auditEntry(4, { keyArn: 'arn:k1', operation: 'DescribeKey' }),
          auditEntry(5, { keyArn: 'arn:k2', operation: 'Encrypt' }),
        ]);
        const ops = ['Encrypt', 'Decrypt', 'GenerateDataKey'];
        const last = await s.lastUse('arn:k1', ops);
        assert.equal(last?.seq, 2);
        assert.equal(last?.operation, 'Decrypt');
        assert.equal((await s.lastUse('arn:k1', ['Encrypt']))?.seq, 1);
        assert.equal((await s.lastUse('arn:k2', ops))?.seq, 5);
        assert.equal(await s.lastUse('arn:k3', ops), undefined);
        assert.equal(await s.lastUse('arn:k1', []), undefined);
      }));
      it('searchAudit: newest first, each filter, paging by seq', one(async (s) => {
        await s.appendAudit([
          auditEntry(1, { operation: 'Encrypt', keyArn: 'arn:k1', principal: 'arn:alice', accessKeyId: 'AKIA1' }),
          auditEntry(2, { operation: 'Decrypt', keyArn: 'arn:k1', outcome: 'failure', errorCode: 'InvalidCiphertextException', details: '{"x":"hmac-sha256:ab_%"}' }),
          auditEntry(3, { operation: 'iam:CreateUser', principal: 'arn:alice', requestId: 'req-3' }),
          auditEntry(4, { operation: 'Encrypt', keyArn: 'arn:k2' }),
        ]);
        const seqs = async (f: Parameters<typeof s.searchAudit>[0], limit = 10) => (await s.searchAudit(f, limit)).map((r) => r.seq);
        assert.deepEqual(await seqs({}), [4, 3, 2, 1]);
        assert.deepEqual(await seqs({}, 2), [4, 3]);
        assert.deepEqual(await seqs({ beforeSeq: 3 }), [2, 1]);
        assert.deepEqual(await seqs({ operations: ['Encrypt'] }), [4, 1]);
        assert.deepEqual(await seqs({ operations: ['Encrypt', 'iam:CreateUser'] }), [4, 3, 1]);
        assert.deepEqual(await seqs({ operations: [] }), []);
        assert.deepEqual(await seqs({ keyArn: 'arn:k1' }), [2, 1]);
        assert.deepEqual(await seqs({ principal: 'arn:alice' }), [3, 1]);
        assert.deepEqual(await seqs({ accessKeyId: 'AKIA1' }), [1]);
        assert.deepEqual(await seqs({ requestId: 'req-3' }), [3]);
        assert.deepEqual(await seqs({ errorCode: '*' }), [2]);
        assert.deepEqual(await seqs({ errorCode: 'NotFoundException' }), []);
        assert.deepEqual(await seqs({ startTime: T0 + 2, endTime: T0 + 3 }), [3, 2]);
        assert.deepEqual(await seqs({ detailsContain: 'hmac-sha256:ab_%' }), [2], 'LIKE wildcards in the text are literal');
        assert.deepEqual(await seqs({ detailsContain: 'hmac-sha256:abc' }), []);
        assert.deepEqual(await seqs({ keyArn: 'arn:k1', errorCode: '*' }), [2]);
      }));
    });

    describe('audit checkpoints', () => {
      const cp = (seq: number, over: Partial<AuditCheckpoint> = {}): AuditCheckpoint => ({
        seq, hash: seq.toString(16).padStart(64, '0'), time: T0 + seq * 60_000, signature: 'ab'.repeat(64), ...over,
      });

      it('addAuditCheckpoint stores only beyond the last one; lastAuditCheckpoint and readAuditCheckpoints', one(async (s) => {
        assert.equal(await s.lastAuditCheckpoint(), undefined);
        assert.deepEqual(await s.readAuditCheckpoints(0, 10), []);
        assert.equal(await s.addAuditCheckpoint(cp(2)), true);
        assert.equal(await s.addAuditCheckpoint(cp(2, { signature: 'cd'.repeat(64) })), false, 'one checkpoint per seq');
        assert.equal(await s.addAuditCheckpoint(cp(1)), false, 'a stale head below the last checkpoint stores nothing');
        assert.equal(await s.addAuditCheckpoint(cp(5_000_000_000)), true);
        const all = await s.readAuditCheckpoints(0, 10);
        assert.deepEqual(all, [cp(2), cp(5_000_000_000)], 'every field round-trips, numbers as numbers');
        assert.deepEqual(await s.readAuditCheckpoints(2, 10), [cp(5_000_000_000)]);
        assert.deepEqual(await s.readAuditCheckpoints(0, 1), [cp(2)]);
        assert.deepEqual(await s.lastAuditCheckpoint(), cp(5_000_000_000));
      }));

      it('two instances racing to checkpoint one head store exactly one', two(async (a, b) => {
        const results = await Promise.all([
          a.addAuditCheckpoint(cp(7, { signature: 'aa'.repeat(64) })), b.addAuditCheckpoint(cp(7, { signature: 'bb'.repeat(64) })),
        ]);
        assert.deepEqual(results.filter(Boolean), [true]);
        const stored = await a.readAuditCheckpoints(0, 10);
        assert.equal(stored.length, 1);
        assert.equal(stored[0]!.signature, results[0] ? 'aa'.repeat(64) : 'bb'.repeat(64));
      }));
    });

    describe('several nodes: change feed, leases, shared counters', () => {
      it('watchKeyChanges on one instance reports every kind of key change made through another', two(async (a, b) => {
        const seen: string[] = [];
        let resets = 0;
        const stop = b.watchKeyChanges((id) => seen.push(id), () => resets++);
        try {
          await settle(); // the subscription is in place (PostgreSQL: LISTEN on its own connection)
          const expectChange = async (keyId: string, what: string, change: () => Promise<unknown>) => {
            seen.length = 0;
            await change();
            await waitFor(() => seen.includes(keyId), `${what} reported within 1 s`, 1000);
          };
          await expectChange('f1', 'createKey', () => a.createKey(makeKey('f1'), makeVersion('f1', 1), [{ TagKey: 'a', TagValue: '1' }]));
          await a.createKey(makeKey('f2'), makeVersion('f2', 1), []);
          await expectChange('f1', 'updateKey', () => a.updateKey(makeKey('f1', { state: 'Disabled', revision: 2 }), 1));
          await expectChange('f1', 'addKeyVersion', () => a.addKeyVersion(makeKey('f1', { currentVersion: 2, revision: 3 }), 2, makeVersion('f1', 2)));
          await expectChange('f1', 'putTags', () => a.putTags('f1', [{ TagKey: 'b', TagValue: '2' }]));
          await expectChange('f1', 'removeTags', () => a.removeTags('f1', ['b']));
          const alias = { aliasName: 'alias/feed', accountId: '111122223333', region: 'us-east-1', targetKeyId: 'f1', createdAt: T0, updatedAt: T0 };
          await expectChange('f1', 'createAlias', () => a.createAlias(alias));
          seen.length = 0;
          await a.updateAlias('alias/feed', 'us-east-1', 'f2', T0 + 1);
          await waitFor(() => seen.includes('f1') && seen.includes('f2'), 'updateAlias reports the old and the new target', 1000);
          await expectChange('f2', 'deleteAlias', () => a.deleteAlias('alias/feed', 'us-east-1'));
          await expectChange('f1', 'deleteKey', () => a.deleteKey('f1', 3));
          // The instance's own changes are reported too (they re-invalidate harmlessly).
          await expectChange('f2', 'a change through the watching instance', () => b.updateKey(makeKey('f2', { revision: 2 }), 1));
        } finally {
          stop();
        }
        seen.length = 0;
        await a.updateKey(makeKey('f2', { revision: 3 }), 2);
        await settle();
        assert.deepEqual(seen, [], 'nothing is reported after the watch stopped');
        assert.ok(resets <= 1, `no reset without a lost connection (at most the initial one), got ${resets}`);
      }));

      it('tryLease: acquire when free, renew by the holder, refused to others until it expires, released', two(async (a, b) => {
        assert.equal(await a.tryLease('scheduler', 'node-a', 1000, T0), true, 'free: acquired');
        assert.equal(await b.tryLease('scheduler', 'node-b', 1000, T0 + 10), false, 'held by a');
        assert.equal(await a.tryLease('scheduler', 'node-a', 1000, T0 + 900), true, 'renewed by its holder');
        assert.equal(await b.tryLease('scheduler', 'node-b', 1000, T0 + 1500), false, 'the renewal moved the expiry');
        assert.equal(await b.tryLease('other', 'node-b', 1000, T0 + 1500), true, 'leases are independent by name');
        assert.equal(await b.tryLease('scheduler', 'node-b', 1000, T0 + 1900), true, 'expired: taken over');
        assert.equal(await a.tryLease('scheduler', 'node-a', 1000, T0 + 1901), false, 'the old holder lost it');
        await a.releaseLease('scheduler', 'node-a'); // not the holder: no effect
        assert.equal(await a.tryLease('scheduler', 'node-a', 1000, T0 + 1902), false);
        await b.releaseLease('scheduler', 'node-b');
        assert.equal(await a.tryLease('scheduler', 'node-a', 1000, T0 + 1903), true, 'released: free at once');
      }));

      it('concurrent tryLease on a free lease: exactly one holder wins', two(async (a, b) => {
        for (let round = 0; round < 10; round++) {
          const now = T0 + round * 10_000;
          const won = await Promise.all([
            a.tryLease('race', `a-${round}`, 5000, now), b.tryLease('race', `b-${round}`, 5000, now),
            a.tryLease('race', `c-${round}`, 5000, now), b.tryLease('race', `d-${round}`, 5000, now),
          ]);
          assert.equal(won.filter(Boolean).length, 1, `round ${round}: ${won}`);
        }
      }));

      it('addMetaInteger adds atomically, from several instances at once', two(async (a, b) => {
        assert.equal(await a.addMetaInteger('counter', 5), 5, 'absent counts as 0');
        await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).addMetaInteger('counter', 1000)));
        assert.equal(await b.getMeta('counter'), '20005');
        assert.equal(await a.addMetaInteger('counter', 0), 20005);
      }));
    });

    lifecycleContract(h);
    multiRegionContract(h);
    alertContract(h);
    approvalsContract(h);
    destructionContract(h);

    it('close is idempotent', one(async (s) => {
      await s.close();
      await s.close();
    }));
  });
}

const settle = () => new Promise((r) => setTimeout(r, 250));

async function waitFor(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) assert.fail(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
