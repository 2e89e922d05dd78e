// `keyward operator unseal`: submits one unseal key (a share or the passphrase) to a running server's
// POST /_keyward/unseal and prints the progress, or resets the attempt in progress.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { adminRoute, CommandFailure, endpointOf } from '../keyward-endpoint.js';
import { readSecret } from '../secret-input.js';
import { printSealStatus } from './operator-status.js';

interface Options { endpoint?: string; keyFile?: string; nonce?: string; reset?: boolean; json?: boolean }

export function registerOperatorUnseal(operator: Command, ctx: CliContext): void {
  operator.command('unseal').description('Submit one unseal key (a share or the passphrase) to a running server')
    .option('--endpoint <url>', 'the server (default http://127.0.0.1:8080; env KEYWARD_ENDPOINT)')
    .option('--key-file <file>', 'read the share or passphrase from this file (mode 0600); else from a pipe, else asked without echo')
    .option('--nonce <nonce>', 'join only the attempt with this nonce (printed by the first submission)')
    .option('--reset', 'forget the shares submitted so far')
    .option('--json', 'print the seal status as JSON')
    .addHelpText('after', `
Exit status: 0 accepted (sealed or not), 1 refused (the progress so far is kept), 2 usage.

Examples:
  keyward operator unseal --endpoint http://10.0.0.5:8080          # asks for a share
  keyward operator unseal --key-file share-2 --nonce 4f1c...
  keyward operator unseal --reset`)
    .action(async (opts: Options) => {
      const endpoint = endpointOf(opts, ctx.env);
      const body = opts.reset ? { reset: true } : { key: await readSecret(opts.keyFile, 'unseal key', 'Unseal key (share or passphrase): '), ...(opts.nonce ? { nonce: opts.nonce } : {}) };
      const res = await adminRoute(endpoint, '/_keyward/unseal', body);
      if (res.status !== 200 && res.status !== 400) throw new CommandFailure(`Keyward answered ${res.status}`);
      printSealStatus(ctx, res.body, opts.json);
      if (res.status === 400) {
        ctx.err(`keyward: unseal key refused: ${String(res.body.error)}`);
        ctx.exitCode = 1;
      }
    });
}
