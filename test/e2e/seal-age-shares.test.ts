// Unseal shares encrypted to their operators with age (issue 11 §1, optional): init writes each share only as an age
// file for one recipient; the operators decrypt theirs and unseal; a recipient list that does not fit is refused before
// anything is initialised.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { health, keyward, startInstallation } from '../support/operator.js';
import type { TestServer } from '../support/server.js';

const root = mkdtempSync(join(tmpdir(), 'keyward-age-'));
let server: TestServer | undefined;
after(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

function identity(name: string): { file: string; recipient: string } {
  const file = join(root, `${name}.key`);
  execFileSync('age-keygen', ['-o', file], { stdio: 'ignore' });
  return { file, recipient: execFileSync('age-keygen', ['-y', file], { encoding: 'utf8' }).trim() };
}

test('init encrypts each share to its operator; decrypted shares unseal; a wrong recipient list initialises nothing', async () => {
  const ops = ['ana', 'ben', 'cai'].map(identity);
  const data = join(root, 'data');
  const shareDir = join(root, 'shares');
  const short = await keyward(['operator', 'init', '--data-dir', data, '--shares', '3', '--threshold', '2', '--age-recipient', ops[0]!.recipient]);
  assert.equal(short.code, 2);
  assert.match(short.stderr, /one --age-recipient per share: 3 shares, 1 recipients/);
  const bad = await keyward(['operator', 'init', '--data-dir', data, '--shares', '2', '--threshold', '2', '--age-recipient', ops[0]!.recipient, 'age1notarecipient']);
  assert.equal(bad.code, 2);
  const init = await keyward(['operator', 'init', '--data-dir', data, '--shares', '3', '--threshold', '2', '--share-dir', shareDir,
    '--age-recipient', ...ops.map((o) => o.recipient)]);
  assert.equal(init.code, 0, init.stderr);
  const shares = ops.map((o, i) => {
    const armored = readFileSync(join(shareDir, `share-${i + 1}.age`), 'utf8');
    assert.match(armored, /^-----BEGIN AGE ENCRYPTED FILE-----/);
    return execFileSync('age', ['-d', '-i', o.file, join(shareDir, `share-${i + 1}.age`)], { encoding: 'utf8' }).trim();
  });
  assert.ok(!existsSync(join(shareDir, 'share-1')), 'no share in clear');
  for (const s of shares) assert.ok(!init.stdout.includes(s) && !readFileSync(join(shareDir, 'share-2.age'), 'utf8').includes(s));
  assert.throws(() => execFileSync('age', ['-d', '-i', ops[1]!.file, join(shareDir, 'share-1.age')], { stdio: 'pipe' }), 'only its operator opens a share');
  server = await startInstallation(data);
  for (const s of [shares[0]!, shares[2]!]) assert.equal((await keyward(['operator', 'unseal', '--endpoint', server.url], { input: s + '\n' })).code, 0);
  assert.equal((await health(server.url)).status, 200);
});
