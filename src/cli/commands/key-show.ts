// `keyward key show ID`: one key on one screen: metadata, aliases, rotation (status and history), versions with state
// and usage (KeywardService.ListKeyVersions), grants, a summary of the key policy's statements and the lifecycle
// timeline (KeywardService.ListLifecycleEvents). `--json` prints all of it as one object. Exit 0; 1 refused, not
// found or unreachable; 2 usage.
import { GetKeyPolicyCommand, ListGrantsCommand, ListKeyRotationsCommand } from '@aws-sdk/client-kms';
import type { Command } from 'commander';
import { addAwsOptions, allPages, aws, awsSession, type AwsOptions, type AwsSession } from '../aws-client.js';
import type { CliContext } from '../cli-context.js';
import { table } from '../table.js';
import { aliasesByKey, describe, keyRow } from './keys.js';

interface Options extends AwsOptions { json?: boolean }

/** Each statement as Sid, Effect, principals, actions and whether it has conditions. */
export function policySummary(policy: string): { Sid: string; Effect: string; Principals: string[]; Actions: string[]; Conditional: boolean }[] {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return [];
  }
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return list(doc.Statement as Record<string, unknown> | Record<string, unknown>[]).map((s, i) => {
    const p = s.Principal ?? s.NotPrincipal;
    const principals = p === '*' ? ['*'] : typeof p === 'object' && p ? Object.values(p as Record<string, string | string[]>).flatMap((v) => list(v)) : [];
    return {
      Sid: typeof s.Sid === 'string' && s.Sid ? s.Sid : `#${i}`, Effect: String(s.Effect), Principals: principals,
      Actions: list((s.Action ?? s.NotAction) as string | string[]), Conditional: s.Condition !== undefined,
    };
  });
}

async function details(s: AwsSession, id: string) {
  // ListAliases takes a key id or ARN only: the metadata resolves an alias name first.
  const metadata = await describe(s, id);
  const key = await keyRow(s, metadata, await aliasesByKey(s, metadata.KeyId));
  const KeyId = key.KeyId;
  const rotations = key.RotationEnabled === null ? [] : await allPages(async (m) => {
    const r = await aws(s.kms.send(new ListKeyRotationsCommand({ KeyId, Marker: m })));
    return { items: (r.Rotations ?? []).map((x) => ({ RotationDate: x.RotationDate?.toISOString(), RotationType: x.RotationType })), next: r.Truncated ? r.NextMarker : undefined };
  });
  const grants = await allPages(async (m) => {
    const r = await aws(s.kms.send(new ListGrantsCommand({ KeyId, Marker: m })));
    return { items: (r.Grants ?? []).map((g) => ({ GrantId: g.GrantId, Name: g.Name, GranteePrincipal: g.GranteePrincipal, Operations: g.Operations })), next: r.Truncated ? r.NextMarker : undefined };
  });
  const policy = (await aws(s.kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' })))).Policy ?? '';
  const versions = await allPages(async (m) => {
    const r = await s.keyward('ListKeyVersions', { KeyId, ...(m ? { Marker: m } : {}) });
    return { items: r.Versions as Record<string, unknown>[], next: r.Truncated ? (r.NextMarker as string) : undefined };
  });
  const events = await allPages(async (m) => {
    const r = await s.keyward('ListLifecycleEvents', { KeyId, ...(m ? { Marker: m } : {}) });
    return { items: r.Events as Record<string, unknown>[], next: r.Truncated ? (r.NextMarker as string) : undefined };
  });
  return { Key: key, Rotations: rotations, Versions: versions, Grants: grants, PolicySummary: policySummary(policy), Timeline: events };
}

const date = (epochSeconds: unknown) => (typeof epochSeconds === 'number' ? new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

export function registerKeyShow(key: Command, ctx: CliContext): void {
  addAwsOptions(key.command('show').description('One key: metadata, aliases, rotation, versions, grants, policy summary, timeline'))
    .argument('<key-id>', 'key id, key ARN, alias name or alias ARN')
    .option('--json', 'print everything as one JSON object')
    .addHelpText('after', `
Exit status: 0; 1 refused, not found or unreachable; 2 usage.

Examples:
  keyward key show alias/backups
  keyward key show 1234abcd-12ab-34cd-56ef-1234567890ab --json`)
    .action(async (id: string, opts: Options) => {
      const s = await awsSession(opts, ctx.env);
      try {
        const d = await details(s, id);
        if (opts.json) return void ctx.out(JSON.stringify(d));
        const k = d.Key;
        ctx.out([
          `${k.Arn}`, `  state ${k.KeyState}, ${k.KeySpec} ${k.KeyUsage}, ${k.KeyManager} managed${k.Description ? `: ${k.Description}` : ''}`,
          `  aliases: ${k.Aliases.join(', ') || '-'}`,
          `  rotation: ${k.RotationEnabled === null ? 'not applicable' : k.RotationEnabled ? `on, next ${k.NextRotationDate ?? '-'}` : 'off'}${d.Rotations.length ? `, ${d.Rotations.length} rotation(s)` : ''}`,
          ...(k.DeletionDate ? [`  deletion scheduled: ${k.DeletionDate}`] : []),
        ].join('\n'));
        ctx.out('\nVersions');
        ctx.out(table(['VERSION', 'STATE', 'CURRENT', 'CREATED', 'CIPHERTEXTS', 'LAST USED'], d.Versions.map((v) => [
          String(v.KeyVersion), String(v.KeyVersionState), v.Current ? 'yes' : '', date(v.CreationDate), String(v.CiphertextsProduced ?? 0), date(v.LastUsedDate),
        ])));
        ctx.out('\nGrants');
        ctx.out(d.Grants.length === 0 ? 'none' : table(['GRANT ID', 'GRANTEE', 'OPERATIONS'], d.Grants.map((g) => [String(g.GrantId), String(g.GranteePrincipal), (g.Operations ?? []).join(',')])));
        ctx.out('\nKey policy');
        ctx.out(table(['SID', 'EFFECT', 'PRINCIPALS', 'ACTIONS', 'CONDITIONS'], d.PolicySummary.map((p) => [p.Sid, p.Effect, p.Principals.join(',') || '-', p.Actions.join(','), p.Conditional ? 'yes' : ''])));
        ctx.out('\nTimeline');
        ctx.out(d.Timeline.length === 0 ? 'no events' : table(['DATE', 'EVENT', 'VERSION', 'BY'], d.Timeline.map((e) => [
          date(e.EventDate), String(e.EventType), e.KeyVersion === undefined ? '' : String(e.KeyVersion), String(e.Principal),
        ])));
      } finally {
        s.close();
      }
    });
}

export function registerKey(program: Command, ctx: CliContext): void {
  const key = program.command('key').description('One KMS key (keyward key show ID)');
  registerKeyShow(key, ctx);
}
