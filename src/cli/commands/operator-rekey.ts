// `keyward operator rekey`: new shares and/or threshold for a running installation, authorised by a quorum of the
// current shares (/_keyward/rekey). Start it with --shares/--threshold, then each holder submits a current share with
// --nonce; the last submission prints the new shares, once.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { adminRoute, CommandFailure, endpointOf } from '../keyward-endpoint.js';
import { readSecret } from '../secret-input.js';
import { UsageError } from '../usage-error.js';

interface Options { endpoint?: string; shares?: string; threshold?: string; passphraseFile?: string; nonce?: string; keyFile?: string; cancel?: boolean; json?: boolean }

export function registerOperatorRekey(operator: Command, ctx: CliContext): void {
  operator.command('rekey').description('Replace the unseal shares (new count or threshold), authorised by a quorum of the current ones')
    .option('--endpoint <url>', 'the server (default http://127.0.0.1:8080; env KEYWARD_ENDPOINT)')
    .option('--shares <n>', 'start a rekey: the new number of shares')
    .option('--threshold <m>', '...and the new threshold')
    .option('--passphrase-file <file>', 'when starting: the passphrase of the installation\'s passphrase root, which is kept')
    .option('--nonce <nonce>', 'submit a current share to the rekey with this nonce')
    .option('--key-file <file>', 'read the current share from this file; else from a pipe, else asked without echo')
    .option('--cancel', 'cancel the rekey in progress')
    .option('--json', 'print the answer as JSON (the last one carries {"shares": [...], "threshold": M})')
    .addHelpText('after', `
Exit status: 0 accepted, 1 refused, 2 usage. Other nodes keep serving; they unseal with the new shares from then on.

Examples:
  keyward operator rekey --shares 7 --threshold 4            # prints the nonce
  keyward operator rekey --nonce 9a1c... --key-file share-1  # each holder of a current share, until the threshold`)
    .action(async (opts: Options) => {
      const endpoint = endpointOf(opts, ctx.env);
      const res = await adminRoute(endpoint, '/_keyward/rekey', await body(opts));
      if (opts.json) ctx.out(JSON.stringify(res.body));
      else describe(ctx, res.body);
      if (res.status !== 200) throw new CommandFailure(`rekey refused: ${String(res.body.error)}`);
    });
}

async function body(o: Options): Promise<Record<string, unknown>> {
  if (o.cancel) return { cancel: true };
  if (o.nonce !== undefined) return { key: await readSecret(o.keyFile, 'share', 'Current unseal share: '), nonce: o.nonce };
  if (o.shares === undefined || o.threshold === undefined) throw new UsageError('start a rekey with --shares and --threshold, or submit a share with --nonce');
  const passphrase = o.passphraseFile === undefined ? undefined : await readSecret(o.passphraseFile, 'passphrase', '');
  return { shares: Number(o.shares), threshold: Number(o.threshold), ...(passphrase !== undefined ? { passphrase } : {}) };
}

function describe(ctx: CliContext, b: Record<string, unknown>): void {
  if (Array.isArray(b.shares)) {
    ctx.out(`Rekeyed: ${String(b.threshold)} of ${b.shares.length} new shares unseal it; the old shares open nothing any more. Shown once:`);
    (b.shares as string[]).forEach((s, i) => ctx.out(`  share ${i + 1}: ${s}`));
    return;
  }
  if (b.started) ctx.out(`rekey in progress: ${String(b.progress)} of ${String(b.required)} current shares; nonce: ${String(b.nonce)}`);
  else if (!b.error) ctx.out('no rekey in progress');
}
