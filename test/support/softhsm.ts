// A SoftHSM2 token of a test's own: a fresh token directory under a temporary SOFTHSM2_CONF (apt-get install softhsm2
// opensc; .ci/run installs them), initialised with softhsm2-util, and pkcs11-tool to look at its objects.
import { execFileSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = process.env.KEYWARD_TEST_PKCS11_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';

export interface TestToken {
  module: string;
  label: string;
  pin: string;
  /** A file holding the PIN (mode 0600), as the server and CLI want it. */
  pinFile: string;
  /** SOFTHSM2_CONF pointing at this token's directory: give it to every process that opens the token. */
  env: Record<string, string>;
  /** pkcs11-tool --list-objects, logged in. */
  listObjects(): string;
  remove(): void;
}

/** Creates a SoftHSM2 configuration with one initialised token per label (they share the configuration). */
export function createTokens(labels: string[], pin = 'kw-user-pin-1234'): TestToken[] {
  if (!existsSync(SOFTHSM_MODULE)) throw new Error(`SoftHSM2 is not installed (${SOFTHSM_MODULE}): apt-get install -y softhsm2 opensc`);
  const dir = mkdtempSync(join(tmpdir(), 'keyward-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { SOFTHSM2_CONF: conf };
  const pinFile = join(dir, 'pin');
  writeFileSync(pinFile, pin + '\n', { mode: 0o600 });
  for (const label of labels) {
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', 'kw-so-pin-1234', '--pin', pin], { env: { ...process.env, ...env }, stdio: 'pipe' });
  }
  return labels.map((label) => ({
    module: SOFTHSM_MODULE, label, pin, pinFile, env,
    listObjects: () => execFileSync('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', label, '--login', '--pin', pin, '--list-objects'],
      { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }));
}

/** A self-signed certificate (PEM) to pass as a custom key store's TrustAnchorCertificate. */
export function trustAnchorPem(): string {
  return execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null',
    '-subj', '/CN=keyward-test-trust-anchor', '-days', '2', '-outform', 'PEM'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A key check value of the token's AES key labelled `label`, computed inside the token: AES-GCM of one zero block under
 * IV 0^12 is AES_K(0^12 ‖ 00000002) (NIST SP 800-38D §7.1, the first counter block after J0), so anyone holding a
 * candidate 32-byte key can recompute it with AES-ECB: the way a byte scan recognises the material without extracting it.
 */
export async function tokenKeyCheckValue(token: TestToken, label: string): Promise<Buffer> {
  const { default: pkcs11js } = await import('pkcs11js');
  const saved = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = token.env.SOFTHSM2_CONF;
  const p = new pkcs11js.PKCS11();
  p.load(token.module);
  p.C_Initialize();
  try {
    const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === token.label)!;
    const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    p.C_Login(session, pkcs11js.CKU_USER, token.pin);
    p.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_LABEL, value: label }]);
    const key = p.C_FindObjects(session);
    p.C_FindObjectsFinal(session);
    if (!key) throw new Error(`no object ${label} in token ${token.label}`);
    const iv = Buffer.alloc(12);
    p.C_EncryptInit(session, { mechanism: pkcs11js.CKM_AES_GCM, parameter: { type: pkcs11js.CK_PARAMS_AES_GCM, iv, aad: Buffer.alloc(0), ivBits: 96, tagBits: 128 } as import('pkcs11js').AesGCM }, key);
    const out = p.C_Encrypt(session, Buffer.alloc(16), Buffer.alloc(32));
    p.C_CloseSession(session);
    return out.subarray(0, 16);
  } finally {
    p.C_Finalize();
    p.close();
    if (saved === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = saved;
  }
}

/** Whether any 32-byte window of `bytes` is the AES key with this check value (see tokenKeyCheckValue). */
export function containsKeyWithCheckValue(bytes: Buffer, kcv: Buffer): boolean {
  const block = Buffer.alloc(16);
  block[15] = 2;
  for (let i = 0; i + 32 <= bytes.length; i++) {
    const c = createCipheriv('aes-256-ecb', bytes.subarray(i, i + 32), null);
    c.setAutoPadding(false);
    if (c.update(block).equals(kcv)) return true;
  }
  return false;
}
