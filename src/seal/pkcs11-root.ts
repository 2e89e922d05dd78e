// The PKCS#11 root: a non-extractable AES-256 key generated inside the token wraps the root key (CKM_AES_GCM in the
// token), so the installation unseals itself at start wherever the token and its PIN are available, and stays sealed
// when either is wrong. The module path, token label and PIN file are server configuration; the key's label and id
// and the wrap are in the seal configuration.
import { randomBytes } from 'node:crypto';
import { TokenSession, type TokenLocation } from '../hsm/pkcs11-token.js';
import type { Pkcs11RootConfig } from './seal-config.js';

const AAD = Buffer.from('keyward:root-key:pkcs11:v1', 'utf8');
const IV_BYTES = 12;

export interface Pkcs11Settings extends TokenLocation {
  pin: string;
}

/** Generates the wrapping key in the token and wraps the root key with it. */
export function protectWithToken(rootKey: Buffer, at: Pkcs11Settings): Pkcs11RootConfig {
  const session = TokenSession.open(at, at.pin);
  try {
    const id = randomBytes(16);
    const keyLabel = `keyward-root-${id.toString('hex').slice(0, 12)}`;
    const key = session.generateAesKey(keyLabel, id);
    const iv = randomBytes(IV_BYTES);
    const wrapped = Buffer.concat([iv, session.gcmEncrypt(key, iv, rootKey, AAD)]);
    return { type: 'pkcs11', tokenLabel: at.tokenLabel, keyLabel, keyId: id.toString('hex'), wrapped: wrapped.toString('base64') };
  } finally {
    session.close();
  }
}

/** Opens the wrap inside the token; throws TokenError when the token, the PIN or the key is not there. */
export function openWithToken(config: Pkcs11RootConfig, at: Pkcs11Settings): Buffer {
  if (config.tokenLabel !== at.tokenLabel) throw new Error(`this installation's root key is in token ${config.tokenLabel}, not ${at.tokenLabel}`);
  const session = TokenSession.open(at, at.pin);
  try {
    const key = session.findKey(Buffer.from(config.keyId, 'hex'));
    if (!key) throw new Error(`token ${at.tokenLabel} has no key ${config.keyLabel}`);
    const w = Buffer.from(config.wrapped, 'base64');
    const out = session.gcmDecrypt(key, w.subarray(0, IV_BYTES), w.subarray(IV_BYTES), AAD);
    if (!out) throw new Error(`key ${config.keyLabel} in token ${at.tokenLabel} does not open the stored root key`);
    return out;
  } finally {
    session.close();
  }
}
