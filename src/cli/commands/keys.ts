// `keyward keys`: the caller's KMS keys with state, spec, usage, aliases, rotation and the next lifecycle date (the
// next automatic rotation, or the deletion date), as a table or `--json`; ListKeys, DescribeKey, ListAliases and
// GetKeyRotationStatus through the AWS SDK. Exit 0; 1 refused or unreachable; 2 usage.
import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListKeysCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import type { Command } from 'commander';
import { addAwsOptions, allPages, aws, awsSession, type AwsOptions, type AwsSession } from '../aws-client.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../table.js';
import { UsageError } from '../usage-error.js';

interface Options extends AwsOptions { json?: boolean; max?: string; state?: string }

export interface KeyRow {
  KeyId: string; Arn: string; KeyState: string; KeySpec: string; KeyUsage: string; KeyManager: string; Aliases: string[];
  RotationEnabled: boolean | null; NextRotationDate: string | null; DeletionDate: string | null; Description: string;
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

/** Rotation applies to symmetric encryption keys made by KMS (AWS: GetKeyRotationStatus). */
const rotates = (m: KeyMetadata) => m.KeySpec === 'SYMMETRIC_DEFAULT' && m.Origin === 'AWS_KMS' && m.KeyState !== 'PendingDeletion';

/** A key's metadata (DescribeKey of an id, alias name or ARN). */
export async function describe(s: AwsSession, keyId: string): Promise<KeyMetadata> {
  return (await aws(s.kms.send(new DescribeKeyCommand({ KeyId: keyId })), s.endpoint)).KeyMetadata!;
}

export async function keyRow(s: AwsSession, m: KeyMetadata, aliases: Map<string, string[]>): Promise<KeyRow> {
  const rotation = rotates(m) ? await aws(s.kms.send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId })), s.endpoint) : undefined;
  return {
    KeyId: m.KeyId!, Arn: m.Arn!, KeyState: m.KeyState!, KeySpec: m.KeySpec!, KeyUsage: m.KeyUsage!, KeyManager: m.KeyManager!,
    Aliases: aliases.get(m.KeyId!) ?? [], RotationEnabled: rotation ? rotation.KeyRotationEnabled ?? false : null,
    NextRotationDate: iso(rotation?.NextRotationDate), DeletionDate: iso(m.DeletionDate), Description: m.Description ?? '',
  };
}

export async function aliasesByKey(s: AwsSession, keyId?: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const aliases = await allPages(async (marker) => {
    const page = await aws(s.kms.send(new ListAliasesCommand({ KeyId: keyId, Marker: marker })), s.endpoint);
    return { items: page.Aliases ?? [], next: page.Truncated ? page.NextMarker : undefined };
  });
  for (const a of aliases) {
    if (!a.TargetKeyId) continue;
    const list = out.get(a.TargetKeyId);
    if (list) list.push(a.AliasName!);
    else out.set(a.TargetKeyId, [a.AliasName!]);
  }
  return out;
}

export function registerKeys(program: Command, ctx: CliContext): void {
  addAwsOptions(program.command('keys').description('List KMS keys with state, spec, aliases, rotation and the next lifecycle date'))
    .option('--state <state>', 'only keys in this KeyState (Enabled, Disabled, PendingDeletion, ...)')
    .option('--max <n>', 'at most this many keys (default 1000)', '1000')
    .option('--json', 'print {"Keys": [...]}')
    .addHelpText('after', `
Exit status: 0; 1 refused or unreachable; 2 usage.

Examples:
  keyward keys
  keyward keys --state PendingDeletion --json
  AWS_PROFILE=keyward keyward keys`)
    .action(async (opts: Options) => {
      const max = Number(opts.max);
      if (!Number.isInteger(max) || max < 1) throw new UsageError('--max must be a positive integer');
      const s = await awsSession(opts, ctx.env);
      try {
        const keys = await allPages(async (marker) => {
          const page = await aws(s.kms.send(new ListKeysCommand({ Marker: marker, Limit: 1000 })), s.endpoint);
          return { items: page.Keys ?? [], next: page.Truncated ? page.NextMarker : undefined };
        }, max);
        const aliases = await aliasesByKey(s);
        const rows: KeyRow[] = [];
        for (const k of keys.slice(0, max)) {
          const row = await keyRow(s, await describe(s, k.KeyId!), aliases);
          if (!opts.state || row.KeyState === opts.state) rows.push(row);
        }
        if (opts.json) return void ctx.out(JSON.stringify({ Keys: rows }));
        ctx.out(rows.length === 0 ? 'no keys' : table(['KEY ID', 'STATE', 'SPEC', 'USAGE', 'ALIASES', 'ROTATION', 'NEXT'], rows.map((r) => [
          r.KeyId, r.KeyState, r.KeySpec, r.KeyUsage, r.Aliases.join(',') || '-',
          r.RotationEnabled === null ? '-' : r.RotationEnabled ? 'on' : 'off',
          r.DeletionDate ? `deleted ${r.DeletionDate.slice(0, 10)}` : r.NextRotationDate ? `rotates ${r.NextRotationDate.slice(0, 10)}` : '-',
        ])));
      } finally {
        s.close();
      }
    });
}
