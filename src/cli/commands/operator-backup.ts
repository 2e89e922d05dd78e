// `keyward operator backup --out FILE`: a consistent online snapshot of an installation (SQLite's online backup API;
// one REPEATABLE READ transaction on PostgreSQL) while servers keep serving. Everything secret in it stays sealed.
import type { Command } from 'commander';
import { resolve, join } from 'node:path';
import { takeBackup } from '../../store/backup/backup-restore.js';
import { snapshotPostgres } from '../../store/postgres/postgres-backup.js';
import { snapshotSqlite } from '../../store/sqlite/sqlite-backup.js';
import type { CliContext } from '../cli-context.js';
import { CommandFailure } from '../keyward-endpoint.js';
import { addStoreOptions, storeLocation } from '../store-options.js';

export function registerOperatorBackup(operator: Command, ctx: CliContext): void {
  addStoreOptions(operator.command('backup').description('Write a consistent, still-sealed snapshot of an installation to a file'))
    .requiredOption('--out <file>', 'the backup file to create (refused if it exists; mode 0600)')
    .option('--json', 'print the manifest as JSON')
    .addHelpText('after', `
The backup is useless without one of the installation's roots of trust: key material, access-key secrets and service
secrets stay barrier-sealed, and the barrier keys stay wrapped by the root key. A manifest line (engine, schema
version, row counts, SHA-256 of the body) opens the file.

Examples:
  keyward operator backup --data-dir /var/lib/keyward --out /backups/keyward-$(date +%F).kwb
  keyward operator backup --database-url postgres://keyward@db/keyward --out keyward.kwb --json`)
    .action(async (opts: { dataDir?: string; databaseUrl?: string; out: string; json?: boolean }) => {
      const at = storeLocation(opts, ctx.env);
      const out = resolve(opts.out);
      const manifest = await takeBackup(at.databaseUrl === undefined ? 'sqlite' : 'postgres',
        () => (at.databaseUrl === undefined ? snapshotSqlite(join(resolve(at.dataDir), 'keyward.db')) : snapshotPostgres(at.databaseUrl)), out, Date.now())
        .catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') throw new CommandFailure(`${out} exists: choose a new file`);
          if (err.code === 'SQLITE_CANTOPEN') throw new CommandFailure(`no installation in ${at.dataDir}`);
          throw err;
        });
      if (opts.json) return ctx.out(JSON.stringify(manifest));
      const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
      ctx.out(`Backup written to ${out}: ${manifest.engine}, schema ${manifest.schemaVersion}, ${manifest.tables.keys ?? 0} keys, ${rows} rows, sha256 ${manifest.sha256}`);
    });
}
