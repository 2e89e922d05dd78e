// `keyward operator restore FILE`: restores a backup into an empty installation (a new data directory or database),
// refusing keys that a destruction ledger lists — the target's, the backup's, or newer backups' (--ledger-from).
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { auditSystemEvent } from '../../core/lifecycle/system-audit.js';
import { openStore } from '../../server/main.js';
import { BackupFileError, readBackup } from '../../store/backup/backup-format.js';
import { checkEngine, restoreBackup, RestoreRefusedError } from '../../store/backup/backup-restore.js';
import { postgresRestoreTarget } from '../../store/postgres/postgres-backup.js';
import { sqliteRestoreTarget } from '../../store/sqlite/sqlite-backup.js';
import type { CliContext } from '../cli-context.js';
import { CommandFailure } from '../keyward-endpoint.js';
import { addStoreOptions, storeLocation } from '../store-options.js';

interface Options { dataDir?: string; databaseUrl?: string; ledgerFrom?: string[]; json?: boolean }

export function registerOperatorRestore(operator: Command, ctx: CliContext): void {
  addStoreOptions(operator.command('restore').description('Restore a backup into an empty installation'))
    .argument('<file>', 'a file written by keyward operator backup')
    .option('--ledger-from <backup...>', 'newer backups whose destruction ledgers also apply (keys destroyed since stay destroyed)')
    .option('--json', 'print {"tables", "skippedDestroyedKeys"} as JSON')
    .addHelpText('after', `
The target must be empty (never initialised, no keys) and run the Keyward version that made the backup. The restored
installation starts sealed: unseal it with the roots of trust it had when the backup was taken.

Examples:
  keyward operator restore /backups/keyward-2026-12-01.kwb --data-dir /var/lib/keyward-new
  keyward operator restore old.kwb --data-dir /var/lib/keyward-new --ledger-from /backups/keyward-latest.kwb`)
    .action(async (file: string, opts: Options) => {
      const report = await restore(file, opts, ctx.env).catch((err: unknown) => {
        if (err instanceof BackupFileError || err instanceof RestoreRefusedError) throw new CommandFailure(err.message);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CommandFailure(`${(err as NodeJS.ErrnoException).path ?? file} does not exist`);
        throw err;
      });
      if (opts.json) return ctx.out(JSON.stringify(report));
      ctx.out(`Restored ${report.tables.keys ?? 0} keys from ${file}; the installation is sealed until unsealed with its roots of trust.`);
      if (report.skippedDestroyedKeys.length) ctx.out(`Not restored (destroyed, per the destruction ledger): ${report.skippedDestroyedKeys.join(', ')}`);
    });
}

async function restore(file: string, opts: Options, env: NodeJS.ProcessEnv) {
  const backup = readBackup(resolve(file)); // manifest and checksum checked before the target is touched
  const newer = (opts.ledgerFrom ?? []).map((f) => readBackup(resolve(f)));
  const at = storeLocation(opts, env);
  const dataDir = resolve(at.dataDir);
  checkEngine(backup, at.databaseUrl === undefined ? 'sqlite' : 'postgres'); // before the target is created or migrated
  if (at.databaseUrl === undefined) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = openStore({ dataDir, databaseUrl: at.databaseUrl });
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
  const report = at.databaseUrl === undefined
    ? await restoreBackup('sqlite', sqliteRestoreTarget(join(dataDir, 'keyward.db')), backup, newer)
    : await restoreBackup('postgres', postgresRestoreTarget(at.databaseUrl), backup, newer);
  const restored = openStore({ dataDir, databaseUrl: at.databaseUrl });
  try {
    await auditSystemEvent({ append: async (e) => void (await restored.appendAudit([e])) }, Date.now(), 'RestoreBackup', {
      createdAt: backup.manifest.createdAt, sha256: backup.manifest.sha256, keys: report.tables.keys ?? 0, skippedDestroyedKeys: report.skippedDestroyedKeys,
    });
  } finally {
    await restored.close();
  }
  return report;
}
