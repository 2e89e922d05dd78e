// Import tokens: GetParametersForImport's RSA wrapping key pair, its private half sealed under the barrier in the
// store, bound to one key, one wrapping algorithm and an expiry 24 hours ahead. The ImportToken the client holds is
// 48 random bytes; the store knows it only by its SHA-256.
import { createHash, createPrivateKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { KmsError } from '../../protocol/errors.js';
import type { ImportTokenRecord } from '../model.js';
import type { KmsService } from '../service.js';
import { tokenPurpose } from '../secrets/sealed-values.js';

export const IMPORT_TOKEN_LIFETIME_MS = 24 * 3_600_000;
/** Expired tokens have their private key shredded at once, and are forgotten this long after expiry. */
export const IMPORT_TOKEN_FORGET_MS = 30 * 24 * 3_600_000;

export const WRAPPING_ALGORITHMS = [
  'RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE',
] as const;
export type WrappingAlgorithm = (typeof WRAPPING_ALGORITHMS)[number];
export const WRAPPING_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] as const;
export type WrappingKeySpec = (typeof WRAPPING_KEY_SPECS)[number];

const generateKeyPairAsync = promisify(generateKeyPair);

const hashToken = (token: Buffer) => createHash('sha256').update(token).digest('hex');

export interface IssuedToken {
  token: Buffer;
  publicKey: Buffer;
  expiresAt: number;
}

/** Generates the wrapping key pair (off the event loop, on libuv's thread pool) and stores the sealed token. */
export async function issueImportToken(
  service: KmsService, keyId: string, algorithm: WrappingAlgorithm, spec: WrappingKeySpec,
): Promise<IssuedToken> {
  const modulusLength = Number(spec.slice(4));
  const pair = await generateKeyPairAsync('rsa', { modulusLength, publicExponent: 0x10001 });
  const token = randomBytes(48);
  const tokenHash = hashToken(token);
  const pkcs8 = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  const now = service.now();
  const record: ImportTokenRecord = {
    tokenHash, keyId, wrappingAlgorithm: algorithm, wrappingKeySpec: spec,
    sealedPrivateKey: service.deps.barrier.seal(tokenPurpose(keyId, tokenHash), pkcs8),
    createdAt: now, expiresAt: now + IMPORT_TOKEN_LIFETIME_MS,
  };
  pkcs8.fill(0);
  await service.store.putImportToken(record);
  return { token, publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }), expiresAt: record.expiresAt };
}

/**
 * The wrapping private key and algorithm an ImportToken stands for, if it was issued for `keyId` and has not
 * expired: InvalidImportTokenException for garbage or another key's token, ExpiredImportTokenException after 24 h.
 */
export async function redeemImportToken(
  service: KmsService, keyId: string, arn: string, token: Buffer,
): Promise<{ privateKey: KeyObject; algorithm: WrappingAlgorithm }> {
  const tokenHash = hashToken(token);
  const record = await service.store.getImportToken(tokenHash);
  if (!record || record.keyId !== keyId) {
    throw new KmsError('InvalidImportTokenException', `Import token is invalid for key ${arn}.`);
  }
  if (service.now() >= record.expiresAt || !record.sealedPrivateKey) {
    throw new KmsError('ExpiredImportTokenException', 'Import token expired. Get a new import token and use it to import the key material.');
  }
  const pkcs8 = await service.deps.barrier.openFresh(tokenPurpose(keyId, tokenHash), record.sealedPrivateKey);
  try {
    return { privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }), algorithm: record.wrappingAlgorithm as WrappingAlgorithm };
  } finally {
    pkcs8.fill(0);
  }
}
