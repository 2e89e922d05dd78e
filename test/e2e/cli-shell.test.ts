// The keyward CLI in a shell: completion scripts generated from the program (bash run for real), progress bars on a
// terminal (a pseudo-terminal from util-linux `script`) and never with --quiet, --json or into a pipe (docs/cli.md).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { cliEntry } from '../support/paths.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let dir: string;
let keyArn: string;

before(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'keyward-cli-shell-'));
  const kms = new KMSClient({ endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
  keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  kms.destroy();
  writeFileSync(join(dir, 'big.bin'), randomBytes(24 * 1024 * 1024));
});

after(async () => {
  await server?.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  ...process.env, AWS_ENDPOINT_URL_KMS: server.url, AWS_REGION: server.region, AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs keyward with stdout and stderr on a pseudo-terminal; returns everything the terminal showed. */
function onTerminal(args: string[]): { status: number | null; screen: string } {
  const command = [process.execPath, cliEntry, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], { env: env(), encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, screen: r.stdout };
}

function piped(args: string[]) {
  return spawnSync(process.execPath, [cliEntry, ...args], { env: env(), encoding: 'utf8', timeout: 120_000 });
}

/** What bash's completion offers for the words typed so far (the last one is the word being completed). */
function complete(words: string[]): string[] {
  const script = `eval "$(${quote(process.execPath)} ${quote(cliEntry)} completion bash)"
COMP_WORDS=(${words.map(quote).join(' ')}); COMP_CWORD=${words.length - 1}; _keyward; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('bash completion: commands, subcommands and each command\'s options, from the program itself', () => {
  assert.deepEqual(complete(['keyward', 'op']), ['operator']);
  assert.deepEqual(complete(['keyward', 'operator', 'ro']), ['rotate-barrier']);
  assert.ok(complete(['keyward', 'operator', '']).includes('unseal'));
  assert.deepEqual(complete(['keyward', 'encrypt', '--ke']), ['--key']);
  assert.deepEqual(complete(['keyward', 'decrypt', '--disc']), ['--discovery', '--discovery-account', '--discovery-partition']);
  assert.deepEqual(complete(['keyward', 'key', 'show', '--js']), ['--json']);
  assert.deepEqual(complete(['keyward', '--qu']), ['--quiet']);
  assert.deepEqual(complete(['keyward', 'encrypt', '-i', 'some-fi']), [], 'file names are left to bash (complete -o default)');
});

test('zsh and fish scripts are generated; an unknown shell is a usage error (exit 2)', () => {
  const zsh = piped(['completion', 'zsh']);
  assert.equal(zsh.status, 0);
  assert.match(zsh.stdout, /^autoload -U \+X bashcompinit && bashcompinit\n/);
  const fish = piped(['completion', 'fish']);
  assert.equal(fish.status, 0);
  assert.match(fish.stdout, /complete -c keyward -n '__fish_seen_subcommand_from operator' -a 'init unseal seal status rekey rotate-barrier backup restore'/);
  assert.match(fish.stdout, /-n '__fish_seen_subcommand_from encrypt' -l key\n/);
  const bad = piped(['completion', 'tcsh']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown shell "tcsh"/);
});

test('encrypt and decrypt show a progress bar on a terminal, reaching 100%, and the files round-trip', () => {
  const enc = onTerminal(['encrypt', '--key', keyArn, '-i', join(dir, 'big.bin'), '-o', join(dir, 'big.enc')]);
  assert.equal(enc.status, 0, enc.screen);
  assert.match(enc.screen, /big\.bin \[[█░]+\] 100% 25\.2 MB of 25\.2 MB [\d.]+ [KMG]B\/s/);
  const dec = onTerminal(['decrypt', '--key', keyArn, '-i', join(dir, 'big.enc'), '-o', join(dir, 'big.out')]);
  assert.equal(dec.status, 0, dec.screen);
  assert.match(dec.screen, /big\.enc \[[█░]+\] 100%/);
  assert.ok(readFileSync(join(dir, 'big.out')).equals(readFileSync(join(dir, 'big.bin'))));
});

test('no progress bar with --quiet (either place), with --json, or when stderr is a pipe', () => {
  for (const args of [
    ['encrypt', '--quiet', '--key', keyArn, '-i', join(dir, 'big.bin'), '-o', join(dir, 'q1.enc')],
    ['--quiet', 'encrypt', '--key', keyArn, '-i', join(dir, 'big.bin'), '-o', join(dir, 'q2.enc')],
    ['decrypt', '-q', '--key', keyArn, '-i', join(dir, 'big.enc'), '-o', join(dir, 'q3.out')],
  ]) {
    const r = onTerminal(args);
    assert.equal(r.status, 0, r.screen);
    assert.equal(r.screen, '', `nothing on the terminal for ${args.join(' ')}`);
  }
  const json = onTerminal(['encrypt', '--json', '--key', keyArn, '-i', join(dir, 'big.bin'), '-o', join(dir, 'j.enc')]);
  assert.equal(json.status, 0, json.screen);
  assert.doesNotMatch(json.screen, /%/);
  assert.equal(JSON.parse(json.screen.trim()).encryptedDataKeys[0].keyId, keyArn);
  const pipe = piped(['encrypt', '--key', keyArn, '-i', join(dir, 'big.bin'), '-o', join(dir, 'p.enc')]);
  assert.equal(pipe.status, 0, pipe.stderr);
  assert.equal(pipe.stderr, '');
});
