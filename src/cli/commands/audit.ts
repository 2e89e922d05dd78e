// `keyward audit ...`: the audit log's commands, one file each.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerAuditHash } from './audit-hash.js';
import { registerAuditPublicKey } from './audit-public-key.js';
import { registerAuditQuery } from './audit-query.js';
import { registerAuditVerify } from './audit-verify.js';

export function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('Check and query the tamper-evident audit log');
  registerAuditVerify(audit, ctx);
  registerAuditPublicKey(audit, ctx);
  registerAuditQuery(audit, ctx);
  registerAuditHash(audit, ctx);
}
