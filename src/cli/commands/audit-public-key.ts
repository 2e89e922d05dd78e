// `keyward audit public-key`: prints the audit checkpoint public key as PEM, to keep outside the database and pass back
// to `keyward audit verify --public-key`; exit 1 if the installation has none yet.
import type { Command } from 'commander';
import { storedPublicKey } from '../../audit/log-verifier.js';
import { openAuditSource } from '../audit-source.js';
import type { CliContext } from '../cli-context.js';
import { addStoreOptions, storeLocation } from '../store-options.js';

export function registerAuditPublicKey(audit: Command, ctx: CliContext): void {
  addStoreOptions(audit.command('public-key').description('Print the audit checkpoint public key (PEM)'))
    .addHelpText('after', '\nExample:\n  keyward audit public-key --data-dir .keyward > audit-checkpoint.pem')
    .action(async (opts: { dataDir?: string; databaseUrl?: string }) => {
      const source = openAuditSource(storeLocation(opts, ctx.env));
      try {
        const key = await storedPublicKey(source);
        if (!key) {
          ctx.out('no audit checkpoint key yet: start the server once on this database');
          ctx.exitCode = 1;
          return;
        }
        ctx.out((key.export({ format: 'pem', type: 'spki' }) as string).trimEnd());
      } finally {
        await source.close();
      }
    });
}
