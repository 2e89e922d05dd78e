// A short smoke of the moto-suite runner (scripts/moto-suite, docs/moto-suite.md): moto's own tests, in moto's server
// mode, pass against a real Keyward dev server; a test that encodes moto-only behaviour fails visibly (the runner does
// not hide failures); and the harness refuses to run in-process, where moto would mock and never reach Keyward.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from '../support/paths.js';

const TIMEOUT_MS = 120_000;
const runner = resolve(repoRoot, 'scripts/moto-suite/run.mjs');

interface Run { code: number | null; output: string }

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = repoRoot): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', fail);
    child.once('exit', (code) => ok({ code, output }));
  });
}

const hostEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('MOTO_') && k !== 'TEST_SERVER_MODE'));

test('moto tests that AWS and Keyward agree on pass through the runner against a Keyward dev server', { timeout: TIMEOUT_MS }, async () => {
  const picked = ['tests/test_kms/test_kms.py::test_describe_key', 'tests/test_kms/test_kms.py::test_get_public_key',
    'tests/test_kms/test_kms_encrypt.py::test_kms_encrypt', 'tests/test_kms/test_kms.py::test__create_alias__raises_if_reserved_alias'];
  const r = await run(process.execPath, [runner, '--', ...picked], hostEnv());
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /moto-suite: keyward at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(r.output, /\b10 passed\b/, r.output);
});

test('a moto-only expectation fails visibly: Verify of a bad signature is KMSInvalidSignatureException, as in AWS', { timeout: TIMEOUT_MS }, async () => {
  const r = await run(process.execPath, [runner, '--single-region', '--', 'tests/test_kms/test_kms.py::test_verify_happy_with_invalid_signature'], hostEnv());
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, /KMSInvalidSignatureException/);
  assert.match(r.output, /\b1 failed\b/);
});

test('the harness refuses to run outside server mode, where moto would answer in-process', { timeout: TIMEOUT_MS }, async () => {
  const suite = resolve(repoRoot, 'scripts/moto-suite');
  const r = await run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-c', resolve(suite, 'pytest.ini'), 'tests/test_kms/test_kms_mac.py'],
    { ...hostEnv(), PYTHONDONTWRITEBYTECODE: '1' }, suite);
  assert.equal(r.code, 4, r.output); // pytest's exit code for a usage error
  assert.match(r.output, /set TEST_SERVER_MODE=true/);
});
