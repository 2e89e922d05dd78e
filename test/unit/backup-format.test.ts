// The backup file (src/store/backup): values survive the round trip, any change to the body or a manifest count is
// caught, tables restore after the tables they reference, and the destruction ledgers are merged and honoured.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BackupFileError, readBackup, writeBackup } from '../../src/store/backup/backup-format.js';
import { filterForRestore, restoreOrder } from '../../src/store/backup/backup-tables.js';

const dir = mkdtempSync(join(tmpdir(), 'keyward-backup-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const manifest = { format: 'keyward-backup' as const, version: 1 as const, engine: 'sqlite' as const, schemaVersion: 9, createdAt: '2026-12-07T00:00:00.000Z' };

test('values round-trip: blobs, null, numbers, text, booleans', () => {
  const f = join(dir, 'a.kwb');
  const rows = [{ id: 'k1', n: 42, big: '9007199254740993', blob: Buffer.from([0, 1, 255]), none: null, yes: true, text: 'line\nbreak "quoted"' }];
  const m = writeBackup(f, { manifest, tables: [{ name: 'keys', rows }, { name: 'empty', rows: [] }] });
  assert.deepEqual(m.tables, { keys: 1, empty: 0 });
  const b = readBackup(f);
  assert.deepEqual(b.manifest, m);
  assert.deepEqual(b.tables, [{ name: 'keys', rows }, { name: 'empty', rows: [] }]);
  assert.throws(() => writeBackup(f, { manifest, tables: [] }), /EEXIST/, 'an existing file is never overwritten');
});

test('a changed body or manifest is refused', () => {
  const f = join(dir, 'b.kwb');
  writeBackup(f, { manifest, tables: [{ name: 'keys', rows: [{ id: 'k1' }, { id: 'k2' }] }] });
  const bytes = readFileSync(f);
  const nl = bytes.indexOf(0x0a);
  const m = JSON.parse(bytes.subarray(0, nl).toString()) as { tables: Record<string, number> };
  writeFileSync(join(dir, 'count.kwb'), Buffer.concat([Buffer.from(JSON.stringify({ ...m, tables: { keys: 3 } }) + '\n'), bytes.subarray(nl + 1)]));
  assert.throws(() => readBackup(join(dir, 'count.kwb')), (e: Error) => e instanceof BackupFileError && /table keys has 2 rows, the manifest says 3/.test(e.message));
  const flipped = Buffer.from(bytes);
  flipped.writeUInt8(flipped.readUInt8(nl + 20) ^ 1, nl + 20);
  writeFileSync(join(dir, 'flip.kwb'), flipped);
  assert.throws(() => readBackup(join(dir, 'flip.kwb')), /checksum does not match/);
  writeBackup(join(dir, 'inject.kwb'), { manifest, tables: [{ name: 'keys"; DROP TABLE keys; --', rows: [] }] });
  assert.throws(() => readBackup(join(dir, 'inject.kwb')), /a table name is not an identifier/);
  writeBackup(join(dir, 'column.kwb'), { manifest, tables: [{ name: 'keys', rows: [{ 'id") VALUES (1); --': 1 }] }] });
  assert.throws(() => readBackup(join(dir, 'column.kwb')), /column name that is not an identifier/);
  writeFileSync(join(dir, 'null.kwb'), 'null\nbody');
  assert.throws(() => readBackup(join(dir, 'null.kwb')), /is not a Keyward backup/);
  writeFileSync(join(dir, 'other.kwb'), '{"format":"something-else","version":1}\nbody');
  assert.throws(() => readBackup(join(dir, 'other.kwb')), /not a Keyward backup of format version 1/);
});

test('restore order: every table after the tables its foreign keys reference (cycles and self-references tolerated)', () => {
  const refs = new Map([['key_versions', ['keys']], ['aliases', ['keys']], ['iam_group_members', ['iam_entities', 'iam_entities']], ['keys', ['keys']]]);
  const order = restoreOrder(['aliases', 'key_versions', 'iam_group_members', 'keys', 'iam_entities', 'meta'], refs);
  assert.equal(order.length, 6);
  for (const [t, rs] of refs) for (const r of rs) if (r !== t) assert.ok(order.indexOf(r) < order.indexOf(t), `${r} before ${t}`);
});

test('destroyed keys: none of their rows come back; the ledger is the union of every ledger', () => {
  const ledger = new Map([['k-gone', 5]]);
  const { tables, skipped } = filterForRestore([
    { name: 'keys', rows: [{ key_id: 'k-gone' }, { key_id: 'k-kept' }, { key_id: 'k-old' }] },
    { name: 'key_versions', rows: [{ key_id: 'k-gone', version: 1 }, { key_id: 'k-kept', version: 1 }] },
    { name: 'aliases', rows: [{ alias_name: 'alias/a', target_key_id: 'k-gone' }, { alias_name: 'alias/b', target_key_id: 'k-kept' }] },
    { name: 'destruction_ledger', rows: [{ key_id: 'k-old', destroyed_at: 3 }] },
    { name: 'audit_log', rows: [{ seq: 1, key_arn: 'arn:aws:kms:us-east-1:111122223333:key/k-gone' }] },
  ], ledger);
  assert.deepEqual(skipped, ['k-gone', 'k-old']);
  const rows = Object.fromEntries(tables.map((t) => [t.name, t.rows]));
  assert.deepEqual(rows.keys, [{ key_id: 'k-kept' }]);
  assert.deepEqual(rows.key_versions, [{ key_id: 'k-kept', version: 1 }]);
  assert.deepEqual(rows.aliases, [{ alias_name: 'alias/b', target_key_id: 'k-kept' }]);
  assert.deepEqual(rows.destruction_ledger, [{ key_id: 'k-gone', destroyed_at: 5 }, { key_id: 'k-old', destroyed_at: 3 }]);
  assert.equal(rows.audit_log!.length, 1, 'the audit chain is kept whole');
});
