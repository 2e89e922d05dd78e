// Temporary credentials (STS AssumeRole and GetSessionToken) that need no storage: the session token is the session's
// facts sealed with AES-256-GCM under a barrier-sealed, installation-wide key, so it is opaque, unforgeable, bounded in
// size and valid on every node; the secret access key is derived from the access key id with HMAC under the same key
// (HKDF-separated), so SigV4 can check a signature from the id and token alone. The service clock decides expiry.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { KmsError } from '../protocol/errors.js';
import { serviceSecret } from '../core/secrets/service-secret.js';
import { SEALED_META } from '../core/secrets/sealed-values.js';
import type { KmsService, Principal } from '../core/service.js';
import { newId } from './ids.js';

const { name: SECRET_META, purpose: SECRET_PURPOSE } = SEALED_META.stsSessionKey;
const TOKEN_PREFIX = 'KWST1';
const TOKEN_AAD = Buffer.from('keyward:session-token:v1');
/** Longer tokens are refused without further work (a sealed session with a 2,048-character policy and 50 tags fits). */
export const MAX_TOKEN_CHARS = 16_384;

/** What a session token carries. */
export interface SessionFacts {
  accessKeyId: string;
  principal: Principal;
}

export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: number;
}

interface Keys { seal: Buffer; secret: Buffer }
const derived = new WeakMap<KeyObject, Keys>();

async function keys(service: KmsService): Promise<Keys> {
  const root = await serviceSecret(service, SECRET_META, SECRET_PURPOSE);
  let k = derived.get(root);
  if (!k) {
    const ikm = root.export();
    const hkdf = (info: string) => Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), info, 32));
    k = { seal: hkdf('keyward:sts:token-seal'), secret: hkdf('keyward:sts:access-key-secret') };
    ikm.fill(0);
    derived.set(root, k);
  }
  return k;
}

const secretFor = (k: Keys, accessKeyId: string) => createHmac('sha256', k.secret).update(accessKeyId).digest('base64').slice(0, 40);

/** Issues credentials for a session of `principal` (its session facts already set) until `expiresAt`. */
export async function issueSession(service: KmsService, principal: Principal): Promise<IssuedCredentials> {
  const k = await keys(service);
  const accessKeyId = newId('sessionKey');
  const body = JSON.stringify({ ...principal, accessKeyId });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k.seal, iv).setAAD(TOKEN_AAD);
  const sealed = Buffer.concat([iv, cipher.update(body, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    AccessKeyId: accessKeyId, SecretAccessKey: secretFor(k, accessKeyId), SessionToken: TOKEN_PREFIX + sealed.toString('base64'),
    Expiration: principal.session!.expiresAt,
  };
}

/** The sealed-in bytes past which a token is too long for a session AWS would accept. */
export const sealedSize = (principal: Principal): number => Buffer.byteLength(JSON.stringify(principal));

const invalidToken = () => new KmsError('UnrecognizedClientException', 'The security token included in the request is invalid.');

/**
 * The credential a temporary access key id and its token stand for: UnrecognizedClientException for anything this
 * installation did not issue for that id, ExpiredTokenException once the session has ended (service clock).
 */
export async function redeemSession(service: KmsService, accessKeyId: string, token: string): Promise<{ secretAccessKey: string; principal: Principal }> {
  if (token.length > MAX_TOKEN_CHARS || !token.startsWith(TOKEN_PREFIX)) throw invalidToken();
  const raw = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64');
  if (raw.length < 12 + 16 + 2) throw invalidToken();
  const k = await keys(service);
  let facts: SessionFacts;
  try {
    const decipher = createDecipheriv('aes-256-gcm', k.seal, raw.subarray(0, 12), { authTagLength: 16 }).setAAD(TOKEN_AAD);
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const body = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    const parsed = JSON.parse(body.toString('utf8')) as Principal & { accessKeyId: string };
    facts = { accessKeyId: parsed.accessKeyId, principal: parsed };
  } catch {
    throw invalidToken();
  }
  if (facts.accessKeyId !== accessKeyId || !facts.principal.session) throw invalidToken();
  if (service.now() >= facts.principal.session.expiresAt) {
    throw new KmsError('ExpiredTokenException', 'The security token included in the request is expired');
  }
  return { secretAccessKey: secretFor(k, accessKeyId), principal: facts.principal };
}
