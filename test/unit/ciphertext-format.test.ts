// Tests the symmetric ciphertext blob and encryption-context encoding, including the vectors in docs/ciphertext-format.md.
// Spec: docs/ciphertext-format.md; attack classes: ../shared/reference/perf-and-reliability.md §B7.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLOB_OVERHEAD, openBlob, parseCiphertextBlob, sealBlob } from '../../src/core/data-plane/ciphertext-format.js';
import { compareUtf8, encodeEncryptionContext } from '../../src/core/data-plane/encryption-context.js';
import { KmsError } from '../../src/protocol/errors.js';
import { repoRoot } from '../support/paths.js';

type Ec = Record<string, string> | undefined;

const KEY = Buffer.from('7f'.repeat(32), 'hex');
const UUID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const EC = { Purpose: 'test', Department: '10SEC' };

/** Parse then open, as Decrypt does. */
function decrypt(blob: Buffer, ec: Ec, key: Buffer = KEY): Buffer {
  return openBlob(parseCiphertextBlob(blob), key, ec);
}

/** The one accepted failure: InvalidCiphertextException with no message at all. */
function isInvalidCiphertext(err: unknown): boolean {
  return err instanceof KmsError && err.code === 'InvalidCiphertextException' && err.clientMessage === undefined;
}

function assertInvalid(fn: () => unknown, label: string): void {
  assert.throws(fn, isInvalidCiphertext, label);
}

describe('round trip', () => {
  test('seal then open returns the plaintext, and parse reports key id and version', () => {
    for (const len of [0, 1, 15, 16, 17, 1024, 4096]) {
      const plaintext = randomBytes(len);
      const blob = sealBlob(UUID, 7, KEY, plaintext, EC);
      assert.equal(blob.length, len + BLOB_OVERHEAD);
      const parsed = parseCiphertextBlob(blob);
      assert.equal(parsed.keyId, UUID);
      assert.equal(parsed.keyVersion, 7);
      assert.deepEqual(openBlob(parsed, KEY, EC), plaintext);
    }
  });

  test('a 4096-byte plaintext gives a 4146-byte blob, within AWS CiphertextBlob limit of 6144', () => {
    assert.equal(BLOB_OVERHEAD, 50);
    assert.equal(sealBlob(UUID, 1, KEY, Buffer.alloc(4096)).length, 4146);
  });

  test('IVs are fresh: sealing the same input twice gives different blobs', () => {
    const a = sealBlob(UUID, 1, KEY, Buffer.from('same'));
    const b = sealBlob(UUID, 1, KEY, Buffer.from('same'));
    assert.notDeepEqual(a.subarray(22, 34), b.subarray(22, 34));
  });

  test('multi-Region and UUID key ids round-trip, printed lowercase whatever the input case', () => {
    const cases: Array<[string, string, number]> = [
      [MRK, MRK, 0x01],
      [MRK.toUpperCase().replace('MRK-', 'mrk-'), MRK, 0x01],
      ['MRK-ABCDEF0123456789ABCDEF0123456789', 'mrk-abcdef0123456789abcdef0123456789', 0x01],
      [UUID.toUpperCase(), UUID, 0x00],
    ];
    for (const [input, output, kind] of cases) {
      const blob = sealBlob(input, 2, KEY, Buffer.from('x'));
      assert.equal(blob[1], kind, input);
      assert.equal(parseCiphertextBlob(blob).keyId, output, input);
      assert.equal(decrypt(blob, undefined).toString(), 'x');
    }
  });

  test('key versions 1 and 2^32-1 round-trip; 0, fractions, negatives and 2^32 are refused on seal', () => {
    for (const v of [1, 0xffff_ffff]) assert.equal(parseCiphertextBlob(sealBlob(UUID, v, KEY, Buffer.alloc(1))).keyVersion, v);
    for (const v of [0, -1, 1.5, 2 ** 32, Number.NaN]) assert.throws(() => sealBlob(UUID, v, KEY, Buffer.alloc(1)), RangeError);
  });

  test('key ids that are neither a UUID nor an mrk id are refused on seal', () => {
    for (const id of ['alias/foo', `arn:aws:kms:us-east-1:111122223333:key/${UUID}`, 'mrk-123', `${UUID}0`, '']) {
      assert.throws(() => sealBlob(id, 1, KEY, Buffer.alloc(1)), RangeError, id);
    }
  });
});

describe('tampering: every failure is InvalidCiphertextException with no message', () => {
  for (const [name, keyId] of [['UUID', UUID], ['mrk', MRK]] as const) {
    test(`flipping each bit of a ${name} blob, truncating or extending it by one byte, all fail`, (t) => {
      const blob = sealBlob(keyId, 3, KEY, Buffer.from('attack at dawn, bring snacks'), EC);
      assert.equal(decrypt(blob, EC).toString(), 'attack at dawn, bring snacks');
      for (let bit = 0; bit < blob.length * 8; bit++) {
        const bad = Buffer.from(blob);
        bad[bit >> 3]! ^= 1 << (bit & 7);
        assertInvalid(() => decrypt(bad, EC), `bit ${bit}`);
      }
      assertInvalid(() => decrypt(blob.subarray(0, blob.length - 1), EC), 'truncated by 1');
      assertInvalid(() => decrypt(Buffer.concat([blob, Buffer.alloc(1)]), EC), 'extended by 1');
      t.diagnostic(`${name} blob: ${blob.length * 8} bit flips + truncate + extend, all InvalidCiphertextException`);
    });
  }

  test('malformed blobs fail to parse: too short, unknown version or kind, key version 0', () => {
    const good = sealBlob(UUID, 1, KEY, Buffer.alloc(0));
    const patched = (offset: number, bytes: number[]): Buffer => {
      const b = Buffer.from(good);
      Buffer.from(bytes).copy(b, offset);
      return b;
    };
    assert.equal(good.length, 50);
    assertInvalid(() => parseCiphertextBlob(Buffer.alloc(0)), 'empty');
    assertInvalid(() => parseCiphertextBlob(good.subarray(0, 49)), '49 bytes');
    assertInvalid(() => parseCiphertextBlob(good.subarray(0, 1)), '1 byte');
    for (const v of [0x00, 0x02, 0xff]) assertInvalid(() => parseCiphertextBlob(patched(0, [v])), `version ${v}`);
    for (const k of [0x02, 0x80, 0xff]) assertInvalid(() => parseCiphertextBlob(patched(1, [k])), `kind ${k}`);
    assertInvalid(() => parseCiphertextBlob(patched(18, [0, 0, 0, 0])), 'key version 0');
  });

  test('a wrong key, or a key of the wrong size, fails the same way', () => {
    const blob = sealBlob(UUID, 1, KEY, Buffer.from('secret'), EC);
    assertInvalid(() => decrypt(blob, EC, Buffer.alloc(32)), 'wrong key');
    assertInvalid(() => decrypt(blob, EC, Buffer.alloc(16)), '16-byte key');
  });
});

describe('encryption context binding', () => {
  const blob = sealBlob(UUID, 1, KEY, Buffer.from('bound'), EC);
  const mismatches: Array<[string, Ec]> = [
    ['missing', undefined],
    ['empty', {}],
    ['one pair missing', { Purpose: 'test' }],
    ['extra pair', { ...EC, Extra: '' }],
    ['different value', { ...EC, Purpose: 'prod' }],
    ['value case change', { ...EC, Purpose: 'Test' }],
    ['key case change', { purpose: 'test', Department: '10SEC' }],
    ['key and value swapped', { test: 'Purpose', Department: '10SEC' }],
  ];
  for (const [label, ec] of mismatches) {
    test(`${label} fails`, () => assertInvalid(() => decrypt(blob, ec), label));
  }

  test('key order in the context object does not matter', () => {
    assert.equal(decrypt(blob, { Department: '10SEC', Purpose: 'test' }).toString(), 'bound');
    assert.deepEqual(encodeEncryptionContext({ b: '1', a: '2' }), encodeEncryptionContext({ a: '2', b: '1' }));
  });

  test('absent and empty contexts are the same context', () => {
    const plain = sealBlob(UUID, 1, KEY, Buffer.from('x'));
    assert.equal(decrypt(plain, {}).toString(), 'x');
    assert.equal(decrypt(sealBlob(UUID, 1, KEY, Buffer.from('y'), {}), undefined).toString(), 'y');
    assert.equal(encodeEncryptionContext().toString('hex'), '00000000');
  });

  test('{"a":"b,c=d"} and {"a":"b","c":"d"} are different contexts', () => {
    const one = { a: 'b,c=d' };
    const two = { a: 'b', c: 'd' };
    assert.notDeepEqual(encodeEncryptionContext(one), encodeEncryptionContext(two));
    assertInvalid(() => decrypt(sealBlob(UUID, 1, KEY, Buffer.from('x'), one), two), 'one→two');
    assertInvalid(() => decrypt(sealBlob(UUID, 1, KEY, Buffer.from('x'), two), one), 'two→one');
  });

  test('NFC and NFD spellings are different contexts, in values and in keys', () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    assert.equal(nfc.normalize('NFD'), nfd);
    assertInvalid(() => decrypt(sealBlob(UUID, 1, KEY, Buffer.from('x'), { k: nfc }), { k: nfd }), 'value');
    assertInvalid(() => decrypt(sealBlob(UUID, 1, KEY, Buffer.from('x'), { [nfc]: 'v' }), { [nfd]: 'v' }), 'key');
  });

  test('lone surrogates are refused on seal and fail on open, never colliding with U+FFFD', () => {
    const withReplacement = sealBlob(UUID, 1, KEY, Buffer.from('x'), { k: '\uFFFD' });
    assertInvalid(() => decrypt(withReplacement, { k: '\uD800' }), 'lone surrogate on open');
    assert.throws(() => sealBlob(UUID, 1, KEY, Buffer.from('x'), { k: '\uD800' }), (e: unknown) => e instanceof KmsError && e.code === 'ValidationException');
    assert.equal(decrypt(sealBlob(UUID, 1, KEY, Buffer.from('x'), { k: '\u{1F511}' }), { k: '\u{1F511}' }).toString(), 'x');
  });

  test('the encoding matches the documented example, and sorts keys by UTF-8 bytes, not UTF-16', () => {
    const expected = '00000002' + '0000000a4465706172746d656e74' + '000000053130534543' + '00000007507572706f7365' + '0000000474657374';
    assert.equal(encodeEncryptionContext(EC).toString('hex'), expected);
    // U+FF21 is efbca1 in UTF-8 and sorts before U+1F511 (f09f9491); in UTF-16, d83d < ff21 would flip them.
    const encoded = encodeEncryptionContext({ '\u{1F511}': '1', '\uFF21': '2' }).toString('hex');
    assert.ok(encoded.indexOf('efbca1') < encoded.indexOf('f09f9491'));
  });

  test('compareUtf8 orders strings exactly as their UTF-8 bytes compare (10,000 random pairs)', () => {
    const alphabet = ['a', 'B', '~', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uff21', '\uffff', '\u{10000}', '\u{1f511}', '\u{10ffff}'];
    const pick = (): string => Array.from({ length: Math.floor(Math.random() * 4) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    for (let i = 0; i < 10_000; i++) {
      const [a, b] = [pick(), pick()];
      const expected = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      assert.equal(Math.sign(compareUtf8(a, b)), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  });
});

/** One `### Vector` block of docs/ciphertext-format.md: `name = value` lines inside a ```text fence. */
function docVectors(): Array<Record<string, string>> {
  const doc = readFileSync(join(repoRoot, 'docs/ciphertext-format.md'), 'utf8');
  const blocks = [...doc.matchAll(/^### Vector [^\n]*\n+```text\n([\s\S]*?)\n```/gm)];
  return blocks.map(([, body]) =>
    Object.fromEntries((body ?? '').split('\n').map((line) => {
      const m = /^(\w+)\s*=\s*(.*)$/.exec(line.trim());
      assert.ok(m, `unparsable vector line: ${line}`);
      return [m[1]!, m[2]!];
    })),
  );
}

describe('test vectors in docs/ciphertext-format.md', () => {
  const vectors = docVectors();
  test('the document holds at least 3 vectors', () => assert.ok(vectors.length >= 3, `found ${vectors.length}`));

  vectors.forEach((v, i) => {
    test(`vector ${i + 1}: seal reproduces the blob; parse and open recover every field`, async () => {
      const field = (name: string): string => {
        assert.ok(v[name] !== undefined, `vector ${i + 1} lacks ${name}`);
        return v[name];
      };
      const key = Buffer.from(field('key'), 'hex');
      const ec = JSON.parse(field('context')) as Record<string, string>;
      const plaintext = Buffer.from(field('plaintext'), 'hex');
      const blob = sealBlob(field('key_id'), Number(field('key_version')), key, plaintext, ec, Buffer.from(field('iv'), 'hex'));
      assert.equal(blob.toString('hex'), field('blob'));

      const parsed = parseCiphertextBlob(Buffer.from(field('blob'), 'hex'));
      assert.equal(parsed.keyId, field('key_id'));
      assert.equal(parsed.keyVersion, Number(field('key_version')));
      assert.equal(parsed.iv.toString('hex'), field('iv'));
      assert.equal(Buffer.concat([parsed.header, encodeEncryptionContext(ec)]).toString('hex'), field('aad'));
      assert.deepEqual(openBlob(parsed, key, ec), plaintext);

      // Oracle: WebCrypto decrypts blob[34..] with the documented IV and AAD, independently of our GCM code.
      const cryptoKey = await webcrypto.subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
      const params = { name: 'AES-GCM', iv: parsed.iv, additionalData: Buffer.from(field('aad'), 'hex'), tagLength: 128 };
      const oracle = await webcrypto.subtle.decrypt(params, cryptoKey, Buffer.from(field('blob'), 'hex').subarray(34));
      assert.deepEqual(Buffer.from(oracle), plaintext);
    });
  });
});
