// Every key type end to end with the AWS SDK for JavaScript v3: create each spec, sign / encrypt / MAC / derive
// through the real server, and check every result outside it with an independent implementation (WebCrypto;
// @noble for secp256k1, Ed25519ph and ML-DSA, which WebCrypto lacks), from the public key GetPublicKey returns.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import {
  CreateKeyCommand, DecryptCommand, DeriveSharedSecretCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand, GenerateMacCommand, GetPublicKeyCommand, KMSClient, ReEncryptCommand, SignCommand,
  VerifyCommand, VerifyMacCommand, type KeySpec, type KeyUsageType, type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { useTestServer, type TestServer } from '../support/server.js';

const subtle = webcrypto.subtle;
let server: TestServer;
let kms: KMSClient;

useTestServer({}, (s, k) => {
  server = s;
  kms = k;
});

async function rejects(p: Promise<unknown>, name: string, message?: string): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

async function createKey(KeySpec: KeySpec, KeyUsage: KeyUsageType) {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }));
  return KeyMetadata!;
}

const MESSAGE = Buffer.from('Keyward signs this message for an outside verifier.');
const sha = (alg: string, data: Uint8Array) => createHash(alg).update(data).digest();
const HASH_OF = { 256: 'sha256', 384: 'sha384', 512: 'sha512' } as const;

/** ECDSA-Sig-Value DER → r ‖ s (IEEE P1363), the form WebCrypto verifies. */
function derToP1363(der: Uint8Array, size: number): Buffer {
  const b = Buffer.from(der);
  let i = 2 + (b[1]! & 0x80 ? b[1]! & 0x7f : 0);
  const int = () => {
    assert.equal(b[i], 0x02);
    const len = b[i + 1]!;
    const v = b.subarray(i + 2, i + 2 + len);
    i += 2 + len;
    const stripped = v[0] === 0 ? v.subarray(1) : v;
    return Buffer.concat([Buffer.alloc(size - stripped.length), stripped]);
  };
  return Buffer.concat([int(), int()]);
}

describe('RSA signing keys', () => {
  for (const bits of [2048, 3072, 4096] as const) {
    test(`RSA_${bits}: every RSASSA algorithm, RAW and DIGEST, verifies with WebCrypto`, async () => {
      const key = await createKey(`RSA_${bits}`, 'SIGN_VERIFY');
      assert.equal(key.CurrentKeyMaterialId, undefined);
      assert.equal(key.EncryptionAlgorithms, undefined);
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      assert.equal(pub.KeySpec, `RSA_${bits}`);
      assert.equal(pub.KeyUsage, 'SIGN_VERIFY');
      assert.equal(pub.SigningAlgorithms!.length, 6);
      for (const alg of pub.SigningAlgorithms!) {
        const size = Number(alg.slice(-3)) as 256 | 384 | 512;
        const pss = alg.startsWith('RSASSA_PSS');
        const name = pss ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5';
        const spki = await subtle.importKey('spki', pub.PublicKey!, { name, hash: `SHA-${size}` }, false, ['verify']);
        const params = pss ? { name, saltLength: size / 8 } : { name };
        for (const MessageType of ['RAW', 'DIGEST'] as const) {
          if (bits === 4096 && MessageType === 'DIGEST' && !alg.endsWith('512')) continue; // keep the run short
          const Message = MessageType === 'RAW' ? MESSAGE : sha(HASH_OF[size], MESSAGE);
          const { Signature, SigningAlgorithm, KeyId } = await kms.send(new SignCommand({ KeyId: key.KeyId, Message, MessageType, SigningAlgorithm: alg }));
          assert.equal(SigningAlgorithm, alg);
          assert.equal(KeyId, key.Arn);
          assert.ok(await subtle.verify(params, spki, Signature!, MESSAGE), `${alg} ${MessageType}`);
          const ok = await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message, MessageType, Signature, SigningAlgorithm: alg }));
          assert.equal(ok.SignatureValid, true);
        }
      }
      const { Signature } = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: 'RSASSA_PSS_SHA_256' }));
      await rejects(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: Buffer.from('changed'), Signature, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
        'KMSInvalidSignatureException');
      await rejects(kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' })),
        'InvalidKeyUsageException', `Algorithm ECDSA_SHA_256 is incompatible with key spec RSA_${bits}.`);
      await rejects(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: MESSAGE, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
        'InvalidKeyUsageException', `${key.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`);
    });
  }
});

describe('RSA encryption keys', () => {
  const LIMITS = { 2048: [214, 190], 3072: [342, 318], 4096: [470, 446] } as const;
  for (const bits of [2048, 3072, 4096] as const) {
    test(`RSA_${bits}: OAEP ciphertext made offline decrypts; size limits; ReEncrypt to a symmetric key`, async () => {
      const key = await createKey(`RSA_${bits}`, 'ENCRYPT_DECRYPT');
      assert.deepEqual(key.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      for (const [alg, hash, limit] of [['RSAES_OAEP_SHA_1', 'SHA-1', LIMITS[bits][0]], ['RSAES_OAEP_SHA_256', 'SHA-256', LIMITS[bits][1]]] as const) {
        const spki = await subtle.importKey('spki', pub.PublicKey!, { name: 'RSA-OAEP', hash }, false, ['encrypt']);
        const plaintext = Buffer.alloc(limit, 7);
        const offline = Buffer.from(await subtle.encrypt({ name: 'RSA-OAEP' }, spki, plaintext));
        const dec = await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: offline, EncryptionAlgorithm: alg }));
        assert.deepEqual(Buffer.from(dec.Plaintext!), plaintext);
        assert.equal(dec.KeyId, key.Arn);
        const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionAlgorithm: alg }));
        assert.equal(enc.CiphertextBlob!.length, bits / 8);
        const back = await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm: alg }));
        assert.deepEqual(Buffer.from(back.Plaintext!), plaintext);
        await rejects(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(limit + 1), EncryptionAlgorithm: alg })),
          'ValidationException', `Algorithm ${alg} and key spec RSA_${bits} cannot encrypt data larger than ${limit} bytes.`);
      }
      const tampered = Buffer.alloc(bits / 8, 1);
      await rejects(kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: tampered, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
        'InvalidCiphertextException');
      await rejects(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: MESSAGE })),
        'InvalidKeyUsageException', `Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_${bits}.`);
      if (bits === 2048) {
        const sym = await kms.send(new CreateKeyCommand({}));
        const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: MESSAGE, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
        const re = await kms.send(new ReEncryptCommand({
          CiphertextBlob: enc.CiphertextBlob, SourceKeyId: key.KeyId, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
          DestinationKeyId: sym.KeyMetadata!.KeyId,
        }));
        assert.equal(re.SourceKeyId, key.Arn);
        const plain = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob }));
        assert.deepEqual(Buffer.from(plain.Plaintext!), MESSAGE);
        const back = await kms.send(new ReEncryptCommand({
          CiphertextBlob: re.CiphertextBlob, DestinationKeyId: key.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
        }));
        const dec = await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: back.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
        assert.deepEqual(Buffer.from(dec.Plaintext!), MESSAGE);
      }
    });
  }
});

describe('ECC signing keys', () => {
  const CURVES = [
    ['ECC_NIST_P256', 'ECDSA_SHA_256', 'P-256', 32], ['ECC_NIST_P384', 'ECDSA_SHA_384', 'P-384', 48],
    ['ECC_NIST_P521', 'ECDSA_SHA_512', 'P-521', 66], ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'secp256k1', 32],
  ] as const;
  for (const [spec, alg, curve, size] of CURVES) {
    test(`${spec}: ${alg} RAW and DIGEST signatures (DER) verify outside Keyward`, async () => {
      const key = await createKey(spec, 'SIGN_VERIFY');
      assert.deepEqual(key.SigningAlgorithms, [alg]);
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.Arn }));
      const hash = HASH_OF[Number(alg.slice(-3)) as 256 | 384 | 512];
      for (const MessageType of ['RAW', 'DIGEST'] as const) {
        const Message = MessageType === 'RAW' ? MESSAGE : sha(hash, MESSAGE);
        const { Signature } = await kms.send(new SignCommand({ KeyId: key.KeyId, Message, MessageType, SigningAlgorithm: alg }));
        assert.equal(Signature![0], 0x30, 'DER SEQUENCE');
        if (curve === 'secp256k1') {
          const point = Buffer.from(pub.PublicKey!).subarray(-65);
          assert.ok(secp256k1.verify(Signature!, sha(hash, MESSAGE), point, { prehash: false, format: 'der', lowS: false }));
        } else {
          const k = await subtle.importKey('spki', pub.PublicKey!, { name: 'ECDSA', namedCurve: curve }, false, ['verify']);
          assert.ok(await subtle.verify({ name: 'ECDSA', hash: `SHA-${alg.slice(-3)}` }, k, derToP1363(Signature!, size), MESSAGE));
        }
        await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message, MessageType, Signature, SigningAlgorithm: alg }));
        const tampered = Buffer.from(Signature!);
        tampered[8] = tampered[8]! ^ 1; // flip a bit (setting a byte to a fixed value left it unchanged 1 time in 256)
        await rejects(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: MESSAGE, MessageType: 'RAW', Signature: tampered, SigningAlgorithm: alg })),
          'KMSInvalidSignatureException');
      }
      await rejects(kms.send(new SignCommand({ KeyId: key.KeyId, Message: Buffer.alloc(20), MessageType: 'DIGEST', SigningAlgorithm: alg })),
        'ValidationException', `Digest is invalid length for algorithm ${alg}.`);
    });
  }

  test('an algorithm that does not fit the spec and a usage that does not fit the operation fail as in AWS', async () => {
    const key = await createKey('ECC_NIST_P521', 'SIGN_VERIFY');
    await rejects(kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' })),
      'InvalidKeyUsageException', 'Algorithm ECDSA_SHA_256 is incompatible with key spec ECC_NIST_P521.');
    const mac = await createKey('HMAC_256', 'GENERATE_VERIFY_MAC');
    await rejects(kms.send(new SignCommand({ KeyId: mac.KeyId, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' })),
      'InvalidKeyUsageException', `${mac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`);
    const sym = await kms.send(new CreateKeyCommand({}));
    await rejects(kms.send(new VerifyCommand({ KeyId: sym.KeyMetadata!.KeyId, Message: MESSAGE, Signature: Buffer.alloc(64), SigningAlgorithm: 'ECDSA_SHA_256' })),
      'InvalidKeyUsageException', `${sym.KeyMetadata!.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Verify.`);
    await rejects(kms.send(new GetPublicKeyCommand({ KeyId: sym.KeyMetadata!.KeyId })), 'UnsupportedOperationException');
    await rejects(kms.send(new GetPublicKeyCommand({ KeyId: mac.KeyId })), 'UnsupportedOperationException');
  });
});

describe('Ed25519', () => {
  test('ED25519_SHA_512 (RAW) verifies with WebCrypto; ED25519_PH_SHA_512 (DIGEST) is Ed25519ph over the 64 bytes sent', async () => {
    const key = await createKey('ECC_NIST_EDWARDS25519', 'SIGN_VERIFY');
    assert.deepEqual(key.SigningAlgorithms, ['ED25519_SHA_512', 'ED25519_PH_SHA_512']);
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    const k = await subtle.importKey('spki', pub.PublicKey!, { name: 'Ed25519' }, false, ['verify']);
    const raw = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: 'ED25519_SHA_512' }));
    assert.ok(await subtle.verify({ name: 'Ed25519' }, k, raw.Signature!, MESSAGE));
    const digest = sha('sha512', MESSAGE);
    const ph = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512' }));
    assert.ok(ed25519ph.verify(ph.Signature!, digest, Buffer.from(pub.PublicKey!).subarray(-32)));
    await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: ph.Signature, SigningAlgorithm: 'ED25519_PH_SHA_512' }));
    await rejects(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: MESSAGE, Signature: ph.Signature, SigningAlgorithm: 'ED25519_SHA_512' })),
      'KMSInvalidSignatureException');
    await rejects(kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' })), 'ValidationException');
    await rejects(kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, MessageType: 'RAW', SigningAlgorithm: 'ED25519_PH_SHA_512' })), 'ValidationException');
  });
});

describe('ML-DSA', () => {
  const IMPL = { ML_DSA_44: ml_dsa44, ML_DSA_65: ml_dsa65, ML_DSA_87: ml_dsa87 } as const;
  for (const spec of ['ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'] as const) {
    test(`${spec}: RAW and EXTERNAL_MU signatures verify with @noble/post-quantum`, async () => {
      const key = await createKey(spec, 'SIGN_VERIFY');
      assert.deepEqual(key.SigningAlgorithms, ['ML_DSA_SHAKE_256']);
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      const pk = Buffer.from(pub.PublicKey!).subarray(-IMPL[spec].lengths.publicKey!);
      const raw = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: 'ML_DSA_SHAKE_256' }));
      assert.ok(IMPL[spec].verify(raw.Signature!, MESSAGE, pk));
      // μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64): FIPS 204 Algorithm 2 (empty context) and Algorithm 7 line 6.
      const tr = createHash('shake256', { outputLength: 64 }).update(pk).digest();
      const mu = createHash('shake256', { outputLength: 64 }).update(Buffer.concat([tr, Buffer.from([0, 0]), MESSAGE])).digest();
      const ext = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: mu, MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' }));
      assert.ok(IMPL[spec].verify(ext.Signature!, MESSAGE, pk));
      await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: MESSAGE, Signature: ext.Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' }));
      await rejects(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: Buffer.from('other'), Signature: ext.Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' })),
        'KMSInvalidSignatureException');
      await rejects(kms.send(new SignCommand({ KeyId: key.KeyId, Message: Buffer.alloc(32), MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' })),
        'ValidationException');
    });
  }
});

describe('HMAC', () => {
  const SPECS = [['HMAC_224', 'HMAC_SHA_224', 28], ['HMAC_256', 'HMAC_SHA_256', 32], ['HMAC_384', 'HMAC_SHA_384', 48], ['HMAC_512', 'HMAC_SHA_512', 64]] as const;
  for (const [spec, alg, length] of SPECS) {
    test(`${spec}: GenerateMac is ${length} bytes, VerifyMac accepts it and refuses a tampered one`, async () => {
      const key = await createKey(spec, 'GENERATE_VERIFY_MAC');
      assert.deepEqual(key.MacAlgorithms, [alg]);
      const { Mac, MacAlgorithm } = await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm: alg }));
      assert.equal(Mac!.length, length);
      assert.equal(MacAlgorithm, alg);
      const ok = await kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: MESSAGE, Mac, MacAlgorithm: alg }));
      assert.equal(ok.MacValid, true);
      const bad = Buffer.from(Mac!);
      bad[0]! ^= 1;
      await rejects(kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: MESSAGE, Mac: bad, MacAlgorithm: alg })), 'KMSInvalidMacException');
      await rejects(kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: MESSAGE, Mac: Mac!.subarray(0, 16), MacAlgorithm: alg })), 'KMSInvalidMacException');
    });
  }
  test('a MAC algorithm that does not fit the spec, and MAC with an encryption key, fail as in AWS', async () => {
    const key = await createKey('HMAC_224', 'GENERATE_VERIFY_MAC');
    await rejects(kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256' })),
      'InvalidKeyUsageException', 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.');
    const sym = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await rejects(kms.send(new GenerateMacCommand({ KeyId: sym.KeyId, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256' })),
      'InvalidKeyUsageException', `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`);
  });
});

describe('Key agreement', () => {
  for (const [spec, curve] of [['ECC_NIST_P256', 'P-256'], ['ECC_NIST_P384', 'P-384'], ['ECC_NIST_P521', 'P-521']] as const) {
    test(`${spec}: DeriveSharedSecret equals WebCrypto's ECDH; wrong-curve and off-curve peers are refused`, async () => {
      const key = await createKey(spec, 'KEY_AGREEMENT');
      assert.deepEqual(key.KeyAgreementAlgorithms, ['ECDH']);
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      const peer = await subtle.generateKey({ name: 'ECDH', namedCurve: curve }, true, ['deriveBits']) as webcrypto.CryptoKeyPair;
      const peerSpki = Buffer.from(await subtle.exportKey('spki', peer.publicKey));
      const out = await kms.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peerSpki }));
      assert.equal(out.KeyAgreementAlgorithm, 'ECDH');
      assert.equal(out.KeyOrigin, 'AWS_KMS');
      const ours = await subtle.importKey('spki', pub.PublicKey!, { name: 'ECDH', namedCurve: curve }, false, []);
      const bits = { 'P-256': 256, 'P-384': 384, 'P-521': 528 }[curve];
      const expected = Buffer.from(await subtle.deriveBits({ name: 'ECDH', public: ours }, peer.privateKey, bits));
      assert.deepEqual(Buffer.from(out.SharedSecret!), expected);
      const other = curve === 'P-256' ? 'P-384' : 'P-256';
      const wrong = await subtle.generateKey({ name: 'ECDH', namedCurve: other }, true, ['deriveBits']) as webcrypto.CryptoKeyPair;
      await rejects(kms.send(new DeriveSharedSecretCommand({
        KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: Buffer.from(await subtle.exportKey('spki', wrong.publicKey)),
      })), 'ValidationException');
      const offCurve = Buffer.from(peerSpki);
      offCurve[offCurve.length - 1]! ^= 1; // y changed: the point leaves the curve
      await rejects(kms.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: offCurve })), 'ValidationException');
    });
  }
  test('DeriveSharedSecret with a signing key names the usage', async () => {
    const key = await createKey('ECC_NIST_P256', 'SIGN_VERIFY');
    await rejects(kms.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: Buffer.alloc(91, 1) })),
      'InvalidKeyUsageException', `${key.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`);
  });
});

describe('Data key pairs', () => {
  const SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const;
  const context = { purpose: 'key-types e2e' };
  for (const KeyPairSpec of SPECS) {
    test(`GenerateDataKeyPair(${KeyPairSpec}): the private key matches the public key and its blob opens with Decrypt`, async () => {
      const wrap = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      const out = await kms.send(new GenerateDataKeyPairCommand({ KeyId: wrap.KeyId, KeyPairSpec, EncryptionContext: context }));
      assert.equal(out.KeyPairSpec, KeyPairSpec);
      assert.equal(out.KeyId, wrap.Arn);
      const derived = createPublicKey(createPrivateKey({ key: Buffer.from(out.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' }));
      assert.deepEqual(derived.export({ format: 'der', type: 'spki' }), Buffer.from(out.PublicKey!));
      const opened = await kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob, EncryptionContext: context }));
      assert.deepEqual(Buffer.from(opened.Plaintext!), Buffer.from(out.PrivateKeyPlaintext!));
      await rejects(kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob })), 'InvalidCiphertextException');
      if (KeyPairSpec === 'ECC_NIST_P256') {
        const np = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: wrap.KeyId, KeyPairSpec }));
        assert.equal((np as { PrivateKeyPlaintext?: unknown }).PrivateKeyPlaintext, undefined);
        const priv = await kms.send(new DecryptCommand({ CiphertextBlob: np.PrivateKeyCiphertextBlob }));
        const pub = createPublicKey(createPrivateKey({ key: Buffer.from(priv.Plaintext!), format: 'der', type: 'pkcs8' }));
        assert.deepEqual(pub.export({ format: 'der', type: 'spki' }), Buffer.from(np.PublicKey!));
      }
    });
  }
  test('SM2 is not offered, and an asymmetric wrapping key is refused', async () => {
    const wrap = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await rejects(kms.send(new GenerateDataKeyPairCommand({ KeyId: wrap.KeyId, KeyPairSpec: 'SM2' })), 'UnsupportedOperationException');
    const rsa = await createKey('RSA_2048', 'ENCRYPT_DECRYPT');
    await rejects(kms.send(new GenerateDataKeyPairCommand({ KeyId: rsa.KeyId, KeyPairSpec: 'ECC_NIST_P256' })), 'InvalidKeyUsageException');
  });
});

test('DescribeKey of an asymmetric key shows its spec and usage, and no CurrentKeyMaterialId', async () => {
  const key = await createKey('ECC_NIST_P384', 'KEY_AGREEMENT');
  const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
  assert.equal(KeyMetadata!.KeySpec, 'ECC_NIST_P384');
  assert.equal(KeyMetadata!.KeyUsage, 'KEY_AGREEMENT');
  assert.equal(KeyMetadata!.CurrentKeyMaterialId, undefined);
  assert.equal(KeyMetadata!.SigningAlgorithms, undefined);
  void ([] as SigningAlgorithmSpec[]);
});
