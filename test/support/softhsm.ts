// A SoftHSM2 token of a test's own: a fresh token directory under a temporary SOFTHSM2_CONF (apt-get install softhsm2
// opensc; .ci/run installs them), initialised with softhsm2-util, and pkcs11-tool to look at its objects.
import { execFileSync } from 'node:child_process';
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
