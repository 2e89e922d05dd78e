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

test('outside dev mode: no dev root key file, no bootstrap secrets from the environment, no test clock', () => {
  assert.equal(resolveConfig([], {}).dev, false, 'production mode starts on an initialised installation');
  assert.throws(() => resolveConfig(['--root-key-file', '/x'], {}), /dev root of trust/);
  assert.equal(resolveConfig(['--dev', '--root-key-file', '/x'], {}).rootKeyFile, '/x');
  assert.throws(() => resolveConfig([], { KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01', KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY: 'very-secret-value-123' }), /dev-mode feature/);
  assert.throws(() => resolveConfig(['--pkcs11-module', '/x.so'], {}), /go together/);
  assert.throws(() => resolveConfig(['--test-clock'], {}), ConfigError);
  assert.throws(() => resolveConfig(['--dev'], { KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: 'AKIAONLYTHEIDISSET' }), ConfigError);
  assert.throws(() => resolveConfig(['--bogus'], {}), ConfigError);
});

test('the bootstrap secret is masked in printed configuration', () => {
  const cfg = resolveConfig(['--dev'], { KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01', KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY: 'very-secret-value-123' });
  const text = JSON.stringify(printable(cfg));
  assert.ok(!text.includes('very-secret-value-123'));
  assert.ok(text.includes('AKIAEXAMPLEEXAMPLE01'));
});

test('the database URL is printed with only its password masked; --database-url beats KEYWARD_DATABASE_URL', () => {
  const env = { KEYWARD_DATABASE_URL: 'postgres://env:env-secret-pass@db.example:5432/keyward' };
  const fromEnv = resolveConfig(['--dev'], env);
  assert.equal(fromEnv.databaseUrl, env.KEYWARD_DATABASE_URL);
  const cfg = resolveConfig(['--dev', '--database-url', 'postgresql://kw:s3cr%40t-pass@db.example:5432/keyward?sslmode=require'], env);
  const printed = printable(cfg).databaseUrl as string;
  assert.ok(!JSON.stringify(printable(cfg)).includes('s3cr'), printed);
  assert.equal(printed, 'postgresql://kw:********@db.example:5432/keyward?sslmode=require');
  assert.ok(!JSON.stringify(printable(fromEnv)).includes('env-secret-pass'));
  assert.throws(() => resolveConfig(['--dev', '--database-url', 'mysql://x@y/z'], {}), ConfigError);
  assert.equal(resolveConfig(['--dev'], {}).databaseUrl, undefined, 'no URL: SQLite in the data directory');
});

test('--workers takes an integer from 1 to 64 (default 1)', () => {
  assert.equal(resolveConfig(['--dev'], {}).workers, '1');
  assert.equal(resolveConfig(['--dev', '--workers', '4'], {}).workers, '4');
  assert.equal(resolveConfig(['--dev'], { KEYWARD_WORKERS: '2' }).workers, '2');
  for (const bad of ['0', '-1', '2.5', 'two', '65', '']) {
    assert.throws(() => resolveConfig(['--dev', '--workers', bad], {}), ConfigError, bad);
  }
});
