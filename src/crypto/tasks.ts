// The CPU-heavy crypto calls the worker pool runs (RSA private-key operations, ECDSA on P-384/P-521/secp256k1,
// ECDH on P-384/P-521, ML-DSA, key-pair generation). The same functions run inline when no pool is started.
// Arguments and results cross threads by structured clone: KeyObjects clone (Node ≥ 15), Buffers arrive as
// Uint8Array and are turned back into Buffers by the pool.
import type { KeyObject } from 'node:crypto';
import type { HashName } from './digest.js';
import { ecdhDerive, ecdsaSign, ecdsaVerify, type Curve, type EcInput } from './ecc.js';
import { generateKeyPair, type KeyPairKind } from './key-pairs.js';
import { mlDsaSign, mlDsaVerify, type MlDsaLevel } from './ml-dsa.js';
import { oaepDecrypt, rsaSign, type RsaPadding, type SignInput } from './rsa.js';

export const TASKS = {
  rsaSign: (a: { key: KeyObject; hash: HashName; padding: RsaPadding; input: SignInput }) => rsaSign(a.key, a.hash, a.padding, a.input),
  oaepDecrypt: (a: { key: KeyObject; hash: HashName; ciphertext: Uint8Array }) => oaepDecrypt(a.key, a.hash, a.ciphertext),
  ecdsaSign: (a: { key: KeyObject; curve: Curve; hash: HashName; input: EcInput }) => ecdsaSign(a.key, a.curve, a.hash, a.input),
  ecdsaVerify: (a: { key: KeyObject; curve: Curve; hash: HashName; input: EcInput; signature: Uint8Array }) =>
    ecdsaVerify(a.key, a.curve, a.hash, a.input, a.signature),
  ecdhDerive: (a: { key: KeyObject; peer: KeyObject }) => ecdhDerive(a.key, a.peer),
  mlDsaSign: (a: { level: MlDsaLevel; secretKey: Uint8Array; data: Uint8Array; externalMu: boolean }) =>
    mlDsaSign(a.level, a.secretKey, a.data, a.externalMu),
  mlDsaVerify: (a: { level: MlDsaLevel; publicKey: Uint8Array; data: Uint8Array; signature: Uint8Array; externalMu: boolean }) =>
    mlDsaVerify(a.level, a.publicKey, a.data, a.signature, a.externalMu),
  generateKeyPair: (a: { kind: KeyPairKind }) => generateKeyPair(a.kind),
} as const;

export type Tasks = typeof TASKS;
export type TaskName = keyof Tasks;
