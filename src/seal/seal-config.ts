// The seal configuration: which roots protect the root key and what each needs to open it, stored as JSON in the
// meta row `seal_config` (no secret in it: share digests, a salted passphrase wrap, a token key's label). Written
// once by `keyward operator init`, replaced by rekey; every node reads it to know how to unseal.
export const SEAL_CONFIG_META = 'seal_config';

export interface ShamirRootConfig {
  type: 'shamir';
  shares: number;
  threshold: number;
  /** SHA-256 of each share (see shamir-root.ts): a wrong share is told apart before it is combined. */
  digests: string[];
}

export interface PassphraseRootConfig {
  type: 'passphrase';
  kdf: 'argon2id';
  /** Argon2id parameters as recorded at init (RFC 9106 §4; OWASP's minimum is m=19 MiB, t=2, p=1). */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: string;
  /** The root key, AES-256-GCM under the derived key (base64: IV ‖ ciphertext ‖ tag). */
  wrapped: string;
}

export interface Pkcs11RootConfig {
  type: 'pkcs11';
  tokenLabel: string;
  /** CKA_LABEL and CKA_ID (hex) of the non-extractable AES key generated in the token. */
  keyLabel: string;
  keyId: string;
  /** The root key, CKM_AES_GCM inside the token (base64: IV ‖ ciphertext ‖ tag). */
  wrapped: string;
}

export type RootConfig = ShamirRootConfig | PassphraseRootConfig | Pkcs11RootConfig;

export interface SealConfig {
  version: 1;
  createdAt: number;
  /** RootKey.check() of the root key: recognises a reconstructed key. */
  rootKeyCheck: string;
  roots: RootConfig[];
}

export function parseSealConfig(text: string): SealConfig {
  const c = JSON.parse(text) as SealConfig;
  if (c.version !== 1 || !Array.isArray(c.roots) || c.roots.length === 0 || typeof c.rootKeyCheck !== 'string') {
    throw new Error('the stored seal configuration is not one this Keyward understands');
  }
  return c;
}

export function rootOf<T extends RootConfig['type']>(c: SealConfig, type: T): Extract<RootConfig, { type: T }> | undefined {
  return c.roots.find((r) => r.type === type) as Extract<RootConfig, { type: T }> | undefined;
}
