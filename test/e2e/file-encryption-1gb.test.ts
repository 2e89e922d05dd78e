// A streamed 1 GiB round trip each way between `keyward encrypt`/`decrypt` and the AWS Encryption SDK for JavaScript's
// streaming API (issue 16): the plaintext is generated on the fly (AES-CTR keystream), piped into keyward's stdin and
// compared by SHA-256, so neither side ever holds it whole.
import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, test } from 'node:test';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { awsEnv } from '../support/cli.js';
import { cliEntry } from '../support/paths.js';
import { useTestServer } from '../support/server.js';

const GIB = 1024 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const sdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const dir = mkdtempSync(join(tmpdir(), 'keyward-1gb-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let env: Record<string, string>;
let arn: string;
let keyring: KmsKeyringNode;
useTestServer({}, async (s, kms) => {
  env = { ...(process.env as Record<string, string>), ...awsEnv(s) };
  arn = (await kms.send(new CreateKeyCommand({ Description: '1 GiB' }))).KeyMetadata!.Arn!;
  keyring = new KmsKeyringNode({ generatorKeyId: arn, clientProvider: getClient(KMS, { endpoint: s.url, credentials: s.credentials, maxAttempts: 1 }) });
});

/** `size` pseudo-random bytes, made as they are read; `digest()` is their SHA-256 once read. */
function generated(size: number): { stream: Readable; digest: () => string } {
  const ctr = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  const zeros = Buffer.alloc(CHUNK);
  const hash = createHash('sha256');
  let left = size;
  const stream = new Readable({
    read() {
      if (left === 0) return void this.push(null);
      const chunk = ctr.update(left >= CHUNK ? zeros : zeros.subarray(0, left));
      left -= chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

/** A pass-through that hashes what flows through it. */
function hashing(): { t: Transform; digest: () => string } {
  const hash = createHash('sha256');
  return { t: new Transform({ transform(chunk: Buffer, _e, done) { hash.update(chunk); done(null, chunk); } }), digest: () => hash.digest('hex') };
}

/** Runs keyward with `stdin` piped in; resolves once it exited 0. */
async function keyward(args: string[], stdin?: Readable): Promise<void> {
  const child = spawn(process.execPath, [cliEntry, ...args], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  if (stdin) await pipeline(stdin, child.stdin);
  else child.stdin.end();
  assert.equal(await exited, 0, stderr);
}

test('1 GiB streamed: keyward encrypt (from stdin) → AWS Encryption SDK decryptStream', { timeout: 600_000 }, async () => {
  const plain = generated(GIB);
  const message = join(dir, 'k.msg');
  await keyward(['encrypt', '--key', arn, '--context', 'size=1GiB', '-i', '-', '-o', message], plain.stream);
  assert.ok(statSync(message).size > GIB);
  const out = hashing();
  await pipeline(createReadStream(message), sdk.decryptStream(keyring), out.t, createWriteStream('/dev/null'));
  assert.equal(out.digest(), plain.digest());
  rmSync(message);
});

test('1 GiB streamed: AWS Encryption SDK encryptStream → keyward decrypt', { timeout: 600_000 }, async () => {
  const plain = generated(GIB);
  const message = join(dir, 's.msg');
  await pipeline(plain.stream, sdk.encryptStream(keyring, { encryptionContext: { size: '1GiB' } }), createWriteStream(message));
  const output = join(dir, 's.out');
  await keyward(['decrypt', '--key', arn, '--context', 'size=1GiB', '-i', message, '-o', output]);
  const out = hashing();
  await pipeline(createReadStream(output), out.t, createWriteStream('/dev/null'));
  assert.equal(out.digest(), plain.digest());
  assert.equal(statSync(output).size, GIB);
});
