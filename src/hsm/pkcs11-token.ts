// PKCS#11 sessions on a token (pkcs11js over the vendor's module, SoftHSM2 in tests): one module instance per library
// path per process (C_Initialize once), one logged-in session per token, shared by whoever opens it (the PKCS#11 root
// of trust and custom key stores). AES keys are generated inside the token as sensitive, non-extractable objects; AES-GCM
// runs inside the token. PKCS#11 v2.40: https://docs.oasis-open.org/pkcs11/pkcs11-base/v2.40/pkcs11-base-v2.40.html
import { createHash, timingSafeEqual } from 'node:crypto';
import pkcs11js from 'pkcs11js';

export interface TokenLocation {
  /** Path of the PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so). */
  module: string;
  tokenLabel: string;
}

/** Why a token could not be used, as far as Keyward tells them apart (custom key stores map these onto AWS's codes). */
export type TokenFailure = 'MODULE_NOT_LOADED' | 'TOKEN_NOT_FOUND' | 'PIN_INCORRECT' | 'PIN_LOCKED' | 'DEVICE_ERROR';

export class TokenError extends Error {
  constructor(readonly failure: TokenFailure, message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Cryptoki return values named in messages and mapped to failures (never the PIN). */
const CKR_FAILURES: Record<string, TokenFailure> = {
  CKR_PIN_INCORRECT: 'PIN_INCORRECT', CKR_PIN_INVALID: 'PIN_INCORRECT', CKR_PIN_LEN_RANGE: 'PIN_INCORRECT',
  CKR_PIN_LOCKED: 'PIN_LOCKED', CKR_TOKEN_NOT_PRESENT: 'TOKEN_NOT_FOUND', CKR_SLOT_ID_INVALID: 'TOKEN_NOT_FOUND',
};

function failureOf(err: unknown): TokenFailure {
  return CKR_FAILURES[(err as Error).message] ?? 'DEVICE_ERROR';
}

const modules = new Map<string, { lib: pkcs11js.PKCS11; users: number }>();
const sessions = new Map<string, SharedSession>();

interface SharedSession {
  module: string;
  handle: Buffer;
  pinDigest: Buffer;
  users: number;
}

function loadModule(path: string): pkcs11js.PKCS11 {
  const have = modules.get(path);
  if (have) {
    have.users++;
    return have.lib;
  }
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(path);
    lib.C_Initialize();
  } catch (err) {
    throw new TokenError('MODULE_NOT_LOADED', `the PKCS#11 module ${path} could not be loaded (${(err as Error).message})`);
  }
  modules.set(path, { lib, users: 1 });
  return lib;
}

function releaseModule(path: string): void {
  const have = modules.get(path);
  if (!have || --have.users > 0) return;
  modules.delete(path);
  try {
    have.lib.C_Finalize();
  } finally {
    have.lib.close();
  }
}

const pinDigest = (pin: string) => createHash('sha256').update('keyward:pin:v1\0').update(pin).digest();
const GCM = (iv: Buffer, aad: Buffer) => ({
  mechanism: pkcs11js.CKM_AES_GCM, parameter: { type: pkcs11js.CK_PARAMS_AES_GCM, iv, aad, ivBits: 96, tagBits: 128 },
});

/** A logged-in user session on one token. Synchronous: SoftHSM and most modules answer in microseconds. */
export class TokenSession {
  private closed = false;
  private constructor(private readonly lib: pkcs11js.PKCS11, private readonly key: string, private readonly shared: SharedSession) {}

  /** Opens (or joins) the logged-in session on the token; the PIN is checked even when the session exists. */
  static open(at: TokenLocation, pin: string): TokenSession {
    const lib = loadModule(at.module);
    const key = `${at.module}\0${at.tokenLabel}`;
    try {
      const existing = sessions.get(key);
      if (existing) {
        if (!timingSafeEqual(existing.pinDigest, pinDigest(pin))) throw new TokenError('PIN_INCORRECT', `the PIN for token ${at.tokenLabel} is incorrect`);
        existing.users++;
        return new TokenSession(lib, key, existing);
      }
      const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trim() === at.tokenLabel);
      if (!slot) throw new TokenError('TOKEN_NOT_FOUND', `no token labelled ${at.tokenLabel} in ${at.module}`);
      const handle = lib.C_OpenSession(slot, pkcs11js.CKF_RW_SESSION | pkcs11js.CKF_SERIAL_SESSION);
      try {
        lib.C_Login(handle, pkcs11js.CKU_USER, pin);
      } catch (err) {
        lib.C_CloseSession(handle);
        if ((err as Error).message === 'CKR_USER_ALREADY_LOGGED_IN') throw new TokenError('DEVICE_ERROR', `token ${at.tokenLabel} has a user logged in by another application`);
        throw new TokenError(failureOf(err), `login to token ${at.tokenLabel} failed (${(err as Error).message})`);
      }
      const shared = { module: at.module, handle, pinDigest: pinDigest(pin), users: 1 };
      sessions.set(key, shared);
      return new TokenSession(lib, key, shared);
    } catch (err) {
      releaseModule(at.module);
      throw err instanceof TokenError ? err : new TokenError(failureOf(err), `token ${at.tokenLabel}: ${(err as Error).message}`);
    }
  }

  /** Generates a persistent AES-256 key inside the token: sensitive, never extractable, private, encrypt/decrypt only. */
  generateAesKey(label: string, id: Buffer): Buffer {
    return this.call(() => this.lib.C_GenerateKey(this.shared.handle, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }, { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
      { type: pkcs11js.CKA_VALUE_LEN, value: 32 }, { type: pkcs11js.CKA_TOKEN, value: true }, { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true }, { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_ENCRYPT, value: true }, { type: pkcs11js.CKA_DECRYPT, value: true },
      { type: pkcs11js.CKA_WRAP, value: false }, { type: pkcs11js.CKA_UNWRAP, value: false },
      { type: pkcs11js.CKA_SIGN, value: false }, { type: pkcs11js.CKA_VERIFY, value: false }, { type: pkcs11js.CKA_DERIVE, value: false },
      { type: pkcs11js.CKA_LABEL, value: label }, { type: pkcs11js.CKA_ID, value: id },
    ]));
  }

  /** The handle of the secret key with this CKA_ID, if the token has one. */
  findKey(id: Buffer): Buffer | undefined {
    return this.call(() => {
      this.lib.C_FindObjectsInit(this.shared.handle, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY }, { type: pkcs11js.CKA_ID, value: id }]);
      try {
        return this.lib.C_FindObjects(this.shared.handle) ?? undefined;
      } finally {
        this.lib.C_FindObjectsFinal(this.shared.handle);
      }
    });
  }

  /** AES-GCM inside the token: ciphertext ‖ 16-byte tag. */
  gcmEncrypt(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
    return this.call(() => {
      this.lib.C_EncryptInit(this.shared.handle, GCM(iv, aad), key);
      return this.lib.C_Encrypt(this.shared.handle, plaintext, Buffer.alloc(plaintext.length + 16));
    });
  }

  /** Verifies and decrypts inside the token; null when the tag does not verify (the token answers an error). */
  gcmDecrypt(key: Buffer, iv: Buffer, ciphertextAndTag: Buffer, aad: Buffer): Buffer | null {
    if (ciphertextAndTag.length < 16) return null;
    try {
      this.lib.C_DecryptInit(this.shared.handle, GCM(iv, aad), key);
      return this.lib.C_Decrypt(this.shared.handle, ciphertextAndTag, Buffer.alloc(ciphertextAndTag.length));
    } catch {
      return null;
    }
  }

  /** Bytes from the token's random number generator. */
  random(bytes: number): Buffer {
    return this.call(() => this.lib.C_GenerateRandom(this.shared.handle, Buffer.alloc(bytes)));
  }

  destroyObject(key: Buffer): void {
    this.call(() => this.lib.C_DestroyObject(this.shared.handle, key));
  }

  /** CKA_SENSITIVE and CKA_EXTRACTABLE of a key object as the token reports them. */
  protection(key: Buffer): { sensitive: boolean; extractable: boolean } {
    const [s, e] = this.call(() => this.lib.C_GetAttributeValue(this.shared.handle, key, [{ type: pkcs11js.CKA_SENSITIVE }, { type: pkcs11js.CKA_EXTRACTABLE }]));
    return { sensitive: (s!.value as Buffer)[0] === 1, extractable: (e!.value as Buffer)[0] === 1 };
  }

  /** Leaves the session; the last user logs out and closes it. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (--this.shared.users === 0) {
      sessions.delete(this.key);
      try {
        this.lib.C_Logout(this.shared.handle);
      } catch { /* a removed token is logged out already */ }
      try {
        this.lib.C_CloseSession(this.shared.handle);
      } catch { /* likewise */ }
    }
    releaseModule(this.shared.module);
  }

  private call<T>(fn: () => T): T {
    if (this.closed) throw new TokenError('DEVICE_ERROR', 'the token session is closed');
    try {
      return fn();
    } catch (err) {
      throw err instanceof TokenError ? err : new TokenError(failureOf(err), `token operation failed (${(err as Error).message})`);
    }
  }
}
