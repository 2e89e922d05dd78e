// `keyward audit hash VALUE`: the HMAC under which the audit log records a sensitive value (encryption-context
// values, grant tokens), and the events that hold it, from a running server (HashAuditValue, then LookupEvents with
// HashedValue), SigV4-signed with the caller's AWS credentials; the value never reaches the log. Exit 0 (also when
// nothing matched); 1 the server refused or could not be reached; 2 usage.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { callKeyward, endpointOf } from '../keyward-endpoint.js';
import { readSecret } from '../secret-input.js';
import { UsageError } from '../usage-error.js';
import { eventTable } from './audit-query.js';

interface Options { endpoint?: string; max?: string; hashOnly?: boolean; json?: boolean }

export function registerAuditHash(audit: Command, ctx: CliContext): void {
  audit.command('hash').description('The audit HMAC of a sensitive value, and the audit events that record it')
    .argument('<value>', "the value as the request carried it (an encryption-context value, a grant token); '-' reads it from a pipe (one trailing newline dropped) or asks without echo")
    .option('--endpoint <url>', 'the server (default http://127.0.0.1:8080; env KEYWARD_ENDPOINT)')
    .option('--max <n>', 'at most this many events (default 50)', '50')
    .option('--hash-only', 'print the hash and do not look up events')
    .option('--json', 'print {"Hash": ..., "Events": [CloudTrail events]}')
    .addHelpText('after', `
Needs keyward:HashAuditValue (and keyward:LookupEvents to list events): grant them to auditors only.
Exit status: 0 (also when nothing matched); 1 refused or unreachable; 2 usage.

Examples:
  keyward audit hash customer-4711
  printf %s "$TOKEN" | keyward audit hash - --json`)
    .action(async (value: string, opts: Options) => {
      const max = Number(opts.max);
      if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new UsageError('--max must be an integer from 1 to 10000');
      const text = value === '-' ? await readSecret(undefined, 'value', 'Value to hash: ') : value;
      if (text.length === 0) throw new UsageError('the value is empty');
      const endpoint = endpointOf(opts, ctx.env);
      const hash = String((await callKeyward(endpoint, 'HashAuditValue', { Value: text }, ctx.env)).Hash);
      if (opts.hashOnly) return void ctx.out(opts.json ? JSON.stringify({ Hash: hash }) : hash);
      const events: Record<string, unknown>[] = [];
      let token: string | undefined;
      do {
        const page = await callKeyward(endpoint, 'LookupEvents', {
          LookupAttributes: [{ AttributeKey: 'HashedValue', AttributeValue: hash }], MaxResults: Math.min(50, max - events.length),
          ...(token ? { NextToken: token } : {}),
        }, ctx.env);
        for (const e of page.Events as { CloudTrailEvent: string }[]) events.push(JSON.parse(e.CloudTrailEvent) as Record<string, unknown>);
        token = page.NextToken as string | undefined;
      } while (token && events.length < max);
      if (opts.json) return void ctx.out(JSON.stringify({ Hash: hash, Events: events }));
      ctx.out(hash);
      ctx.out(eventTable(events));
    });
}
