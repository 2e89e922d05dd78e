// `keyward operator rotate-barrier`: starts a barrier rotation on a running installation (KeywardService.RotateBarrier,
// administrators only) and, with --wait, follows it (KeywardService.DescribeBarrier) until it completes.
import type { Command } from 'commander';
import { note, type CliContext } from '../cli-context.js';
import { callKeyward, endpointOf } from '../keyward-endpoint.js';
import { UsageError } from '../usage-error.js';

interface Options { endpoint?: string; batchSize?: string; wait?: boolean; json?: boolean }

export function registerOperatorRotateBarrier(operator: Command, ctx: CliContext): void {
  operator.command('rotate-barrier').description('Add a barrier key term and re-seal everything under it, online (administrators only)')
    .option('--endpoint <url>', 'the server (default http://127.0.0.1:8080; env KEYWARD_ENDPOINT)')
    .option('--batch-size <n>', 'values re-sealed per transaction (1-1000, default 200)')
    .option('--wait', 'follow the rotation until the old terms are retired, printing progress on stderr')
    .option('--json', 'print the final barrier description as JSON')
    .addHelpText('after', `
Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE (the administrator's access key).
Every ciphertext stays decryptable throughout; a crash resumes where it left off after the next unseal.

Example:
  AWS_PROFILE=keyward keyward operator rotate-barrier --endpoint http://127.0.0.1:8080 --wait`)
    .action(async (opts: Options) => {
      const endpoint = endpointOf(opts, ctx.env);
      const batch = opts.batchSize === undefined ? undefined : Number(opts.batchSize);
      if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 1000)) throw new UsageError('--batch-size must be an integer from 1 to 1000');
      let d = await callKeyward(endpoint, 'RotateBarrier', batch === undefined ? {} : { BatchSize: batch }, ctx.env);
      while (opts.wait && (d.Rotation as { State?: string } | undefined)?.State === 'IN_PROGRESS') {
        note(ctx, `barrier term ${String((d.Rotation as Record<string, unknown>).TargetTerm)}: ${String((d.Rotation as Record<string, unknown>).Resealed)} values re-sealed`);
        await new Promise((r) => setTimeout(r, 1000));
        d = await callKeyward(endpoint, 'DescribeBarrier', {}, ctx.env);
      }
      if (opts.json) return ctx.out(JSON.stringify(d));
      const r = d.Rotation as Record<string, unknown> | undefined;
      ctx.out(`current term: ${String(d.CurrentTerm)}; terms in use: ${(d.Terms as number[]).join(', ')}`);
      if (r) ctx.out(`rotation to term ${String(r.TargetTerm)}: ${String(r.State)}, ${String(r.Resealed)} values re-sealed${r.RetiredTerms ? `, retired terms ${(r.RetiredTerms as number[]).join(', ') || 'none'}` : ''}`);
    });
}
