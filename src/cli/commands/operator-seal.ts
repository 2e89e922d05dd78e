// `keyward operator seal`: seals the node at --endpoint (KeywardService.Seal, SigV4-signed with an administrator's
// access key): it forgets every key until operators unseal it again.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { callKeyward, endpointOf } from '../keyward-endpoint.js';

export function registerOperatorSeal(operator: Command, ctx: CliContext): void {
  operator.command('seal').description('Seal a running node (administrators only)')
    .option('--endpoint <url>', 'the server (default http://127.0.0.1:8080; env KEYWARD_ENDPOINT)')
    .option('--json', 'print {"sealed": true} as JSON')
    .addHelpText('after', `
Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE (the administrator's access key).

Example:
  AWS_PROFILE=keyward keyward operator seal --endpoint http://127.0.0.1:8080`)
    .action(async (opts: { endpoint?: string; json?: boolean }) => {
      await callKeyward(endpointOf(opts, ctx.env), 'Seal', {}, ctx.env);
      ctx.out(opts.json ? JSON.stringify({ sealed: true }) : 'sealed');
    });
}
