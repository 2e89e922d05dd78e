// First run as a new user meets it (issue 16): dev mode writes an AWS config file beside the credentials file so the
// aws CLI and boto3 reach Keyward with no flag; the banner names a URL a client can reach; a port in use is one line,
// not a stack trace; `npm start` builds only when a source changed (scripts/build-if-stale.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliEntry, repoRoot } from '../support/paths.js';
import { startTestServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../support/server.js';

/** The environment of a shell with nothing AWS-related set, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return { ...env, ...extra };
}

test('dev mode: the printed exports alone make `aws kms list-keys` and boto3.client("kms") reach this server', async () => {
  const server = await startTestServer({ generateCredentials: true });
  try {
    const banner = server.output();
    const exports = /export (AWS_CONFIG_FILE=(\S+) AWS_SHARED_CREDENTIALS_FILE=(\S+) AWS_PROFILE=keyward)/.exec(banner);
    assert.ok(exports, banner);
    assert.equal(exports[2], join(server.dataDir, 'config'));
    const config = readFileSync(exports[2]!, 'utf8');
    assert.match(config, new RegExp(`^\\[profile keyward\\]\\nregion = us-east-1\\nendpoint_url = ${server.url}\\n`, 'm'));
    assert.equal(statSync(exports[2]!).mode & 0o777, 0o600);
    const env = cleanEnv({ AWS_CONFIG_FILE: exports[2]!, AWS_SHARED_CREDENTIALS_FILE: exports[3]!, AWS_PROFILE: 'keyward', AWS_PAGER: '' });
    const created = spawnSync('aws', ['kms', 'create-key', '--description', 'first run', '--query', 'KeyMetadata.KeyId', '--output', 'text'], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(created.status, 0, created.stderr);
    const keyId = created.stdout.trim();
    const listed = spawnSync('python3', ['-c', 'import boto3; print(" ".join(k["KeyId"] for k in boto3.client("kms").list_keys()["Keys"]))'], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split(' '), [keyId]);
  } finally {
    await server.stop(true);
  }
});

test('a port in use is a one-line error with exit status 2', async () => {
  const server = await startTestServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-port-'));
  try {
    const listen = new URL(server.url).host;
    const r = spawnSync(process.execPath, [cliEntry, 'server', '--dev', '--listen', listen, '--data-dir', dataDir], {
      env: { ...process.env, KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY, KEYWARD_LOG_LEVEL: 'error' },
      encoding: 'utf8', timeout: 30_000,
    });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim(), `keyward: cannot listen on ${listen}: the port is in use by another process (another Keyward?); choose another with --listen HOST:PORT (or KEYWARD_LISTEN)`);
  } finally {
    await server.stop(true);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('listening on every interface, the banner names a loopback URL a client can use', async () => {
  const server = await startTestServer({ args: ['--listen', '0.0.0.0:0'] });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.output(), /\(accepting on 0\.0\.0\.0:0: every interface\)/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  } finally {
    await server.stop(true);
  }
});

test('npm start builds only when a source is newer than the last build', () => {
  const stamp = join(repoRoot, 'dist', '.build-stamp');
  const check = () => spawnSync(process.execPath, [join(repoRoot, 'scripts/build-if-stale.mjs'), '--check'], { encoding: 'utf8' }).status;
  const { atime, mtime } = statSync(stamp);
  try {
    utimesSync(stamp, new Date(), new Date(Date.now() + 3600_000)); // a build newer than every source
    assert.equal(check(), 0, 'current: no build');
    utimesSync(stamp, new Date(0), new Date(0)); // a build older than the sources
    assert.equal(check(), 1, 'stale: it would build');
  } finally {
    utimesSync(stamp, atime, mtime);
  }
  assert.match(readFileSync(join(repoRoot, 'package.json'), 'utf8'), /"prestart": "node scripts\/build-if-stale\.mjs"/);
});
