// Configuration: flags over environment over defaults, refused combinations, secrets masked when printed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, printable, resolveConfig } from '../../src/server/config.js';

test('defaults are loopback, the documented account and Region', () => {
  const cfg = resolveConfig(['--dev'], {});
  assert.equal(cfg.listen, '127.0.0.1:8080');
  assert.equal(cfg.accountId, '111122223333');
  assert.equal(cfg.region, 'us-east-1');
  assert.ok(Object.isFrozen(cfg));
});

test('flags win over environment', () => {
  const cfg = resolveConfig(['--dev', '--listen', '127.0.0.1:9'], { KEYWARD_LISTEN: '127.0.0.1:7' });
  assert.equal(cfg.listen, '127.0.0.1:9');
});

test('production mode without a root of trust, and the test clock outside dev mode, are refused', () => {
  assert.throws(() => resolveConfig([], {}), ConfigError);
  assert.throws(() => resolveConfig(['--test-clock', '--root-key-file', '/x'], {}), ConfigError);
  assert.throws(() => resolveConfig(['--dev'], { KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: 'AKIAONLYTHEIDISSET' }), ConfigError);
  assert.throws(() => resolveConfig(['--bogus'], {}), ConfigError);
});

test('the bootstrap secret is masked in printed configuration', () => {
  const cfg = resolveConfig(['--dev'], { KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01', KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY: 'very-secret-value-123' });
  const text = JSON.stringify(printable(cfg));
  assert.ok(!text.includes('very-secret-value-123'));
  assert.ok(text.includes('AKIAEXAMPLEEXAMPLE01'));
});
