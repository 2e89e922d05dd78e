// Start-up known-answer tests (FIPS 140-3 pre-operational / conditional algorithm self-tests; see
// ../shared/reference/perf-and-reliability.md §B5). Every vector is fixed; any mismatch throws, and the server
// refuses to start. Sources: AES-GCM — McGrew & Viega GCM spec test case 14; HMAC — RFC 4231 §4.3;
// SHA-256 — FIPS 180-2 Appendix B.1; RSA-PSS and ECDSA — Wycheproof (Apache-2.0) rsa_pss_2048_sha256_mgf1_32
// tcId 2 and ecdsa_secp256r1_sha256 tcId 2; Ed25519 — RFC 8032 §7.1 TEST 1.
import { createPrivateKey, createPublicKey, createSecretKey } from 'node:crypto';
import { gcmOpen, gcmSeal } from './aead.js';
import { digest } from './digest.js';
import { ecdsaVerify } from './ecc.js';
import { ed25519Sign, ed25519Verify } from './eddsa.js';
import { hmac } from './hmac.js';
import { rsaVerify } from './rsa.js';

const hex = (s: string) => Buffer.from(s, 'hex');

export interface KnownAnswerTest { name: string; run(): boolean }

const RSA_PSS_SPKI = '30820122300d06092a864886f70d01010105000382010f003082010a0282010100a2b451a07d0aa5f96e455671513550514a8a5b462ebef717094fa1fee82224e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89d6eac8845097b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e254a2fe9765313a03eff8f17e1a029397a1fa26a8dce26f490ed81299615d9814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d1ece6b4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a1969816f48698bcbba1b4d9cae79d460d8f9f85e7975005d9bc22c4e5ac0f7c1a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9d50203010001';
const RSA_PSS_SIG = '0658c68fe0895646056d9bca422a64fe48813b4e14f0c8c4122e56d345b6813dc6286ffde014617e351c7af0a0d2c0f285def79cb734e1e055a25fa6fddc1c07da17b4b235c637413b1849c24311fa72331f4c0458c364a4916de8619b884d7e37288fad12926fc091f4851686a04fd0a504dbce3db370663a6ea6128fea86c2ca94c63e0d34d7f2c845b5d71d9a5e544451f524a451acb85c49bba7864e0a34a48613a819caf3dfd0d510c940f1df21c3373915be1f3509a557fa4d5a4e9f273e85467961133e2482c0907386454228fb0246638616fc31bbb6fa7c2361b8035994eec69a923f4c0bb0ba8696dfe8b1400c2398d7b343fdf498b1116c8de602';
const P256_SPKI = '3059301306072a8648ce3d020106082a8648ce3d0301070342000404aaec73635726f213fb8a9e64da3b8632e41495a944d0045b522eba7240fad587d9315798aaa3a5ba01775787ced05eaaf7b4e09fc81d6d1aa546e8365d525d';
const P256_SIG = '30450220530bd6b0c9af2d69ba897f6b5fb59695cfbf33afe66dbadcf5b8d2a2a6538e23022100d85e489cb7a161fd55ededcedbf4cc0c0987e3e3f0f242cae934c72caa3f43e9';
/** RFC 8032 §7.1 TEST 1: PKCS#8 wrapping of the 32-byte secret 9d61b1…7f60 (RFC 8410 §7 prefix). */
const ED25519_PKCS8 = '302e020100300506032b657004220420' + '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const ED25519_SIG = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
const ED25519_PUB = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

export const KNOWN_ANSWER_TESTS: readonly KnownAnswerTest[] = [
  {
    name: 'AES-256-GCM',
    run() {
      const key = createSecretKey(Buffer.alloc(32));
      const iv = Buffer.alloc(12);
      const { ciphertext, tag } = gcmSeal(key, iv, Buffer.alloc(16), Buffer.alloc(0));
      const opened = gcmOpen(key, iv, ciphertext, tag, Buffer.alloc(0));
      return ciphertext.equals(hex('cea7403d4d606b6e074ec5d3baf39d18')) && tag.equals(hex('d0d1c8a799996bf0265b98b5d48ab919'))
        && opened !== null && opened.equals(Buffer.alloc(16));
    },
  },
  {
    name: 'HMAC-SHA256',
    run: () => hmac('sha256', Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?'))
      .equals(hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')),
  },
  {
    name: 'SHA-256',
    run: () => digest('sha256', Buffer.from('abc')).equals(hex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')),
  },
  {
    name: 'RSA-PSS verify',
    run() {
      const key = createPublicKey({ key: hex(RSA_PSS_SPKI), format: 'der', type: 'spki' });
      const msg = Buffer.alloc(20);
      return rsaVerify(key, 'sha256', 'pss', { message: msg }, hex(RSA_PSS_SIG))
        && rsaVerify(key, 'sha256', 'pss', { digest: digest('sha256', msg) }, hex(RSA_PSS_SIG))
        && !rsaVerify(key, 'sha256', 'pss', { message: Buffer.alloc(21) }, hex(RSA_PSS_SIG));
    },
  },
  {
    name: 'ECDSA P-256 verify',
    run() {
      const key = createPublicKey({ key: hex(P256_SPKI), format: 'der', type: 'spki' });
      return ecdsaVerify(key, 'P-256', 'sha256', { message: hex('4d7367') }, hex(P256_SIG))
        && !ecdsaVerify(key, 'P-256', 'sha256', { message: hex('4d7368') }, hex(P256_SIG));
    },
  },
  {
    name: 'Ed25519 (RFC 8032 TEST 1)',
    run() {
      const key = createPrivateKey({ key: hex(ED25519_PKCS8), format: 'der', type: 'pkcs8' });
      const pub = createPublicKey(key);
      const sig = ed25519Sign(key, Buffer.alloc(0));
      return sig.equals(hex(ED25519_SIG)) && ed25519Verify(pub, Buffer.alloc(0), sig)
        && Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url').equals(hex(ED25519_PUB));
    },
  },
];

export class SelfTestError extends Error {}

/** Runs every KAT; throws SelfTestError naming the failures (a test that throws counts as failed). */
export function runSelfTests(tests: readonly KnownAnswerTest[] = KNOWN_ANSWER_TESTS): void {
  const failed = tests.filter((t) => {
    try {
      return !t.run();
    } catch {
      return true;
    }
  }).map((t) => t.name);
  if (failed.length > 0) throw new SelfTestError(`cryptographic self-test failed: ${failed.join(', ')}; refusing to start`);
}
