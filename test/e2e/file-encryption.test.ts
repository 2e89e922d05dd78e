// `keyward encrypt` / `keyward decrypt` against a real server, with the AWS Encryption SDK for JavaScript on the other
// side: Keyward → SDK and SDK → Keyward at the frame boundaries, several keys, discovery filters, required context,
// caching for many small files, and every failure (wrong context, wrong key, truncation, bit flips) leaving no output.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { AlgorithmSuiteIdentifier, buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { awsEnv, runCli, type CliResult } from '../support/cli.js';
import { useTestServer, type TestServer } from '../support/server.js';

const sdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const legacySdk = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
const dir = mkdtempSync(join(tmpdir(), 'keyward-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let server: TestServer;
let env: Record<string, string>;
let sdkKeyring: (keys: string[]) => KmsKeyringNode;
const arns: string[] = [];

useTestServer({}, async (s, kms) => {
  server = s;
  env = awsEnv(s);
  for (let i = 0; i < 3; i++) arns.push((await kms.send(new CreateKeyCommand({ Description: `files ${i}` }))).KeyMetadata!.Arn!);
  const clientProvider = getClient(KMS, { endpoint: s.url, credentials: s.credentials, maxAttempts: 1 });
  sdkKeyring = ([generatorKeyId, ...keyIds]) => new KmsKeyringNode({ generatorKeyId, keyIds, clientProvider });
});

const context = { department: 'finance', document: 'ledger-2024.xlsx' };
const contextArgs = Object.entries(context).flatMap(([k, v]) => ['--context', `${k}=${v}`]);
let n = 0;
const fresh = (name: string) => join(dir, `${n++}-${name}`);
const cli = (args: string[], stdin?: Buffer) => runCli(args, { env, ...(stdin ? { stdin } : {}) });

function ok(r: CliResult): CliResult {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  return r;
}

async function keywardEncrypt(plaintext: Buffer, keys = [arns[0]!], extra: string[] = []): Promise<Buffer> {
  const input = fresh('plain');
  writeFileSync(input, plaintext);
  const output = fresh('msg');
  ok(await cli(['encrypt', ...keys.flatMap((k) => ['--key', k]), ...contextArgs, '-i', input, '-o', output, ...extra]));
  return readFileSync(output);
}

/** Decrypts with the CLI into a fresh directory; returns the result and what the directory holds afterwards. */
async function keywardDecrypt(message: Buffer, args: string[]): Promise<{ r: CliResult; files: string[]; out: string }> {
  const sub = fresh('dec');
  mkdirSync(sub);
  const input = join(dir, `${n++}-in.encrypted`);
  writeFileSync(input, message);
  const out = join(sub, 'plain.out');
  const r = await cli(['decrypt', ...args, '-i', input, '-o', out]);
  return { r, files: readdirSync(sub), out };
}

const SIZES = [0, 1, 4095, 4096, 4097, 10_000_000];

for (const size of SIZES) {
  test(`${size} bytes: keyward encrypt → AWS Encryption SDK decrypt`, async () => {
    const plaintext = randomBytes(size);
    const message = await keywardEncrypt(plaintext);
    const out = await sdk.decrypt(sdkKeyring([arns[0]!]), message);
    assert.deepEqual(Buffer.from(out.plaintext), plaintext);
    assert.equal(out.messageHeader.suiteId, AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384);
    assert.equal(out.messageHeader.frameLength, 4096);
    for (const [k, v] of Object.entries(context)) assert.equal(out.messageHeader.encryptionContext[k], v);
  });

  test(`${size} bytes: AWS Encryption SDK encrypt → keyward decrypt`, async () => {
    const plaintext = randomBytes(size);
    const { result } = await sdk.encrypt(sdkKeyring([arns[0]!]), plaintext, { encryptionContext: context });
    const { r, files, out } = await keywardDecrypt(Buffer.from(result), ['--key', arns[0]!, ...contextArgs]);
    ok(r);
    assert.deepEqual(files, ['plain.out']);
    assert.deepEqual(readFileSync(out), plaintext);
  });
}

test('several keys: each one alone decrypts, with keyward and with the SDK', async () => {
  const plaintext = randomBytes(9000);
  const message = await keywardEncrypt(plaintext, [arns[0]!, arns[1]!]);
  for (const key of [arns[0]!, arns[1]!]) {
    const { r, out } = await keywardDecrypt(message, ['--key', key]);
    ok(r);
    assert.deepEqual(readFileSync(out), plaintext);
    const viaSdk = await sdk.decrypt(new KmsKeyringNode({ keyIds: [key], clientProvider: getClient(KMS, { endpoint: server.url, credentials: server.credentials }) }), message);
    assert.deepEqual(Buffer.from(viaSdk.plaintext), plaintext);
  }
});

test('an alias as the key, --json summary, and the endpoint given as --endpoint-url instead of the environment', async () => {
  const { CreateAliasCommand, KMSClient } = await import('@aws-sdk/client-kms');
  const kms = new KMSClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/files-backups', TargetKeyId: arns[2]! }));
  kms.destroy();
  const input = fresh('plain');
  writeFileSync(input, 'hello');
  const output = fresh('msg');
  const { AWS_ENDPOINT_URL_KMS: _, ...noEndpoint } = env;
  const r = ok(await runCli(['encrypt', '--key', 'alias/files-backups', '-i', input, '-o', output, '--json', '--endpoint-url', server.url], { env: noEndpoint }));
  const summary = JSON.parse(r.stdout.toString());
  assert.equal(summary.algorithmSuite, '0x0578');
  assert.equal(summary.messageFormatVersion, 2);
  assert.deepEqual(summary.encryptedDataKeys, [{ providerId: 'aws-kms', keyId: arns[2] }]);
  assert.ok(summary.encryptionContext['aws-crypto-public-key']);
});

test('discovery: any key ARN, or only the allowed account', async () => {
  const plaintext = randomBytes(100);
  const message = await keywardEncrypt(plaintext);
  ok((await keywardDecrypt(message, ['--discovery'])).r);
  const allowed = await keywardDecrypt(message, ['--discovery', '--discovery-account', '111122223333']);
  ok(allowed.r);
  assert.deepEqual(readFileSync(allowed.out), plaintext);
  const other = await keywardDecrypt(message, ['--discovery', '--discovery-account', '444455556666']);
  assert.equal(other.r.code, 1);
  assert.match(other.r.stderr, /No encrypted data key of the message is for a key this decrypt may use \(discovery in partition aws, accounts 444455556666\)/);
  assert.deepEqual(other.files, []);
});

test('wrong context: a required pair that differs or is missing fails, and no output file appears', async () => {
  const message = await keywardEncrypt(randomBytes(5000));
  const wrong = await keywardDecrypt(message, ['--key', arns[0]!, '--context', 'department=sales']);
  assert.equal(wrong.r.code, 1);
  assert.match(wrong.r.stderr, /encryption context has a different value for "department"/);
  assert.deepEqual(wrong.files, []);
  const missing = await keywardDecrypt(message, ['--key', arns[0]!, '--context', 'project']);
  assert.match(missing.r.stderr, /encryption context has no key "project"/);
  assert.deepEqual(missing.files, []);
});

test('wrong key: a key the message was not encrypted under is refused, and no output file appears', async () => {
  const message = await keywardEncrypt(randomBytes(5000));
  const { r, files } = await keywardDecrypt(message, ['--key', arns[2]!]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /No encrypted data key of the message is for a key this decrypt may use \(allowed keys: arn:aws:kms:/);
  assert.deepEqual(files, []);
});

test('truncated messages fail with a clear error at every cut, and leave no output file', async () => {
  const message = await keywardEncrypt(randomBytes(3 * 4096 + 100));
  for (const cut of [1, 40, 300, message.length - 4096, message.length - 110, message.length - 1]) {
    const { r, files } = await keywardDecrypt(message.subarray(0, cut), ['--key', arns[0]!]);
    assert.equal(r.code, 1, `cut at ${cut}`);
    assert.match(r.stderr, /truncated/, `cut at ${cut}: ${r.stderr}`);
    assert.deepEqual(files, [], `cut at ${cut}`);
  }
});

test('bit flips in the header, a frame, the final frame and the signature fail, and leave no output file', async () => {
  const message = await keywardEncrypt(randomBytes(3 * 4096 + 100));
  const expected: Array<[number, RegExp]> = [
    [10, /header failed authentication|Key commitment check failed|Unable to decrypt any data key/], // message id
    [message.length - 4096 * 2, /failed authentication/], // inside a regular frame
    [message.length - 150, /failed authentication/], // inside the final frame
    [message.length - 5, /signature is not valid/],
  ];
  for (const [at, error] of expected) {
    const flipped = Buffer.from(message);
    flipped[at]! ^= 0x04;
    const { r, files } = await keywardDecrypt(flipped, ['--key', arns[0]!]);
    assert.equal(r.code, 1, `flip at ${at}`);
    assert.match(r.stderr, error, `flip at ${at}: ${r.stderr}`);
    assert.deepEqual(files, [], `flip at ${at}`);
  }
});

test('trailing bytes after the message are refused', async () => {
  const message = await keywardEncrypt(randomBytes(10));
  const { r, files } = await keywardDecrypt(Buffer.concat([message, Buffer.from([0])]), ['--key', arns[0]!]);
  assert.match(r.stderr, /Unexpected bytes after the end of the message/);
  assert.deepEqual(files, []);
});

test('pipes: stdin → stdout encrypt; signed plaintext on stdout needs --buffer; the unsigned suite streams', async () => {
  const plaintext = randomBytes(20_000);
  const signed = ok(await cli(['encrypt', '--key', arns[0]!, '-i', '-', '-o', '-'], plaintext)).stdout;
  const refused = await cli(['decrypt', '--key', arns[0]!, '-i', '-', '-o', '-'], signed);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /The message is signed: .*pass --buffer/);
  assert.equal(refused.stdout.length, 0, 'nothing reaches stdout');
  assert.deepEqual(ok(await cli(['decrypt', '--key', arns[0]!, '--buffer', '-i', '-', '-o', '-'], signed)).stdout, plaintext);
  const unsigned = ok(await cli(['encrypt', '--key', arns[0]!, '--suite', '0x0478', '-i', '-', '-o', '-'], plaintext)).stdout;
  assert.deepEqual(ok(await cli(['decrypt', '--key', arns[0]!, '-i', '-', '-o', '-'], unsigned)).stdout, plaintext);
  const viaSdk = await sdk.decrypt(sdkKeyring([arns[0]!]), unsigned);
  assert.equal(viaSdk.messageHeader.suiteId, AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY);
});

test('--recursive with the data-key cache: many small files, one data key per --cache-max-messages files', async () => {
  const src = fresh('tree');
  mkdirSync(join(src, 'sub'), { recursive: true });
  const names = Array.from({ length: 12 }, (_, i) => (i % 2 ? `sub/f${i}.txt` : `f${i}.txt`));
  for (const name of names) writeFileSync(join(src, name), `file ${name} `.repeat(50));
  const sealed = fresh('sealed');
  ok(await cli(['encrypt', '--key', arns[0]!, '--recursive', '-i', src, '-o', sealed, '--cache-max-age', '60', '--cache-max-messages', '5']));
  const edks = new Set<string>();
  for (const name of names) {
    const message = readFileSync(join(sealed, `${name}.encrypted`));
    const out = await sdk.decrypt(sdkKeyring([arns[0]!]), message);
    assert.equal(Buffer.from(out.plaintext).toString(), `file ${name} `.repeat(50));
    edks.add(Buffer.from(out.messageHeader.encryptedDataKeys[0]!.encryptedDataKey).toString('base64'));
  }
  assert.equal(edks.size, 3, '12 files, at most 5 per data key: 3 data keys');
  const restored = fresh('restored');
  ok(await cli(['decrypt', '--discovery', '--recursive', '-i', sealed, '-o', restored, '--cache-max-age', '60']));
  for (const name of names) assert.equal(readFileSync(join(restored, name), 'utf8'), `file ${name} `.repeat(50));
});

test('--max-encrypted-data-keys bounds both encrypt and decrypt', async () => {
  const input = fresh('plain');
  writeFileSync(input, 'x');
  const r = await cli(['encrypt', '--key', arns[0]!, '--key', arns[1]!, '--max-encrypted-data-keys', '1', '-i', input, '-o', fresh('msg')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /2 encrypted data keys, more than the maximum of 1/);
  const message = await keywardEncrypt(Buffer.from('x'), [arns[0]!, arns[1]!]);
  const { r: d, files } = await keywardDecrypt(message, ['--key', arns[0]!, '--max-encrypted-data-keys', '1']);
  assert.match(d.stderr, /The message has 2 encrypted data keys, more than the maximum of 1/);
  assert.deepEqual(files, []);
});

test('version 1 messages: refused by default (no key commitment), read with require-encrypt-allow-decrypt', async () => {
  const plaintext = randomBytes(6000);
  const { result } = await legacySdk.encrypt(sdkKeyring([arns[0]!]), plaintext, { encryptionContext: context, suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384 });
  const refused = await keywardDecrypt(Buffer.from(result), ['--key', arns[0]!]);
  assert.match(refused.r.stderr, /does not commit to its key; commitment policy require-encrypt-require-decrypt refuses it/);
  assert.deepEqual(refused.files, []);
  const allowed = await keywardDecrypt(Buffer.from(result), ['--key', arns[0]!, '--commitment-policy', 'require-encrypt-allow-decrypt']);
  ok(allowed.r);
  assert.deepEqual(readFileSync(allowed.out), plaintext);
});

test('usage errors exit 2 with the usage text', async () => {
  const r = await cli(['encrypt', '-i', '-', '-o', '-']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /at least one --key is required[\s\S]*Usage: keyward encrypt/);
  const d = await cli(['decrypt', '--key', arns[0]!, '--discovery', '-i', '-', '-o', '-']);
  assert.equal(d.code, 2);
  assert.match(d.stderr, /--key and --discovery exclude each other/);
  const help = ok(await cli(['decrypt', '--help']));
  assert.match(help.stdout.toString(), /Examples:/);
});
