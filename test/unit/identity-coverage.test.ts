// Every IAM and STS operation Keyward serves is driven end to end by a real client: the e2e files' coverage lists
// (test/support/identity-coverage.ts, each proven there from the audit log) are exactly the registry's operations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QUERY_SERVICES } from '../../src/identity/registry.js';
import { E2E_COVERAGE } from '../support/identity-coverage.js';

test('the end-to-end coverage lists name every registered IAM and STS operation, once', () => {
  for (const [service, listed] of Object.entries(E2E_COVERAGE)) {
    const served = [...QUERY_SERVICES.get(service)!.operations.keys()].sort();
    assert.equal(new Set(listed).size, listed.length, `${service}: an operation is listed twice`);
    assert.deepEqual([...listed].sort(), served, `${service}: coverage lists vs registry`);
  }
});
