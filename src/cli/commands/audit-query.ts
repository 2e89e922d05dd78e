// `keyward audit query`: the audit log's events, newest first, filtered like CloudTrail's LookupEvents (time range,
// event name and source, principal, key, access key, request id, errors), as a table or CloudTrail JSON; read-only,
// while the server runs or not. Exit 0 (also when nothing matched); 2 usage.
import type { Command } from 'commander';
import { cloudTrailEvent } from '../../audit/events/cloudtrail-event.js';
import type { AuditFilter } from '../../core/ports.js';
import { openAuditQuery } from '../audit-source.js';
import type { CliContext } from '../cli-context.js';
import { addStoreOptions, scopeFromEnv, storeLocation } from '../store-options.js';
import { table } from '../table.js';
import { UsageError } from '../usage-error.js';

interface Options {
  dataDir?: string; databaseUrl?: string; startTime?: string; endTime?: string; eventName?: string; eventSource?: string;
  principal?: string; key?: string; accessKeyId?: string; requestId?: string; error?: string | boolean; max?: string; json?: boolean;
}

const SOURCES: Record<string, (name: string) => string> = {
  kms: (n) => n, keyward: (n) => n, iam: (n) => `iam:${n}`, sts: (n) => `sts:${n}`,
};

/** ISO 8601 or epoch seconds, as the AWS CLI takes times. */
function parseTime(value: string, flag: string): number {
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) throw new UsageError(`${flag} must be an ISO 8601 time or epoch seconds, got ${value}`);
  return ms;
}

export function queryFilter(o: Options, scope: { accountId: string; region: string }): AuditFilter {
  const source = o.eventSource?.replace(/\.amazonaws\.com$/, '');
  if (source !== undefined && !(source in SOURCES)) throw new UsageError(`--event-source must be one of ${Object.keys(SOURCES).join(', ')}`);
  const operations = o.eventName === undefined ? undefined
    : source !== undefined ? [SOURCES[source]!(o.eventName)] : [...new Set(Object.values(SOURCES).map((f) => f(o.eventName!)))];
  const keyArn = o.key === undefined ? undefined : o.key.startsWith('arn:') ? o.key : `arn:aws:kms:${scope.region}:${scope.accountId}:key/${o.key}`;
  return {
    startTime: o.startTime === undefined ? undefined : parseTime(o.startTime, '--start-time'),
    endTime: o.endTime === undefined ? undefined : parseTime(o.endTime, '--end-time'),
    operations, principal: o.principal, keyArn, accessKeyId: o.accessKeyId, requestId: o.requestId,
    errorCode: o.error === undefined ? undefined : o.error === true ? '*' : String(o.error),
  };
}

export function registerAuditQuery(audit: Command, ctx: CliContext): void {
  addStoreOptions(audit.command('query').description('List audit events, newest first, filtered as CloudTrail LookupEvents (read-only)'))
    .option('--start-time <time>', 'events at or after this time (ISO 8601 or epoch seconds)')
    .option('--end-time <time>', 'events at or before this time')
    .option('--event-name <name>', 'an operation, e.g. Encrypt, CreateUser, AssumeRole')
    .option('--event-source <source>', 'kms, iam, sts or keyward (with or without .amazonaws.com)')
    .option('--principal <arn>', "the caller's ARN, or keyward:system for the scheduler's actions")
    .option('--key <id-or-arn>', 'the KMS key the event is about')
    .option('--access-key-id <id>', 'the access key that signed the request')
    .option('--request-id <id>', 'one request')
    .option('--error [code]', 'failed requests only (with a code: that error)')
    .option('--max <n>', 'at most this many events (default 50)', '50')
    .option('--json', 'print {"Events": [CloudTrail events]}')
    .addHelpText('after', `
Exit status: 0 (also when nothing matched); 2 usage.

Examples:
  keyward audit query --data-dir .keyward --event-name Decrypt --error
  keyward audit query --key 1234abcd-12ab-34cd-56ef-1234567890ab --start-time 2026-12-01T00:00:00Z --json
  keyward audit query --database-url postgres://keyward@db/keyward --principal arn:aws:iam::111122223333:user/alice`)
    .action(async (opts: Options) => {
      const scope = scopeFromEnv(ctx.env);
      const max = Number(opts.max);
      if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new UsageError('--max must be an integer from 1 to 10000');
      const filter = queryFilter(opts, scope);
      const source = openAuditQuery(storeLocation(opts, ctx.env));
      try {
        const events = (await source.search(filter, max)).map((r) => cloudTrailEvent(r, scope));
        if (opts.json) ctx.out(JSON.stringify({ Events: events }));
        else ctx.out(eventTable(events));
      } finally {
        await source.close();
      }
    });
}

/** Events as a table: time, name, source, principal, key, outcome. */
export function eventTable(events: readonly Record<string, unknown>[]): string {
  if (events.length === 0) return 'no events';
  const rows = events.map((e) => {
    const who = e.userIdentity as { arn?: string; type: string };
    const key = (e.resources as { ARN: string }[])[0]?.ARN.split('/').pop() ?? '-';
    return [String(e.eventTime), String(e.eventName), String(e.eventSource), who.arn ?? who.type, key, String(e.errorCode ?? 'ok')];
  });
  return table(['TIME', 'EVENT', 'SOURCE', 'PRINCIPAL', 'KEY', 'OUTCOME'], rows);
}
