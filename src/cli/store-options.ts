// The options that say which installation a command reads: --data-dir (SQLite) or --database-url (PostgreSQL), with
// the server's environment variables as defaults, so a command sees the same installation as the server.
import type { Command } from 'commander';
import { OPTIONS } from '../server/config.js';
import type { StoreLocation } from './audit-source.js';

export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', `the SQLite data directory (default ${OPTIONS.dataDir.default}; env KEYWARD_DATA_DIR)`)
    .option('--database-url <url>', 'a PostgreSQL database instead (env KEYWARD_DATABASE_URL)');
}

export function storeLocation(opts: { dataDir?: string; databaseUrl?: string }, env: NodeJS.ProcessEnv): StoreLocation {
  return {
    dataDir: opts.dataDir ?? env.KEYWARD_DATA_DIR ?? OPTIONS.dataDir.default,
    databaseUrl: opts.databaseUrl ?? env.KEYWARD_DATABASE_URL,
  };
}

/** The account and Region the server signs for (checkpoints and ARNs name them). */
export function scopeFromEnv(env: NodeJS.ProcessEnv): { accountId: string; region: string } {
  return { accountId: env.KEYWARD_ACCOUNT_ID ?? OPTIONS.accountId.default, region: env.KEYWARD_REGION ?? OPTIONS.region.default };
}
