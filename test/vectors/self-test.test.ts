// Start-up known-answer tests: all pass on this build, and a failing one stops start-up with a clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_ANSWER_TESTS, runSelfTests, SelfTestError } from '../../src/crypto/self-test.js';

test('every start-up known-answer test passes', () => {
  assert.equal(KNOWN_ANSWER_TESTS.length, 6);
  runSelfTests();
});

test('a failing or throwing known-answer test refuses start-up and names the algorithm', () => {
  const broken = [...KNOWN_ANSWER_TESTS, { name: 'broken KAT', run: () => false }, { name: 'throwing KAT', run: () => { throw new Error('x'); } }];
  assert.throws(() => runSelfTests(broken), (e: Error) =>
    e instanceof SelfTestError && e.message === 'cryptographic self-test failed: broken KAT, throwing KAT; refusing to start');
});
