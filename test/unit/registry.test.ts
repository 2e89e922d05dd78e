// Every registered operation is reachable by name, has an input shape, and uses only key-state rows that exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KEY_STATE_TABLE, KEY_STATES } from '../../src/core/keys/key-state-table.js';
import { KMS_OPERATIONS } from '../../src/core/operations/registry.js';
import { repoRoot } from '../support/paths.js';

test('operations are registered under their AWS names with an input shape', () => {
  assert.ok(KMS_OPERATIONS.size >= 27);
  for (const [name, op] of KMS_OPERATIONS) {
    assert.equal(op.name, name);
    assert.match(name, /^[A-Z][A-Za-z]+$/);
    assert.equal(typeof op.input, 'object');
  }
});

test('the key-state table decides every state for every access', () => {
  for (const [access, row] of Object.entries(KEY_STATE_TABLE)) {
    for (const s of KEY_STATES) assert.ok(row[s], `${access} × ${s}`);
  }
});

test('every key access an operation makes has a row in the key-state table', () => {
  const dir = join(repoRoot, 'src/core/operations/kms');
  for (const op of KMS_OPERATIONS.values()) {
    const file = op.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase() + '.ts';
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/ctx\.key\([^,]+,\s*'([A-Za-z]+)'/g)) {
      assert.ok(m[1]! in KEY_STATE_TABLE, `${file} uses unknown access ${m[1]}`);
    }
  }
});
