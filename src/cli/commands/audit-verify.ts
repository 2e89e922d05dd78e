// `keyward audit verify`: recomputes the audit log's hash chain and checks the signed checkpoints, read-only, while the
// server runs or not (src/audit/log-verifier.ts). Exit 0 intact; 1 broken, a checkpoint fails or an anchor does not
// match; 2 usage.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { describeVerifyResult, verifiedOk, verifyAuditLog } from '../../audit/log-verifier.js';
import { parseCheckpointPublicKey } from '../../audit/checkpoint.js';
import { openAuditSource } from '../audit-source.js';
import type { CliContext } from '../cli-context.js';
import { addStoreOptions, scopeFromEnv, storeLocation } from '../store-options.js';
import { UsageError } from '../usage-error.js';

interface Options { dataDir?: string; databaseUrl?: string; anchor?: string; publicKey?: string; json?: boolean }

export function registerAuditVerify(audit: Command, ctx: CliContext): void {
  addStoreOptions(audit.command('verify').description('Recompute the audit hash chain and check the signed checkpoints (read-only)'))
    .option('--anchor <seq:hash>', 'a head printed by an earlier run: record SEQ must still have HASH')
    .option('--public-key <file>', 'the checkpoint public key (PEM or DER SPKI) kept outside the database; the key in the database must be this one')
    .option('--json', 'print the result as one JSON object')
    .addHelpText('after', `
Exit status: 0 intact; 1 broken, a checkpoint fails or an anchor does not match; 2 usage.
KEYWARD_ACCOUNT_ID and KEYWARD_REGION must be as the server has them (checkpoints are signed for them).

Examples:
  keyward audit verify --data-dir .keyward
  keyward audit verify --database-url postgres://keyward@db/keyward --anchor 1042:9f2c...e1 --public-key audit.pem --json`)
    .action(async (opts: Options) => {
      const anchor = opts.anchor === undefined ? undefined : parseAnchor(opts.anchor);
      const pinnedKey = opts.publicKey === undefined ? undefined : readPinnedKey(opts.publicKey);
      const source = openAuditSource(storeLocation(opts, ctx.env));
      try {
        const result = await verifyAuditLog(source, { anchor, pinnedKey, scope: scopeFromEnv(ctx.env) });
        ctx.out(opts.json ? JSON.stringify(result) : describeVerifyResult(result));
        ctx.exitCode = verifiedOk(result) ? 0 : 1;
      } finally {
        await source.close();
      }
    });
}

function parseAnchor(value: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!m) throw new UsageError('--anchor must be SEQ:HASH (a sequence number and 64 lowercase hex digits)');
  return { seq: Number(m[1]), hash: m[2]! };
}

function readPinnedKey(file: string) {
  try {
    return parseCheckpointPublicKey(readFileSync(file));
  } catch (err) {
    throw new UsageError(`--public-key ${file}: ${(err as Error).message}`);
  }
}
