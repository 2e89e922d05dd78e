// The Python clients' story: boto3 1.43, awscli v1 1.45 and the seed document's envelope-encryption code, run
// unchanged by pytest (test/python) against one real Keyward server. Python, boto3, awscli, pytest and cryptography
// come preinstalled on the machine image (clients-and-wire.md §0); the suite fails, not skips, if they are missing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from '../support/paths.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createTokens, trustAnchorPem } from '../support/softhsm.js';

const TIMEOUT_MS = 300_000; // generous: CI machines are shared, and the suite grows with every client story

let server: TestServer;
// test/python/clock moves its server's test clock by days: it gets a server of its own (started in its test).
const CLOCK_SUITE = resolve(repoRoot, 'test/python/clock');
// A SoftHSM2 token behind one configured CloudHsmClusterId, for the custom key store suite (test_boto3_custom_key_stores.py).
const [token] = createTokens(['kw-py-hsm']);
const HSM_CLUSTER = 'cluster-pythonhsmabc';

before(async () => {
  // Two Regions: test_boto3_multi_region.py replicates multi-Region keys from us-east-1 to eu-west-1.
  server = await startTestServer({
    args: ['--test-clock', '--regions', 'us-east-1,eu-west-1', '--hsm-clusters', `${HSM_CLUSTER}=${token!.module}:${token!.label}`], env: token!.env,
  });
});

after(async () => {
  await server?.stop(true);
  token!.remove();
});

/** The child's environment: nothing AWS-related or pytest-related leaks in from the host. */
function pytestEnv(server: TestServer): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('AWS_') || k.startsWith('PYTEST_') || k === 'KEYWARD_ENDPOINT') continue;
    env[k] = v;
  }
  return {
    ...env,
    KEYWARD_ENDPOINT: server.url,
    // test/python/clock/test_boto3_destruction.py searches the server's SQLite files and runs keyward receipt verify
    KEYWARD_TEST_DATA_DIR: server.dataDir,
    KEYWARD_TEST_NODE: process.execPath,
    KEYWARD_TEST_HSM_CLUSTER: HSM_CLUSTER,
    KEYWARD_TEST_HSM_PIN: token!.pin,
    KEYWARD_TEST_TRUST_ANCHOR: trustAnchorPem(),
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    PYTHONDONTWRITEBYTECODE: '1', // no __pycache__ in the source tree
    PYTHONUNBUFFERED: '1',
  };
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

function runPytest(server: TestServer, paths: string[], timeoutMs: number): Promise<RunResult> {
  const args = ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rfEsxX', ...paths];
  return new Promise((resolvePromise, reject) => {
    const child = spawn('python3', args, { cwd: repoRoot, env: pytestEnv(server), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start python3 (expected on PATH with pytest and boto3): ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, output, timedOut });
    });
  });
}

/** Runs pytest on `paths` against `server` and asserts a clean pass that really ran tests. */
async function passes(t: { diagnostic(message: string): void }, server: TestServer, paths: string[]): Promise<void> {
  const result = await runPytest(server, paths, TIMEOUT_MS - 5_000);
  const lines = result.output.trimEnd().split('\n');
  const summary = lines.at(-1) ?? '';
  if (result.code !== 0) {
    for (const line of lines) t.diagnostic(line);
    t.diagnostic('--- keyward server output ---');
    for (const line of server.output().trimEnd().split('\n').slice(-50)) t.diagnostic(line);
  } else {
    t.diagnostic(`pytest: ${summary}`);
  }
  assert.equal(result.timedOut, false, `pytest did not finish within ${TIMEOUT_MS - 5_000} ms:\n${result.output}`);
  assert.equal(result.code, 0, `pytest exited with ${result.code ?? result.signal}: ${summary}\n${result.output}`);
  // The suite must really have run (a collection problem can also end in exit code 5 or a silent no-op).
  assert.match(summary, /\d+ passed/);
}

test('boto3, the aws CLI and the seed code pass the pytest suite in test/python', { timeout: TIMEOUT_MS }, async (t) => {
  await passes(t, server, [resolve(repoRoot, 'test/python'), `--ignore=${CLOCK_SUITE}`]);
});

test('boto3 through the shipped keyward model passes the test-clock scenarios in test/python/clock', { timeout: TIMEOUT_MS }, async (t) => {
  const clockServer = await startTestServer({ args: ['--test-clock'] });
  try {
    await passes(t, clockServer, [CLOCK_SUITE]);
  } finally {
    await clockServer.stop(true);
  }
});
