// `keyward operator init`: creates a new installation's roots of trust and first administrator (src/seal/initialize.ts)
// on a data directory or database, and prints the shares and the administrator's access key once.
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AlreadyInitialisedError, checkInitOptions, initializeInstallation, type InitOptions } from '../../seal/initialize.js';
import { openStore } from '../../server/main.js';
import type { CliContext } from '../cli-context.js';
import { CommandFailure } from '../keyward-endpoint.js';
import { checkAgeRecipients, encryptShares } from '../age-shares.js';
import { askHidden, readSecret } from '../secret-input.js';
import { addStoreOptions, scopeFromEnv, storeLocation } from '../store-options.js';
import { UsageError } from '../usage-error.js';

interface Options {
  dataDir?: string; databaseUrl?: string; shares?: string; threshold?: string; passphraseFile?: string; passphrase?: boolean;
  pkcs11Module?: string; pkcs11TokenLabel?: string; pkcs11PinFile?: string; shareDir?: string; ageRecipient?: string[]; json?: boolean;
}

export function registerOperatorInit(operator: Command, ctx: CliContext): void {
  addStoreOptions(operator.command('init').description('Initialise a new installation: roots of trust, barrier key, first administrator'))
    .option('--shares <n>', 'split the root key into N Shamir shares (2-255)')
    .option('--threshold <m>', 'shares needed to unseal (2-N)')
    .option('--passphrase-file <file>', 'also protect it with the passphrase in this file (mode 0600; Argon2id)')
    .option('--passphrase', 'also protect it with a passphrase asked on the terminal (twice)')
    .option('--pkcs11-module <lib>', 'also protect it with a non-extractable AES key generated in this PKCS#11 token...')
    .option('--pkcs11-token-label <label>', '...with this label...')
    .option('--pkcs11-pin-file <file>', '...logged in with the user PIN in this file (mode 0600)')
    .option('--share-dir <dir>', 'write each share to its own file share-<i> (mode 0600) in DIR instead of printing it')
    .option('--age-recipient <recipient...>', 'encrypt share i to the i-th age recipient (one per share; ASCII armor; share-<i>.age with --share-dir)')
    .option('--json', 'print {"shares", "threshold", "accessKeyId", "secretAccessKey"} and nothing else on stdout')
    .addHelpText('after', `
The shares and the administrator's secret access key are shown once and stored nowhere. Any one root unseals.

Examples:
  keyward operator init --data-dir /var/lib/keyward --shares 5 --threshold 3
  keyward operator init --data-dir /var/lib/keyward --shares 3 --threshold 2 --age-recipient age1... age1... age1... --share-dir shares
  keyward operator init --database-url postgres://keyward@db/keyward --shares 5 --threshold 3 --passphrase-file pass.txt
  keyward operator init --data-dir /var/lib/keyward --pkcs11-module /usr/lib/softhsm/libsofthsm2.so --pkcs11-token-label keyward --pkcs11-pin-file pin.txt`)
    .action(async (opts: Options) => {
      const init = await initOptions(opts, ctx.env);
      const at = storeLocation(opts, ctx.env);
      if (at.databaseUrl === undefined) mkdirSync(resolve(at.dataDir), { recursive: true, mode: 0o700 });
      const store = openStore({ dataDir: resolve(at.dataDir), databaseUrl: at.databaseUrl });
      try {
        await store.migrate();
        const r = await initializeInstallation(store, init);
        if (opts.ageRecipient) r.shares = encryptShares(r.shares, opts.ageRecipient);
        if (opts.shareDir) writeShares(opts.shareDir, r.shares, opts.ageRecipient ? '.age' : '');
        const printed = opts.shareDir ? [] : r.shares;
        if (opts.json) ctx.out(JSON.stringify({ shares: printed, threshold: r.threshold, accessKeyId: r.accessKeyId, secretAccessKey: r.secretAccessKey }));
        else describe(ctx, r, printed, opts);
      } catch (err) {
        if (err instanceof AlreadyInitialisedError) throw new CommandFailure(err.message);
        throw err;
      } finally {
        await store.close();
      }
    });
}

async function initOptions(o: Options, env: NodeJS.ProcessEnv): Promise<InitOptions> {
  if ((o.shares === undefined) !== (o.threshold === undefined)) throw new UsageError('--shares and --threshold go together');
  const pk = [o.pkcs11Module, o.pkcs11TokenLabel, o.pkcs11PinFile];
  if (pk.some((v) => v !== undefined) && pk.some((v) => v === undefined)) throw new UsageError('--pkcs11-module, --pkcs11-token-label and --pkcs11-pin-file go together');
  let passphrase: string | undefined;
  if (o.passphraseFile !== undefined) passphrase = await readSecret(o.passphraseFile, 'passphrase', '');
  else if (o.passphrase) {
    passphrase = await askHidden('New unseal passphrase: ');
    if ((await askHidden('Repeat it: ')) !== passphrase) throw new UsageError('the passphrases differ');
  }
  const init: InitOptions = {
    shares: o.shares === undefined ? undefined : { count: Number(o.shares), threshold: Number(o.threshold) },
    passphrase,
    pkcs11: o.pkcs11Module ? { module: o.pkcs11Module, tokenLabel: o.pkcs11TokenLabel!, pin: await readSecret(o.pkcs11PinFile, 'PIN', '') } : undefined,
    ...scopeFromEnv(env), now: Date.now(),
  };
  try {
    checkInitOptions(init);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (o.ageRecipient) checkAgeRecipients(o.ageRecipient, init.shares?.count);
  return init;
}

function writeShares(dir: string, shares: string[], suffix: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  shares.forEach((s, i) => writeFileSync(join(dir, `share-${i + 1}${suffix}`), s.endsWith('\n') ? s : s + '\n', { mode: 0o600, flag: 'wx' }));
}

function describe(ctx: CliContext, r: Awaited<ReturnType<typeof initializeInstallation>>, printed: string[], o: Options): void {
  ctx.out(`Keyward installation initialised; roots of trust: ${r.roots.join(', ')}.`);
  if (r.threshold > 0) {
    ctx.out(`Unseal shares: ${r.threshold} of ${r.shares.length} unseal it. Shown once and stored nowhere: give one to each operator.`);
    if (o.ageRecipient) printed.forEach((s, i) => ctx.out(`  share ${i + 1}, encrypted to ${o.ageRecipient![i]}:\n${s.trimEnd()}`));
    else printed.forEach((s, i) => ctx.out(`  share ${i + 1}: ${s}`));
    if (o.shareDir) ctx.out(`  written to ${o.shareDir}/share-1 ... share-${r.shares.length} (mode 0600)`);
  }
  ctx.out('First administrator (shown once):');
  ctx.out(`  AWS_ACCESS_KEY_ID=${r.accessKeyId}`);
  ctx.out(`  AWS_SECRET_ACCESS_KEY=${r.secretAccessKey}`);
  ctx.out('Next: start keyward server on this installation (without --dev), then keyward operator unseal.');
}
