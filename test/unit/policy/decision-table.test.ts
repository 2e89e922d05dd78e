// The decision table: every row (policies, request, expected effect) of cases-kms.ts and cases-iam.ts runs through
// the engine; rows citing an AWS documentation page reproduce that page's example.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCase, type Case } from './case.js';
import { IAM_CASES } from './cases-iam.js';
import { KMS_CASES } from './cases-kms.js';

const CASES: Case[] = [...KMS_CASES, ...IAM_CASES];

test('the table has at least 150 rows with unique names, many from AWS documentation', () => {
  assert.ok(CASES.length >= 150, `${CASES.length} rows`);
  assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length, 'row names are unique');
  assert.ok(CASES.filter((c) => c.doc).length >= 80);
});

for (const c of CASES) {
  test(`decision: ${c.name}`, () => {
    const d = runCase(c);
    assert.equal(d.effect, c.expect);
    if (c.by) assert.equal(d.basis.type, c.by);
    const text = d.message(c.principal.arn, c.action, c.resource);
    if (c.expect === 'Allow') assert.equal(text, '');
    else assert.match(text, /^User: \S+ is not authorized to perform: \S+/);
  });
}
