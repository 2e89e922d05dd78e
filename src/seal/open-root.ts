// Chooses an installation's root of trust at start: the roots `keyward operator init` configured (seal_config in the
// store), or — in dev mode only, on an installation without them — the dev key file. Outside dev mode an installation
// that was never initialised is refused.
import { readFileSync, statSync } from 'node:fs';
import type { RootOfTrust, Store } from '../core/ports.js';
import { ConfiguredRoot } from './configured-root.js';
import { KeyFileRoot } from './dev-key-file.js';
import { parseSealConfig, SEAL_CONFIG_META } from './seal-config.js';

export class NotInitialisedError extends Error {}

export interface RootOptions {
  dev: boolean;
  devKeyFile: string;
  createDevKeyFile: boolean;
  pkcs11?: { module: string; tokenLabel: string; pinFile: string } | undefined;
}

export async function openRootOfTrust(store: Store, opts: RootOptions): Promise<RootOfTrust> {
  const text = await store.getMeta(SEAL_CONFIG_META);
  if (text !== undefined) {
    const pkcs11 = opts.pkcs11 && { module: opts.pkcs11.module, tokenLabel: opts.pkcs11.tokenLabel, pin: readSecretFile(opts.pkcs11.pinFile, 'PIN') };
    return new ConfiguredRoot(parseSealConfig(text), pkcs11, () => store.getMeta(SEAL_CONFIG_META));
  }
  if (opts.dev) return KeyFileRoot.open(opts.devKeyFile, opts.createDevKeyFile);
  throw new NotInitialisedError(
    'this installation has no roots of trust: initialise it with keyward operator init (a dev-mode data directory cannot be used outside --dev)');
}

/** A secret from a file (a PIN, a passphrase): mode 0600 or stricter, surrounding whitespace and line ends dropped. */
export function readSecretFile(path: string, what: string): string {
  const st = statSync(path);
  if ((st.mode & 0o077) !== 0) throw new Error(`the ${what} file ${path} must not be readable by group or others (chmod 600)`);
  const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  if (value.length === 0) throw new Error(`the ${what} file ${path} is empty`);
  return value;
}

