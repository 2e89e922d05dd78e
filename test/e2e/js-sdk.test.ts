// The user's story with the unmodified AWS SDK for JavaScript v3: create and find keys, page through them, encrypt and decrypt with encryption context, make data keys, re-encrypt and draw random bytes, and get AWS's exact errors for every mistake.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, KMSClient, ListKeysCommand, ReEncryptCommand,
  type CreateKeyCommandInput, type DecryptCommandOutput, type KeyMetadata,
} from '@aws-sdk/client-kms';
import { ARN_PREFIX, HEX64, rejects } from '../support/lifecycle-helpers.js';
import { signedKmsRequest } from '../support/raw-request.js';
import { TEST_ACCOUNT, TEST_REGION, useTestServer, type TestServer } from '../support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INCORRECT_KEY = 'The key ID in the request does not identify a CMK that can perform this operation.';

let server: TestServer;
let kms: KMSClient;

useTestServer({}, (s, k) => {
  server = s;
  kms = k;
});

/** InvalidCiphertextException as AWS sends it: HTTP 400 and no message at all (the JS SDK then says 'UnknownError'). */
async function invalidCiphertext(p: Promise<unknown>): Promise<void> {
  await rejects(p, 'InvalidCiphertextException', 'UnknownError');
}

async function createKey(input: CreateKeyCommandInput = {}): Promise<KeyMetadata> {
  const out = await kms.send(new CreateKeyCommand(input));
  assert.ok(out.KeyMetadata);
  return out.KeyMetadata;
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('utf8');

/** Parses the bracketed list at the end of an enum ValidationException. */
function enumSet(message: string): string[] {
  const m = /Member must satisfy enum value set: \[([^\]]*)\]$/.exec(message);
  assert.ok(m, `not an enum validation message: ${message}`);
  return m[1]!.split(', ');
}

describe('CreateKey', () => {
  test('no arguments: the full KeyMetadata of a symmetric customer key', async () => {
    const t0 = Date.now();
    const md = await createKey();
    const t1 = Date.now();
    assert.deepEqual(Object.keys(md).sort(), [
      'AWSAccountId', 'Arn', 'CreationDate', 'CurrentKeyMaterialId', 'CustomerMasterKeySpec', 'Description', 'Enabled',
      'EncryptionAlgorithms', 'KeyId', 'KeyManager', 'KeySpec', 'KeyState', 'KeyUsage', 'MultiRegion', 'Origin',
    ]);
    assert.match(md.KeyId!, UUID);
    assert.equal(md.Arn, ARN_PREFIX + md.KeyId);
    assert.equal(md.AWSAccountId, TEST_ACCOUNT);
    assert.ok(md.CreationDate instanceof Date);
    assert.ok(md.CreationDate.getTime() >= t0 - 2000 && md.CreationDate.getTime() <= t1 + 2000, 'CreationDate is now');
    assert.match(md.CurrentKeyMaterialId!, HEX64);
    assert.equal(md.CustomerMasterKeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(md.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(md.Description, '');
    assert.equal(md.Enabled, true);
    assert.deepEqual(md.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    assert.equal(md.KeyManager, 'CUSTOMER');
    assert.equal(md.KeyState, 'Enabled');
    assert.equal(md.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(md.MultiRegion, false);
    assert.equal(md.Origin, 'AWS_KMS');
    assert.equal(md.MultiRegionConfiguration, undefined);
  });

  test('Description is kept, and DescribeKey returns the same metadata', async () => {
    const md = await createKey({ Description: 'payments key — ünïcode ok' });
    assert.equal(md.Description, 'payments key — ünïcode ok');
    const described = await kms.send(new DescribeKeyCommand({ KeyId: md.KeyId }));
    assert.deepEqual(described.KeyMetadata, md);
  });

  test('the deprecated CustomerMasterKeySpec alone is accepted and copied into KeySpec', async () => {
    const md = await createKey({ CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' });
    assert.equal(md.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(md.CustomerMasterKeySpec, 'SYMMETRIC_DEFAULT');
  });

  test('KeySpec and CustomerMasterKeySpec together → ValidationException', async () => {
    await rejects(
      kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' })),
      'ValidationException',
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    );
  });

  test('a bad KeySpec → ValidationException with the enum message', async () => {
    const err = await rejects(
      kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_random' as never })),
      'ValidationException',
      /^1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[/,
    );
    const set = enumSet(err.message);
    for (const spec of ['RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'HMAC_384', 'RSA_3072',
      'ECC_SECG_P256K1', 'RSA_4096', 'SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_224', 'HMAC_512']) {
      assert.ok(set.includes(spec), `enum set lists ${spec}: ${err.message}`);
    }
  });

  test('MultiRegion=true: an mrk- id and a PRIMARY MultiRegionConfiguration', async () => {
    const md = await createKey({ MultiRegion: true });
    assert.match(md.KeyId!, /^mrk-[0-9a-f]{32}$/);
    assert.equal(md.Arn, ARN_PREFIX + md.KeyId);
    assert.equal(md.MultiRegion, true);
    assert.deepEqual(md.MultiRegionConfiguration, {
      MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: md.Arn, Region: TEST_REGION }, ReplicaKeys: [],
    });
    const described = await kms.send(new DescribeKeyCommand({ KeyId: md.KeyId }));
    assert.deepEqual(described.KeyMetadata, md);
  });

  test('valid Tags are accepted', async () => {
    const md = await createKey({ Tags: [{ TagKey: 'team', TagValue: 'payments' }, { TagKey: 'empty', TagValue: '' }] });
    assert.equal(md.KeyState, 'Enabled');
  });

  test('Tags errors: duplicate keys, reserved aws: prefix (any case), more than 50', async () => {
    await rejects(kms.send(new CreateKeyCommand({
      Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }],
    })), 'TagException', 'Duplicate tag keys');
    await rejects(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] })),
      'TagException', 'Tags beginning with aws: are reserved');
    await rejects(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'AWS:Owner', TagValue: 'x' }] })),
      'TagException', 'Tags beginning with aws: are reserved');
    const many = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: `v${i}` }));
    await rejects(kms.send(new CreateKeyCommand({ Tags: many })), 'TagException', 'Too many tags');
    await createKey({ Tags: many.slice(0, 50) }); // exactly 50 is fine
  });
});

describe('DescribeKey', () => {
  let md: KeyMetadata;
  before(async () => {
    md = await createKey({ Description: 'describe me' });
  });

  test('by key id and by key ARN', async () => {
    const byId = await kms.send(new DescribeKeyCommand({ KeyId: md.KeyId }));
    const byArn = await kms.send(new DescribeKeyCommand({ KeyId: md.Arn }));
    assert.deepEqual(byId.KeyMetadata, md);
    assert.deepEqual(byArn.KeyMetadata, md);
  });

  test('an unknown well-formed id → NotFoundException naming the ARN', async () => {
    const id = '0b6a1d2e-3c4f-4a5b-8c6d-7e8f9a0b1c2d';
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: id })), 'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/${id}' does not exist`);
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: ARN_PREFIX + id })), 'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/${id}' does not exist`);
  });

  test('a malformed id → NotFoundException Invalid keyId', async () => {
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-uuid' })), 'NotFoundException', "Invalid keyId 'not-a-uuid'");
  });

  test('an unknown alias → NotFoundException naming the alias ARN', async () => {
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })), 'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.');
  });

  test("another Region's key ARN → NotFoundException Invalid arn <region>", async () => {
    await rejects(kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/${md.KeyId}` })),
      'NotFoundException', 'Invalid arn eu-west-1');
  });
});

describe('ListKeys', () => {
  test('pages of Limit 2 until Truncated is false; every key seen exactly once', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 5; i++) created.add((await createKey({ Description: `list ${i}` })).KeyId!);
    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; ; page++) {
      assert.ok(page < 100, 'pagination terminates');
      const out = await kms.send(new ListKeysCommand({ Limit: 2, ...(marker ? { Marker: marker } : {}) }));
      assert.ok(out.Keys);
      assert.ok(out.Keys.length <= 2, 'no more than Limit entries');
      for (const k of out.Keys) {
        assert.deepEqual(Object.keys(k).sort(), ['KeyArn', 'KeyId']);
        assert.equal(k.KeyArn, ARN_PREFIX + k.KeyId);
        seen.push(k.KeyId!);
      }
      assert.equal(typeof out.Truncated, 'boolean', 'Truncated is always present');
      if (!out.Truncated) {
        assert.equal(out.NextMarker, undefined, 'no NextMarker on the last page');
        break;
      }
      assert.equal(typeof out.NextMarker, 'string');
      assert.ok(out.Keys.length > 0, 'a truncated page is not empty');
      marker = out.NextMarker;
    }
    assert.equal(new Set(seen).size, seen.length, 'no key appears twice');
    for (const id of created) assert.ok(seen.includes(id), `key ${id} listed`);
    const all = await kms.send(new ListKeysCommand({}));
    assert.equal(all.Truncated, false);
    assert.deepEqual(all.Keys!.map((k) => k.KeyId).sort(), [...seen].sort(), 'the pages add up to the full list');
  });

  test('a Marker that was never a NextMarker → InvalidMarkerException', async () => {
    const err = await rejects(kms.send(new ListKeysCommand({ Marker: 'bogus-marker' })), 'InvalidMarkerException');
    assert.ok(err.message.length > 0);
  });

  test('Limit 0 and 1001 → ValidationException', async () => {
    await rejects(kms.send(new ListKeysCommand({ Limit: 0 })), 'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    await rejects(kms.send(new ListKeysCommand({ Limit: 1001 })), 'ValidationException',
      "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000");
  });
});

describe('Encrypt and Decrypt', () => {
  let key: KeyMetadata;
  let other: KeyMetadata;
  const ec = { tenant: 'acme', purpose: 'invoice' };
  before(async () => {
    key = await createKey();
    other = await createKey();
  });

  test('without context, by id and by ARN: KeyId is the ARN; Decrypt needs no KeyId', async () => {
    for (const keyId of [key.KeyId!, key.Arn!]) {
      const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('hello keyward') }));
      assert.equal(enc.KeyId, key.Arn);
      assert.equal(enc.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
      assert.ok(enc.CiphertextBlob && enc.CiphertextBlob.length > 13);
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
      assert.equal(text(dec.Plaintext), 'hello keyward');
      assert.equal(dec.KeyId, key.Arn);
      assert.equal(dec.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
      assert.equal(dec.KeyMaterialId, key.CurrentKeyMaterialId);
      for (const decKeyId of [key.KeyId!, key.Arn!]) {
        const again: DecryptCommandOutput = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: decKeyId }));
        assert.equal(text(again.Plaintext), 'hello keyward');
        assert.equal(again.KeyId, key.Arn);
      }
    }
  });

  test('by alias name and alias ARN: Encrypt, GenerateDataKey, Decrypt and DescribeKey answer with the key ARN', async () => {
    const alias = `alias/js-sdk-${Date.now()}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyId }));
    const aliasArn = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:${alias}`;
    for (const keyId of [alias, aliasArn]) {
      const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('via alias') }));
      assert.equal(enc.KeyId, key.Arn, keyId);
      const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
      assert.equal(dk.KeyId, key.Arn, keyId);
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: keyId }));
      assert.equal(dec.KeyId, key.Arn, keyId);
      assert.equal(text(dec.Plaintext), 'via alias');
      const described = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      assert.deepEqual(described.KeyMetadata, key);
    }
  });

  test('two encryptions of the same plaintext differ', async () => {
    const a = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('same') }));
    const b = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('same') }));
    assert.notDeepEqual(Buffer.from(a.CiphertextBlob!), Buffer.from(b.CiphertextBlob!));
  });

  test('with an encryption context: the same context (any order) decrypts', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('with context'), EncryptionContext: ec }));
    const dec = await kms.send(new DecryptCommand({
      CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'invoice', tenant: 'acme' },
    }));
    assert.equal(text(dec.Plaintext), 'with context');
    assert.equal(dec.KeyId, key.Arn);
  });

  test('context missing, extra, different or case-changed → InvalidCiphertextException without a message', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('bound'), EncryptionContext: ec }));
    const blob = enc.CiphertextBlob;
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: {} })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenant: 'acme' } })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { ...ec, extra: 'x' } })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { ...ec, tenant: 'other' } })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { ...ec, tenant: 'ACME' } })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { Tenant: 'acme', purpose: 'invoice' } })));
    // and a blob made without context does not decrypt with one
    const plain = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('unbound') }));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: plain.CiphertextBlob, EncryptionContext: ec })));
  });

  test('an empty context is the same as none', async () => {
    const a = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('no context') }));
    const decA = await kms.send(new DecryptCommand({ CiphertextBlob: a.CiphertextBlob, EncryptionContext: {} }));
    assert.equal(text(decA.Plaintext), 'no context');
    const b = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('empty context'), EncryptionContext: {} }));
    const decB = await kms.send(new DecryptCommand({ CiphertextBlob: b.CiphertextBlob }));
    assert.equal(text(decB.Plaintext), 'empty context');
  });

  test('on the wire, InvalidCiphertextException has no message member at all', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('wire'), EncryptionContext: ec }));
    const res = await signedKmsRequest(server.url, {
      ...server.credentials, target: 'TrentService.Decrypt',
      body: JSON.stringify({ CiphertextBlob: Buffer.from(enc.CiphertextBlob!).toString('base64') }),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { __type: 'InvalidCiphertextException' });
  });

  test('a tampered or truncated blob → InvalidCiphertextException without a message', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('do not touch') }));
    const blob = Buffer.from(enc.CiphertextBlob!);
    for (const at of [0, 5, Math.floor(blob.length / 2), blob.length - 1]) {
      const t = Buffer.from(blob);
      t[at] = t[at]! ^ 0x01;
      await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: t })));
    }
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob.subarray(0, blob.length - 1) })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: blob.subarray(0, 10) })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from([1]) })));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.concat([blob, Buffer.from([0])]) })));
  });

  test('Decrypt naming a different key → IncorrectKeyException', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('mine') }));
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: other.KeyId })),
      'IncorrectKeyException', INCORRECT_KEY);
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: other.Arn })),
      'IncorrectKeyException', INCORRECT_KEY);
  });

  test('plaintext sizes: empty and 4097 bytes refused, 4096 bytes round-trips', async () => {
    await rejects(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: new Uint8Array(0) })), 'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1");
    await rejects(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: new Uint8Array(4097) })), 'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
    const big = new Uint8Array(4096).map((_, i) => i % 251);
    const enc = await kms.send(new EncryptCommand({ KeyId: key.Arn, Plaintext: big }));
    assert.ok(enc.CiphertextBlob!.length <= 6144, 'ciphertext within the 6144-byte blob limit');
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(big));
  });

  test('Encrypt to an unknown key → NotFoundException', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    await rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: bytes('x') })), 'NotFoundException',
      `Key '${ARN_PREFIX}${id}' does not exist`);
  });

  test('DryRun on Encrypt → DryRunOperationException', async () => {
    await rejects(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('dry'), DryRun: true })),
      'DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  });

  test('DryRun: real errors take precedence over DryRunOperationException', async () => {
    const id = '22222222-3333-4444-8555-666666666666';
    await rejects(kms.send(new EncryptCommand({ KeyId: id, Plaintext: bytes('dry'), DryRun: true })), 'NotFoundException',
      `Key '${ARN_PREFIX}${id}' does not exist`);
    await rejects(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: new Uint8Array(4097), DryRun: true })),
      'ValidationException');
    const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('dry'), EncryptionContext: ec }));
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, DryRun: true })));
    await rejects(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec, DryRun: true })),
      'DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  });
});

describe('GenerateDataKey and GenerateDataKeyWithoutPlaintext', () => {
  let key: KeyMetadata;
  const ec = { bucket: 'reports', object: '2024/q1.csv' };
  before(async () => {
    key = await createKey();
  });

  test('sizes: AES_256 → 32, AES_128 → 16, NumberOfBytes 1 and 1024', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ KeySpec: 'AES_256' }, 32], [{ KeySpec: 'AES_128' }, 16], [{ NumberOfBytes: 1 }, 1], [{ NumberOfBytes: 1024 }, 1024],
    ];
    for (const [size, expected] of cases) {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, ...size }));
      assert.equal(out.Plaintext?.length, expected, JSON.stringify(size));
      assert.equal(out.KeyId, key.Arn);
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
      assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(out.Plaintext!));
    }
  });

  test('the blob decrypts (with its context) to the plaintext; KeyMaterialId is 64 hex', async () => {
    const out = await kms.send(new GenerateDataKeyCommand({ KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: ec }));
    assert.equal(out.KeyId, key.Arn);
    assert.match(out.KeyMaterialId!, HEX64);
    assert.equal(out.KeyMaterialId, key.CurrentKeyMaterialId);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: ec }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(out.Plaintext!));
    assert.equal(dec.KeyId, key.Arn);
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })));
  });

  test('neither, both, NumberOfBytes 2048, KeySpec AES_257 → ValidationException', async () => {
    await rejects(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId })), 'ValidationException');
    await rejects(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 })),
      'ValidationException');
    await rejects(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 2048 })), 'ValidationException',
      "1 validation error detected: Value '2048' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
    const err = await rejects(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_257' as never })),
      'ValidationException',
      /^1 validation error detected: Value 'AES_257' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[/);
    assert.deepEqual(enumSet(err.message).sort(), ['AES_128', 'AES_256']);
  });

  test('WithoutPlaintext: no Plaintext member, and the blob decrypts to a key of the asked size', async () => {
    const out = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, KeySpec: 'AES_128', EncryptionContext: ec }));
    assert.equal('Plaintext' in out, false);
    assert.equal(out.KeyId, key.Arn);
    assert.match(out.KeyMaterialId!, HEX64);
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: ec }));
    assert.equal(dec.Plaintext?.length, 16);
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })));
  });
});

describe('ReEncrypt', () => {
  let src: KeyMetadata;
  let dst: KeyMetadata;
  const srcEc = { stage: 'source' };
  const dstEc = { stage: 'destination', extra: 'yes' };
  before(async () => {
    src = await createKey();
    dst = await createKey();
  });

  test('moves a ciphertext to another key and context; both blobs decrypt', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: src.KeyId, Plaintext: bytes('moving house'), EncryptionContext: srcEc }));
    const re = await kms.send(new ReEncryptCommand({
      CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: srcEc,
      DestinationKeyId: dst.KeyId, DestinationEncryptionContext: dstEc,
    }));
    assert.equal(re.SourceKeyId, src.Arn);
    assert.equal(re.KeyId, dst.Arn);
    assert.equal(re.SourceEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.equal(re.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const decNew = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: dstEc }));
    assert.equal(text(decNew.Plaintext), 'moving house');
    assert.equal(decNew.KeyId, dst.Arn);
    await invalidCiphertext(kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: srcEc })));
    const decOld = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: srcEc }));
    assert.equal(text(decOld.Plaintext), 'moving house');
    assert.equal(decOld.KeyId, src.Arn);
  });

  test('with SourceKeyId by ARN it works; a wrong SourceKeyId → IncorrectKeyException', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: src.KeyId, Plaintext: bytes('x') }));
    const ok = await kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceKeyId: src.Arn, DestinationKeyId: dst.Arn }));
    assert.equal(ok.SourceKeyId, src.Arn);
    assert.equal(ok.KeyId, dst.Arn);
    await rejects(kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceKeyId: dst.KeyId, DestinationKeyId: dst.KeyId })),
      'IncorrectKeyException', INCORRECT_KEY);
  });

  test('an unknown destination → NotFoundException', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: src.KeyId, Plaintext: bytes('x') }));
    const id = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    await rejects(kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: id })),
      'NotFoundException', `Key '${ARN_PREFIX}${id}' does not exist`);
  });

  test('a wrong source context → InvalidCiphertextException', async () => {
    const enc = await kms.send(new EncryptCommand({ KeyId: src.KeyId, Plaintext: bytes('x'), EncryptionContext: srcEc }));
    await invalidCiphertext(kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: dst.KeyId })));
  });
});

describe('GenerateRandom', () => {
  test('exact lengths 1, 12, 44, 91, 1024', async () => {
    for (const n of [1, 12, 44, 91, 1024]) {
      const out = await kms.send(new GenerateRandomCommand({ NumberOfBytes: n }));
      assert.equal(out.Plaintext?.length, n);
    }
    const a = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    const b = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    assert.notDeepEqual(Buffer.from(a.Plaintext!), Buffer.from(b.Plaintext!));
  });

  test('0, 1025 and missing → ValidationException', async () => {
    await rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 0 })), 'ValidationException',
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1");
    await rejects(kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })), 'ValidationException',
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
    await rejects(kms.send(new GenerateRandomCommand({})), 'ValidationException', 'NumberOfBytes is required.');
  });
});
