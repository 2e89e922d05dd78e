// The AWS Encryption SDK for JavaScript (KMS keyring, committing suite) encrypts and decrypts messages through Keyward exactly as it would through AWS KMS, with one key or with a generator plus an extra key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { useTestServer, type TestServer } from '../support/server.js';

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

let server: TestServer;
let kms: KMSClient;
let clientProvider: ReturnType<typeof getClient>;
const arns: string[] = [];

useTestServer({}, async (s, k) => {
  server = s;
  kms = k;
  for (let i = 0; i < 3; i++) {
    const out = await kms.send(new CreateKeyCommand({ Description: `esdk ${i}` }));
    arns.push(out.KeyMetadata!.Arn!);
  }
  clientProvider = getClient(KMS, { endpoint: server.url, credentials: server.credentials, maxAttempts: 1 });
});

const context = { department: 'finance', document: 'ledger-2024.xlsx' };

function assertContextKept(got: Record<string, string>): void {
  for (const [k, v] of Object.entries(context)) assert.equal(got[k], v, `context ${k} survives the round trip`);
  assert.ok('aws-crypto-public-key' in got, 'the committing signed suite adds its public key to the context');
}

test('one key: encrypt a few KB with an encryption context, decrypt, get the plaintext and context back', async () => {
  const keyring = new KmsKeyringNode({ generatorKeyId: arns[0]!, clientProvider });
  const plaintext = randomBytes(5000);
  const { result, messageHeader } = await encrypt(keyring, plaintext, { encryptionContext: context });
  assert.ok(result.length > plaintext.length);
  assert.equal(messageHeader.encryptedDataKeys.length, 1);
  assert.equal(messageHeader.encryptedDataKeys[0]!.providerId, 'aws-kms');
  assert.equal(messageHeader.encryptedDataKeys[0]!.providerInfo, arns[0], 'the EDK names the key ARN returned by GenerateDataKey');

  const out = await decrypt(keyring, result);
  assert.deepEqual(Buffer.from(out.plaintext), plaintext);
  assertContextKept(out.messageHeader.encryptionContext);
});

test('generator plus a second key: a keyring holding only the second key decrypts', async () => {
  const both = new KmsKeyringNode({ generatorKeyId: arns[0]!, keyIds: [arns[1]!], clientProvider });
  const plaintext = Buffer.from('two keys, either one opens the message. '.repeat(100));
  const { result, messageHeader } = await encrypt(both, plaintext, { encryptionContext: context });
  assert.deepEqual(messageHeader.encryptedDataKeys.map((k) => k.providerInfo), [arns[0], arns[1]]);

  const secondOnly = new KmsKeyringNode({ keyIds: [arns[1]!], clientProvider });
  const out = await decrypt(secondOnly, result);
  assert.deepEqual(Buffer.from(out.plaintext), plaintext);
  assertContextKept(out.messageHeader.encryptionContext);

  const firstOnly = new KmsKeyringNode({ generatorKeyId: arns[0]!, clientProvider });
  const out1 = await decrypt(firstOnly, result);
  assert.deepEqual(Buffer.from(out1.plaintext), plaintext);
});

test('an alias as generator (region given in the client config) encrypts; the ARN keyring decrypts', async () => {
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/esdk-generator', TargetKeyId: arns[0]! }));
  const withRegion = getClient(KMS, { endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
  const byAlias = new KmsKeyringNode({ generatorKeyId: 'alias/esdk-generator', clientProvider: withRegion });
  const plaintext = randomBytes(3000);
  const { result, messageHeader } = await encrypt(byAlias, plaintext, { encryptionContext: context });
  assert.equal(messageHeader.encryptedDataKeys[0]!.providerInfo, arns[0], 'GenerateDataKey by alias answers with the key ARN');
  const out = await decrypt(new KmsKeyringNode({ generatorKeyId: arns[0]!, clientProvider }), result);
  assert.deepEqual(Buffer.from(out.plaintext), plaintext);
});

test('a discovery keyring decrypts whatever the server can open', async () => {
  const keyring = new KmsKeyringNode({ generatorKeyId: arns[2]!, clientProvider });
  const plaintext = randomBytes(1024);
  const { result } = await encrypt(keyring, plaintext, { encryptionContext: context });
  const discovery = new KmsKeyringNode({ discovery: true, clientProvider });
  const out = await decrypt(discovery, result);
  assert.deepEqual(Buffer.from(out.plaintext), plaintext);
});

test('a keyring with an unrelated key cannot decrypt', async () => {
  const keyring = new KmsKeyringNode({ generatorKeyId: arns[0]!, clientProvider });
  const { result } = await encrypt(keyring, Buffer.from('secret'), { encryptionContext: context });
  const stranger = new KmsKeyringNode({ keyIds: [arns[2]!], clientProvider });
  // No keyring entry is for arns[2], so no data key is ever decrypted (and KMS is not the one that failed).
  await assert.rejects(decrypt(stranger, result), /unencryptedDataKey has not been set/);
});

test('a tampered message fails to decrypt', async () => {
  const keyring = new KmsKeyringNode({ generatorKeyId: arns[0]!, clientProvider });
  const { result } = await encrypt(keyring, randomBytes(2048), { encryptionContext: context });
  const tampered = Buffer.from(result);
  tampered[tampered.length - 200] = tampered[tampered.length - 200]! ^ 0x01;
  // The flipped bit is in the body: AES-GCM authentication refuses it.
  await assert.rejects(decrypt(keyring, tampered), /unable to authenticate data/);
});
