#!/usr/bin/env node
// Runs moto's own KMS tests (scripts/moto-suite/tests, pinned from getmoto/moto 5.2.1) in moto's server mode against a
// real server on a free loopback port: a fresh Keyward dev server (default) or moto_server itself (--target moto, the
// baseline). See scripts/moto-suite/README.md and docs/moto-suite.md. Usage:
//   npm run test:moto [-- --target keyward|moto] [--single-region] [--isolate] [--junit FILE] [--keep-log FILE] [-- <pytest args>]
// --single-region makes every client of the tests use us-east-1 (the Region a default Keyward serves): a diagnostic.
// --isolate re-runs each failing test alone on a fresh server: moto's tests expect an empty account per test (moto's
// /moto-api/reset, which Keyward does not have), so a failure that passes alone came from an earlier test's leftovers.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const suiteDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(suiteDir, '../..');
// moto's fake credentials (FOOBARKEY/FOOBARSECRET) lengthened to what AWS requires: an access key id of 16 to 128
// characters (IAM AccessKey.AccessKeyId); conftest.py hands these to moto's mock_aws in place of its own.
const ACCESS_KEY_ID = 'FOOBARKEY0000000';
const SECRET_ACCESS_KEY = 'FOOBARSECRET0000000000000000000000000000';
// moto's DEFAULT_ACCOUNT_ID: the tests build expected ARNs from it, so Keyward serves that account.
const ACCOUNT_ID = '123456789012';
const START_TIMEOUT_MS = 30_000;

function parseArgs(argv) {
  const opts = { target: 'keyward', junit: undefined, keepLog: undefined, singleRegion: false, isolate: false, pytest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') opts.pytest = argv.slice(i + 1), (i = argv.length);
    else if (arg === '--target') opts.target = argv[++i];
    else if (arg === '--single-region') opts.singleRegion = true;
    else if (arg === '--isolate') opts.isolate = true;
    else if (arg === '--junit') opts.junit = resolve(argv[++i]);
    else if (arg === '--keep-log') opts.keepLog = resolve(argv[++i]);
    else opts.pytest.push(arg);
  }
  if (opts.target !== 'keyward' && opts.target !== 'moto') throw new Error(`--target must be keyward or moto, not ${opts.target}`);
  return opts;
}

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

/** The Regions moto's KMS tests sign for: one Keyward serves them all (docs/multi-region.md). */
const MOTO_REGIONS = 'us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-central-1,ap-northeast-1';

/** Starts the server under test; resolves with its URL once it answers, a stop() and its output so far. */
async function startServer(target) {
  const dataDir = target === 'keyward' ? mkdtempSync(join(tmpdir(), 'keyward-moto-')) : undefined;
  const port = target === 'moto' ? await freePort() : 0;
  const [cmd, args, env] = target === 'keyward'
    ? [process.execPath, [join(repoRoot, 'dist/src/cli/main.js'), 'server', '--dev', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--regions', MOTO_REGIONS],
      { KEYWARD_BOOTSTRAP_ACCESS_KEY_ID: ACCESS_KEY_ID, KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY, KEYWARD_ACCOUNT_ID: ACCOUNT_ID }]
    : ['moto_server', ['-H', '127.0.0.1', '-p', String(port)], {}];
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${target} did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const check = () => {
      const m = target === 'keyward' ? /listening on (http:\/\/\S+)/.exec(output) : /Running on (http:\/\/\S+)/.exec(output);
      if (m) clearTimeout(timer), ok(m[1].replace(/\/$/, ''));
    };
    child.stdout.on('data', (d) => ((output += d), check()));
    child.stderr.on('data', (d) => ((output += d), check()));
    child.once('error', (err) => (clearTimeout(timer), fail(err)));
    child.once('exit', (code) => (clearTimeout(timer), fail(new Error(`${target} exited with ${code}:\n${output}`))));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop, output: () => output };
}

/** pytest's environment: moto's server mode pointed at the server, nothing AWS- or pytest-related from the host. */
function pytestEnv(url, opts, failedFile) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('PYTEST_') && !k.startsWith('MOTO_')));
  return {
    ...env,
    TEST_SERVER_MODE: 'true',
    TEST_SERVER_MODE_ENDPOINT: url,
    MOTO_CALL_RESET_API: 'false',
    MOTO_SUITE_ACCESS_KEY_ID: ACCESS_KEY_ID,
    MOTO_SUITE_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_DEFAULT_REGION: 'us-east-1',
    ...(opts.singleRegion ? { MOTO_SUITE_SINGLE_REGION: 'us-east-1' } : {}),
    ...(failedFile ? { MOTO_SUITE_FAILED_FILE: failedFile } : {}),
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
  };
}

function runPytest(url, opts, targets, failedFile, junit) {
  const args = ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rfE', '--rootdir', suiteDir, '-c', join(suiteDir, 'pytest.ini')];
  if (junit) args.push(`--junitxml=${junit}`);
  args.push(...targets);
  return new Promise((ok, fail) => {
    const child = spawn('python3', args, { cwd: suiteDir, env: pytestEnv(url, opts, failedFile), stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code, signal) => ok(code ?? (signal ? 1 : 0)));
  });
}

/** Runs pytest on `targets` against a fresh server; resolves with pytest's exit code and the failing node ids. */
/** The server of the run in progress, stopped if the runner is interrupted (no orphaned server, no data left). */
let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
}

async function runOnFreshServer(opts, targets, failedFile, junit) {
  const server = await startServer(opts.target);
  current = server;
  process.stdout.write(`moto-suite: ${opts.target} at ${server.url}\n`);
  try {
    const code = await runPytest(server.url, opts, targets, failedFile, junit);
    return { code, failed: existsSync(failedFile) ? readFileSync(failedFile, 'utf8').split('\n').filter(Boolean) : [] };
  } finally {
    await server.stop();
    current = undefined;
    if (opts.keepLog) appendFileSync(opts.keepLog, server.output());
  }
}

const opts = parseArgs(process.argv.slice(2));
const work = mkdtempSync(join(tmpdir(), 'moto-suite-'));
const targets = opts.pytest.length > 0 ? opts.pytest : [join(suiteDir, 'tests/test_kms')];
let { code, failed } = await runOnFreshServer(opts, targets, join(work, 'failed'), opts.junit);
if (opts.isolate && failed.length > 0) {
  const stillFailing = [];
  for (const [i, nodeid] of failed.entries()) {
    const alone = await runOnFreshServer(opts, [nodeid], join(work, `isolated-${i}`));
    if (alone.code !== 0) stillFailing.push(nodeid);
  }
  const passAlone = failed.filter((id) => !stillFailing.includes(id));
  process.stdout.write(`\nmoto-suite --isolate: ${failed.length} failed on the shared server; ${passAlone.length} of them pass alone on a fresh server:\n`);
  for (const id of passAlone) process.stdout.write(`  passes alone: ${id}\n`);
  process.stdout.write(`moto-suite --isolate: ${stillFailing.length} fail alone too\n`);
  code = stillFailing.length > 0 ? 1 : 0;
}
rmSync(work, { recursive: true, force: true });
process.exit(code);
