// README "Production set-up in five commands", run as written: operator init (text output), the server without
// --dev, three operators unsealing (shares piped in), the first IAM user and the first key with the aws CLI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { health, keyward, startInstallation } from '../support/operator.js';
import type { TestServer } from '../support/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'keyward-prod-'));
let server: TestServer | undefined;
after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function aws(url: string, creds: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ...creds, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  return new Promise((resolve) => {
    execFile('aws', ['--endpoint-url', url, '--region', 'us-east-1', '--output', 'json', ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? 1 : 0, stdout, stderr });
    });
  });
}

test('init, start, unseal (three shares), first user, first key', async () => {
  const init = await keyward(['operator', 'init', '--data-dir', dataDir, '--shares', '5', '--threshold', '3']);
  assert.equal(init.code, 0, init.stderr);
  const shares = [...init.stdout.matchAll(/^ {2}share \d: (\S+)$/gm)].map((m) => m[1]!);
  const creds = {
    AWS_ACCESS_KEY_ID: /AWS_ACCESS_KEY_ID=(\S+)/.exec(init.stdout)![1]!, AWS_SECRET_ACCESS_KEY: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(init.stdout)![1]!,
  };
  assert.equal(shares.length, 5);
  server = await startInstallation(dataDir);
  assert.match(server.output(), /sealed: unseal it with keyward operator unseal/);
  for (const [i, share] of shares.slice(1, 4).entries()) {
    const r = await keyward(['operator', 'unseal', '--endpoint', server.url], { input: share + '\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, i < 2 ? new RegExp(`progress: ${i + 1} of 3`) : /sealed: false/);
  }
  assert.equal((await health(server.url)).status, 200);
  const user = await aws(server.url, creds, ['iam', 'create-user', '--user-name', 'alice']);
  assert.equal(user.code, 0, user.stderr);
  assert.match((JSON.parse(user.stdout) as { User: { Arn: string } }).User.Arn, /^arn:aws:iam::\d{12}:user\/alice$/);
  const key = await aws(server.url, creds, ['kms', 'create-key', '--description', 'first']);
  assert.equal(key.code, 0, key.stderr);
  assert.equal((JSON.parse(key.stdout) as { KeyMetadata: { Description: string } }).KeyMetadata.Description, 'first');
});
