// The discovery scan's detectors, table-driven: which bytes are a Keyward blob header (docs/ciphertext-format.md), which
// base64 runs are blobs (alphabet, padding, run boundaries), which ESDK messages name Keyward keys, and that rewrap
// writes base64 back in the style it found.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { encryptStream } from '../../src/encryption-sdk/encrypt.js';
import type { Keyring } from '../../src/encryption-sdk/keyring.js';
import { readBlobHeader } from '../../src/scan/blob-header.js';
import { encodeLike, findBase64Blobs } from '../../src/scan/base64-runs.js';
import { esdkMatches } from '../../src/scan/esdk-message.js';
import type { Match } from '../../src/scan/match.js';

const KEY_ID = '0b7a3f1e-9c2d-4e5f-8a6b-7c8d9e0f1a2b';
const ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;

function blob(o: { format?: number; kind?: number; id?: string; version?: number; length?: number } = {}): Buffer {
  const b = randomBytes(o.length ?? 82);
  b[0] = o.format ?? 1;
  b[1] = o.kind ?? 0;
  b.write((o.id ?? KEY_ID).replace(/^mrk-|-/g, '').replaceAll('-', ''), 2, 16, 'hex');
  b.writeUInt32BE(o.version ?? 1, 18);
  return b;
}

test('blob headers: the rules of docs/ciphertext-format.md plus the shape of ids Keyward makes', () => {
  const cases: [string, Buffer, { keyId: string; keyVersion: number } | null][] = [
    ['a UUID v4 key id, version 1', blob(), { keyId: KEY_ID, keyVersion: 1 }],
    ['a multi-Region key id', blob({ kind: 1, id: 'mrk-1234abcd12ab34cd56ef1234567890ab', version: 7 }), { keyId: 'mrk-1234abcd12ab34cd56ef1234567890ab', keyVersion: 7 }],
    ['the smallest blob (empty plaintext)', blob({ length: 50 }), { keyId: KEY_ID, keyVersion: 1 }],
    ['the largest (AWS CiphertextBlob limit)', blob({ length: 6144 }), { keyId: KEY_ID, keyVersion: 1 }],
    ['version 65,535', blob({ version: 65_535 }), { keyId: KEY_ID, keyVersion: 65_535 }],
    ['version 0 (never valid)', blob({ version: 0 }), null],
    ['version 65,536 (implausible: noise)', blob({ version: 65_536 }), null],
    ['format version 2 (unknown)', blob({ format: 2 }), null],
    ['key id kind 2 (unknown)', blob({ kind: 2 }), null],
    ['a UUID whose version nibble is not 4', blob({ id: '1234abcd-12ab-34cd-56ef-1234567890ab' }), null],
    ['a UUID whose variant bits are not 10', blob({ id: '0b7a3f1e-9c2d-4e5f-ca6b-7c8d9e0f1a2b' }), null],
    ['too short for header and tag', blob({ length: 49 }), null],
    ['longer than any blob', blob({ length: 6145 }), null],
  ];
  for (const [name, b, expected] of cases) assert.deepEqual(readBlobHeader(b, 0, b.length), expected, name);
});

const found = (text: string | Buffer): Match[] => {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1');
  const out: Match[] = [];
  findBase64Blobs(b, 0, b.length, b.length, (m) => out.push(m));
  return out;
};

test('base64 runs: both alphabets, with or without padding, only whole runs', () => {
  const b = blob({ length: 83 }); // 83 bytes: base64 needs one '=' of padding
  const std = b.toString('base64');
  const url = b.toString('base64url');
  const cases: [string, string, { offset: number; urlSafe: boolean; padded: boolean } | null][] = [
    ['standard, padded, in JSON', `{"k":"${std}"}`, { offset: 6, urlSafe: false, padded: true }],
    ['URL-safe, unpadded, after =', `token=${url}&x=1`, { offset: 6, urlSafe: true, padded: false }],
    // Without + or / the alphabet is unknown, and missing padding is what base64url users write.
    ['standard without its padding', `(${std.replace(/=+$/, '')})`, { offset: 1, urlSafe: !/[+/]/.test(std), padded: false }],
    ['at the very start and end', std, { offset: 0, urlSafe: false, padded: true }],
    ['inside a longer base64 string', `xyz${std}`, null],
    ['more base64 after the padding', `${std}QUFB`, null],
    ['both alphabets mixed', `"${std.slice(0, 20)}-+${std.slice(22)}"`, null],
    ['too short to be a blob', `"${blob({ length: 82 }).toString('base64').slice(0, 60)}"`, null],
  ];
  for (const [name, text, expected] of cases) {
    const m = found(text);
    if (expected === null) assert.deepEqual(m, [], name);
    else {
      assert.equal(m.length, 1, name);
      assert.deepEqual({ offset: m[0]!.offset, ...m[0]!.base64 }, expected, name);
      assert.deepEqual([m[0]!.keyId, m[0]!.bytes], [KEY_ID, 83], name);
    }
  }
});

test('noise with the magic everywhere yields nothing', () => {
  const noise = randomBytes(1 << 20);
  for (let i = 0; i < noise.length - 2; i += 97) noise.write(i % 2 ? 'AQ' : '\u0001\u0000', i, 'latin1');
  assert.deepEqual(found(noise), []);
});

test('rewrap writes base64 back in the style it found', () => {
  const b = blob({ length: 83 });
  for (const style of [{ urlSafe: false, padded: true }, { urlSafe: false, padded: false }, { urlSafe: true, padded: false }, { urlSafe: true, padded: true }]) {
    const text = encodeLike(b, style);
    assert.equal(/[+/]/.test(text) && style.urlSafe, false);
    assert.equal(text.endsWith('='), style.padded);
    assert.ok(Buffer.from(text, 'base64').equals(b));
  }
});

/** A keyring that wraps nothing: it returns the EDKs it is given (the detector reads only the header). */
const keyringWith = (edks: { providerId: string; providerInfo: Buffer; ciphertext: Buffer }[]): Keyring => ({
  onEncrypt: async () => ({ dataKey: randomBytes(32), edks }),
  onDecrypt: async () => { throw new Error('not used'); },
});

async function message(edks: { providerId: string; providerInfo: Buffer; ciphertext: Buffer }[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of encryptStream([Buffer.from('hello')], { keyring: keyringWith(edks), suiteId: 0x0478 })) parts.push(p);
  return Buffer.concat(parts);
}

test('ESDK messages: aws-kms EDKs whose ARN and blob agree, nothing else', async () => {
  const kms = (arn: string, ciphertext: Buffer) => ({ providerId: 'aws-kms', providerInfo: Buffer.from(arn), ciphertext });
  const other = `arn:aws:kms:us-east-1:111122223333:key/${'1b7a3f1e-9c2d-4e5f-8a6b-7c8d9e0f1a2b'}`;
  const cases: [string, Parameters<typeof message>[0], { keyArn: string; keyVersion: number }[]][] = [
    ['one Keyward key', [kms(ARN, blob({ version: 3 }))], [{ keyArn: ARN, keyVersion: 3 }]],
    ['two keys, one from another provider', [kms(ARN, blob()), { providerId: 'raw', providerInfo: Buffer.from('x'), ciphertext: blob() }], [{ keyArn: ARN, keyVersion: 1 }]],
    ['an ARN naming another key than the blob', [kms(other, blob())], []],
    ['an EDK that is not a blob', [kms(ARN, randomBytes(82))], []],
    ['an alias instead of a key ARN', [kms('arn:aws:kms:us-east-1:111122223333:alias/app', blob())], []],
  ];
  for (const [name, edks, expected] of cases) {
    const m = await message(edks);
    assert.deepEqual((await esdkMatches(m, m.length)).map((x) => ({ keyArn: x.keyArn, keyVersion: x.keyVersion })), expected, name);
  }
  const m = await message([kms(ARN, blob())]);
  assert.deepEqual(await esdkMatches(m.subarray(0, 40), m.length), [], 'a truncated header is not a message');
});
