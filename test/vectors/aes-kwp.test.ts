// Runs Project Wycheproof's AES-KWP (RFC 5649, key wrap with padding) vectors through src/crypto/key-wrap.ts, which
// unwraps RSA_AES_KEY_WRAP_SHA_* imported key material: every valid case wraps to the expected ciphertext and
// unwraps back; every invalid one is rejected. Vectors: https://github.com/C2SP/wycheproof (aes_kwp_test.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aesKwpUnwrap, aesKwpWrap, rsaAesKeyUnwrap, rsaAesKeyWrap } from '../../src/crypto/key-wrap.js';
import { wycheproofDir } from '../support/paths.js';

interface KwpCase {
  tcId: number;
  comment: string;
  flags: string[];
  key: string;
  msg: string;
  ct: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface KwpGroup {
  keySize: number;
  tests: KwpCase[];
}

const file = JSON.parse(readFileSync(join(wycheproofDir, 'aes_kwp_test.json'), 'utf8')) as { testGroups: KwpGroup[] };
const hex = (s: string): Buffer => Buffer.from(s, 'hex');

test('Wycheproof AES-KWP (128/192/256-bit keys): valid wrapped and unwrapped, invalid rejected', () => {
  const counts: Record<string, { valid: number; invalid: number }> = {};
  for (const g of file.testGroups) {
    const n = (counts[g.keySize] ??= { valid: 0, invalid: 0 });
    for (const c of g.tests) {
      assert.notEqual(c.result, 'acceptable', `tcId ${c.tcId}: an 'acceptable' case needs a decision here`);
      const unwrapped = aesKwpUnwrap(hex(c.key), hex(c.ct));
      if (c.result === 'valid') {
        assert.ok(unwrapped, `tcId ${c.tcId} (${c.comment}) should unwrap`);
        assert.equal(unwrapped.toString('hex'), c.msg, `tcId ${c.tcId} plaintext`);
        assert.equal(aesKwpWrap(hex(c.key), hex(c.msg)).toString('hex'), c.ct, `tcId ${c.tcId} wrap`);
        n.valid++;
      } else {
        assert.equal(unwrapped, undefined, `tcId ${c.tcId} (${c.comment} ${c.flags.join(',')}) should be rejected`);
        n.invalid++;
      }
    }
  }
  const total = Object.values(counts).reduce((s, n) => s + n.valid + n.invalid, 0);
  console.log(`AES-KWP Wycheproof: ${Object.entries(counts).map(([k, n]) => `AES-${k}: ${n.valid} valid accepted, ${n.invalid} invalid rejected`).join('; ')} (${total} cases)`);
  assert.equal(total, 254);
});

test('RSA_AES_KEY_WRAP round trip, and any change to the wrapped blob is rejected', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  for (const hash of ['sha1', 'sha256'] as const) {
    for (const len of [28, 32, 121, 1217]) {
      const material = randomBytes(len);
      const wrapped = rsaAesKeyWrap(spki, hash, material);
      assert.equal(wrapped.length, 256 + Math.ceil(len / 8) * 8 + 8);
      assert.deepEqual(rsaAesKeyUnwrap(privateKey, hash, wrapped), material);
      assert.equal(rsaAesKeyUnwrap(privateKey, hash === 'sha1' ? 'sha256' : 'sha1', wrapped), undefined, 'wrong OAEP hash');
      for (const at of [0, 255, 256, wrapped.length - 1]) {
        const bad = Buffer.from(wrapped);
        bad[at]! ^= 1;
        assert.equal(rsaAesKeyUnwrap(privateKey, hash, bad), undefined, `flipped byte ${at}`);
      }
      assert.equal(rsaAesKeyUnwrap(privateKey, hash, wrapped.subarray(0, 256)), undefined, 'no KWP part');
    }
  }
});
