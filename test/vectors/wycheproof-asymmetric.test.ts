// Wycheproof (C2SP/wycheproof testvectors_v1) through Keyward's production primitives in src/crypto: RSA-OAEP
// decryption, RSA-PSS and PKCS#1 v1.5 signature verification, ECDSA (DER) on four curves, ECDH with the same
// peer-key validation DeriveSharedSecret uses, Ed25519, HMAC and ML-DSA verification. Every `valid` case must
// be accepted and every `invalid` one rejected; `acceptable` cases are decided explicitly per flag (below).
// Signature tests run both the RAW path (node:crypto hashes the message) and the DIGEST path (the caller's
// precomputed hash), since KMS offers both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createECDH, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { digest, type HashName } from '../../src/crypto/digest.js';
import { ecdhDerive, ecdsaVerify, OPENSSL_CURVE, parsePeerPublicKey, type Curve } from '../../src/crypto/ecc.js';
import { ed25519Verify } from '../../src/crypto/eddsa.js';
import { hmacVerify } from '../../src/crypto/hmac.js';
import { mlDsaPublicKeyFromSpki, mlDsaVerify, type MlDsaLevel } from '../../src/crypto/ml-dsa.js';
import { oaepDecrypt, rsaVerify, type RsaPadding } from '../../src/crypto/rsa.js';
import { wycheproofDir } from '../support/paths.js';

interface Case { tcId: number; result: 'valid' | 'invalid' | 'acceptable'; flags?: string[]; [k: string]: unknown }
interface Group { tests: Case[]; [k: string]: unknown }
const load = (file: string): Group[] => JSON.parse(readFileSync(join(wycheproofDir, file), 'utf8')).testGroups;
const hex = (s: unknown) => Buffer.from(String(s ?? ''), 'hex');
const files = (re: RegExp) => readdirSync(wycheproofDir).filter((f) => re.test(f)).sort();
const HASH: Record<string, HashName> = { 'SHA-1': 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

interface Tally { accepted: number; rejected: number; acceptable: number; skipped: number; failures: string[] }
const tally = (): Tally => ({ accepted: 0, rejected: 0, acceptable: 0, skipped: 0, failures: [] });

/** Compares the outcome with `expected` (the case's result, or our decision for `acceptable`). */
function check(t: Tally, file: string, c: Case, ok: boolean, acceptableDecision?: (flags: string[]) => boolean): void {
  let expected: boolean;
  if (c.result === 'acceptable') {
    assert.ok(acceptableDecision, `${file} #${c.tcId}: acceptable case without a decision (${c.flags})`);
    expected = acceptableDecision(c.flags ?? []);
    t.acceptable++;
  } else expected = c.result === 'valid';
  if (ok) t.accepted++;
  else t.rejected++;
  if (ok !== expected) t.failures.push(`#${c.tcId} ${c.result} [${c.flags?.join(',')}] got ${ok ? 'accepted' : 'rejected'}`);
}

function report(file: string, t: Tally, note = ''): void {
  console.log(`wycheproof ${file}: ${t.accepted} accepted, ${t.rejected} rejected (${t.acceptable} acceptable decided, ${t.skipped} skipped)${note}`);
  assert.deepEqual(t.failures, [], `${file}: ${t.failures.length} mismatches`);
}

const spki = (der: unknown): KeyObject => createPublicKey({ key: hex(der), format: 'der', type: 'spki' });

for (const file of files(/^rsa_oaep_.*\.json$/)) {
  test(`RSA-OAEP decryption: ${file}`, () => {
    const t = tally();
    for (const g of load(file)) {
      const key = createPrivateKey({ key: hex(g.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
      const hash = HASH[g.sha as string]!;
      // AWS's RSAES_OAEP_SHA_1/256 use MGF1 with the same hash; a file with a different MGF1 hash has no AWS
      // algorithm, so its cases must all fail (proving MGF1 is pinned), whatever Wycheproof says about them.
      const sameMgf = g.mgfSha === g.sha;
      for (const c of g.tests) {
        const pt = oaepDecrypt(key, hash, hex(c.ct), hex(c.label));
        const ok = pt !== null && pt.equals(hex(c.msg));
        if (sameMgf) check(t, file, c, ok);
        else if (ok) t.failures.push(`#${c.tcId} decrypted with a mismatched MGF1 hash`);
        else t.rejected++;
      }
    }
    report(file, t, file.includes('mgf1sha1') && !file.includes('sha1_mgf1sha1') ? ' — MGF1-SHA1 with SHA-256: all rejected by design' : '');
  });
}

function rsaSignatureFile(file: string, padding: RsaPadding) {
  test(`RSA ${padding} signature verification: ${file}`, () => {
    const t = tally();
    let note = '';
    for (const g of load(file)) {
      const key = spki(g.publicKeyDer);
      const hash = HASH[g.sha as string]!;
      // Keyward's PSS is MGF1 with the same hash and salt = hash length (as AWS): other parameters must fail.
      const awsParams = padding === 'pkcs1' || (g.mgfSha === g.sha && g.sLen === digest(hash, Buffer.alloc(0)).length);
      for (const c of g.tests) {
        const sig = hex(c.sig);
        const msg = hex(c.msg);
        const raw = rsaVerify(key, hash, padding, { message: msg }, sig);
        const pre = rsaVerify(key, hash, padding, { digest: digest(hash, msg) }, sig);
        if (raw !== pre) t.failures.push(`#${c.tcId} RAW and DIGEST paths disagree`);
        if (awsParams) check(t, file, c, raw, () => false); // PKCS#1 'acceptable' = MissingNull: rejected
        else if (raw) t.failures.push(`#${c.tcId} accepted with non-AWS PSS parameters`);
        else {
          t.rejected++;
          note = ' — non-AWS PSS parameters (salt ≠ hash length): all rejected by design';
        }
      }
    }
    report(file, t, note);
  });
}
for (const file of files(/^rsa_pss_.*\.json$/)) rsaSignatureFile(file, 'pss');
for (const file of files(/^rsa_signature_.*\.json$/)) rsaSignatureFile(file, 'pkcs1');

const CURVE: Record<string, Curve> = { secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };

for (const file of files(/^ecdsa_secp.*_sha\d+_test\.json$/)) {
  test(`ECDSA (DER) verification: ${file}`, () => {
    const t = tally();
    for (const g of load(file)) {
      const curve = CURVE[(g.publicKey as { curve: string }).curve]!;
      const key = spki(g.publicKeyDer);
      const hash = HASH[g.sha as string]!;
      for (const c of g.tests) {
        const sig = hex(c.sig);
        const msg = hex(c.msg);
        const raw = ecdsaVerify(key, curve, hash, { message: msg }, sig);
        const pre = ecdsaVerify(key, curve, hash, { digest: digest(hash, msg) }, sig);
        if (raw !== pre) t.failures.push(`#${c.tcId} [${c.flags}] RAW (node:crypto) ${raw} vs DIGEST (@noble) ${pre}`);
        check(t, file, c, raw, () => false);
      }
    }
    report(file, t);
  });
}

/**
 * ECDH `acceptable` decisions: DeriveSharedSecret takes a canonical DER SPKI with a named curve. A compressed
 * point (SEC 1 §2.3.3) is accepted: it encodes a valid point, which OpenSSL decompresses and checks. Explicit or
 * unnamed curve parameters, modified generators or cofactors, wrong orders and unused parameters are refused.
 */
const acceptCompressedOnly = (flags: string[]) => flags.length > 0 && flags.every((f) => f === 'CompressedPublic' || f === 'CompressedPoint');
for (const file of files(/^ecdh_secp\d+r1_test\.json$/)) {
  test(`ECDH with peer-key validation: ${file}`, () => {
    const t = tally();
    for (const g of load(file)) {
      const curve = CURVE[g.curve as string]!;
      for (const c of g.tests) {
        const d = hex(c.private);
        const field = { 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 }[curve];
        const scalar = d.length > field ? d.subarray(d.length - field) : Buffer.concat([Buffer.alloc(field - d.length), d]);
        const ecdh = createECDH(OPENSSL_CURVE[curve]);
        ecdh.setPrivateKey(scalar);
        const point = ecdh.getPublicKey();
        const jwk = { kty: 'EC', crv: curve, d: scalar.toString('base64url'), x: point.subarray(1, 1 + field).toString('base64url'), y: point.subarray(1 + field).toString('base64url') };
        const priv = createPrivateKey({ key: jwk, format: 'jwk' });
        const peer = parsePeerPublicKey(hex(c.public), curve);
        let ok = false;
        if (peer) {
          try {
            ok = ecdhDerive(priv, peer).equals(hex(c.shared));
          } catch {
            ok = false;
          }
        }
        check(t, file, c, ok, acceptCompressedOnly);
      }
    }
    report(file, t);
  });
}

test('Ed25519 verification: ed25519_test.json', () => {
  const t = tally();
  for (const g of load('ed25519_test.json')) {
    const key = spki(g.publicKeyDer);
    for (const c of g.tests) check(t, 'ed25519_test.json', c, ed25519Verify(key, hex(c.msg), hex(c.sig)));
  }
  report('ed25519_test.json', t);
});

/** HMAC: VerifyMac takes only full-length tags, so groups with truncated tags must reject every case. */
for (const file of files(/^hmac_sha\d+_test\.json$/)) {
  test(`HMAC verification: ${file}`, () => {
    const t = tally();
    const hash = `sha${file.match(/sha(\d+)/)![1]}` as HashName;
    const full = digest(hash, Buffer.alloc(0)).length * 8;
    let truncated = 0;
    for (const g of load(file)) {
      for (const c of g.tests) {
        const ok = hmacVerify(hash, hex(c.key), hex(c.msg), hex(c.tag));
        if (g.tagSize === full) check(t, file, c, ok);
        else if (ok) t.failures.push(`#${c.tcId} truncated tag accepted`);
        else truncated++;
      }
    }
    t.skipped = 0;
    report(file, t, ` — plus ${truncated} truncated-tag cases, all rejected by design`);
  });
}

for (const file of files(/^mldsa_\d+_verify_test\.json$/)) {
  test(`ML-DSA verification: ${file}`, () => {
    const t = tally();
    const level = Number(file.match(/mldsa_(\d+)/)![1]) as MlDsaLevel;
    for (const g of load(file)) {
      const pk = mlDsaPublicKeyFromSpki(level, hex(g.publicKeyDer));
      for (const c of g.tests) {
        const ok = pk !== null && mlDsaVerify(level, pk, hex(c.msg), hex(c.sig), false, c.ctx === undefined ? undefined : hex(c.ctx));
        check(t, file, c, ok);
      }
    }
    report(file, t);
  });
}
