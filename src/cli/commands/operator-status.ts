// `keyward operator status`: a running server's seal status (GET /_keyward/seal-status).
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { adminRoute, endpointOf } from '../keyward-endpoint.js';

export function printSealStatus(ctx: CliContext, s: Record<string, unknown>, json: boolean | undefined): void {
  if (json) return ctx.out(JSON.stringify({ sealed: s.sealed, progress: s.progress, threshold: s.threshold, shares: s.shares, nonce: s.nonce, roots: s.roots }));
  ctx.out(`sealed: ${String(s.sealed)}`);
  if (Number(s.threshold) > 0) ctx.out(`progress: ${String(s.progress)} of ${String(s.threshold)} (${String(s.shares)} shares issued)`);
  if (s.nonce) ctx.out(`nonce: ${String(s.nonce)}`);
  ctx.out(`roots: ${(s.roots as string[] | undefined ?? []).join(', ')}`);
}

export function registerOperatorStatus(operator: Command, ctx: CliContext): void {
  operator.command('status').description("A running server's seal status")
    .option('--endpoint <url>', 'the server (default http://127.0.0.1:8080; env KEYWARD_ENDPOINT)')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExit status: 0 unsealed, 1 sealed or unreachable, 2 usage.\n\nExample:\n  keyward operator status --endpoint http://127.0.0.1:8080 --json')
    .action(async (opts: { endpoint?: string; json?: boolean }) => {
      const res = await adminRoute(endpointOf(opts, ctx.env), '/_keyward/seal-status');
      printSealStatus(ctx, res.body, opts.json);
      ctx.exitCode = res.body.sealed === false ? 0 : 1;
    });
}
