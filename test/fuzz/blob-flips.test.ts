// Every single-bit flip of a real ciphertext, and of an import token and its wrapped key material, is refused with
// AWS's error for it — never a success, never a 5xx: the authenticated formats leave no bit unchecked.
import assert from 'node:assert/strict';
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { failure } from '../support/lifecycle-helpers.js';
import { useTestServer } from '../support/server.js';

let kms: KMSClient;
useTestServer({}, (_s, k) => {
  kms = k;
});

function flips(buf: Uint8Array, step = 1): Buffer[] {
  const out: Buffer[] = [];
  for (let bit = 0; bit < buf.length * 8; bit += step) {
    const b = Buffer.from(buf);
    b[bit >> 3] = b[bit >> 3]! ^ (1 << (bit & 7));
    out.push(b);
  }
  return out;
}

async function refusedAll(what: string, cases: Buffer[], send: (b: Buffer) => Promise<unknown>, allowed: readonly string[]): Promise<void> {
  const seen = new Map<string, number>();
  for (let i = 0; i < cases.length; i += 16) {
    const errs = await Promise.all(cases.slice(i, i + 16).map((c) => failure(send(c))));
    for (const e of errs) {
      assert.ok(e, `${what}: a flipped input was accepted`);
      assert.ok(allowed.includes(e.name), `${what}: ${e.name} ${e.message}`);
      assert.ok((e.$metadata?.httpStatusCode ?? 0) < 500, `${what}: HTTP ${e.$metadata?.httpStatusCode}`);
      seen.set(e.name, (seen.get(e.name) ?? 0) + 1);
    }
  }
  assert.ok(seen.size > 0);
}

test('every bit of a symmetric ciphertext: InvalidCiphertextException (or the key it now names is unknown)', async () => {
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('every bit counts'), EncryptionContext: { a: 'b' } }))).CiphertextBlob!;
  await refusedAll('ciphertext', flips(blob), (b) => kms.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: { a: 'b' } })),
    ['InvalidCiphertextException', 'NotFoundException', 'IncorrectKeyException']);
});

test('every bit of an import token, and every eighth bit of the wrapped material: refused as invalid', async () => {
  const keyId = (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
  const p = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  const wrapped = publicEncrypt({ key: createPublicKey({ key: Buffer.from(p.PublicKey!), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32));
  const token = Buffer.from(p.ImportToken!);
  const send = (t: Buffer, m: Buffer) => kms.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: t, EncryptedKeyMaterial: m, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
  await refusedAll('import token', flips(token, token.length > 512 ? 3 : 1), (t) => send(t, wrapped), ['InvalidImportTokenException', 'ValidationException']);
  await refusedAll('wrapped material', flips(wrapped, 8), (m) => send(token, m), ['InvalidCiphertextException', 'IncorrectKeyMaterialException', 'ValidationException']);
});
