// `keyward operator ...`: the installation's roots of trust, seal and backups, one file per command (docs/operations.md).
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerOperatorBackup } from './operator-backup.js';
import { registerOperatorInit } from './operator-init.js';
import { registerOperatorRekey } from './operator-rekey.js';
import { registerOperatorRestore } from './operator-restore.js';
import { registerOperatorRotateBarrier } from './operator-rotate-barrier.js';
import { registerOperatorSeal } from './operator-seal.js';
import { registerOperatorStatus } from './operator-status.js';
import { registerOperatorUnseal } from './operator-unseal.js';

export function registerOperator(program: Command, ctx: CliContext): void {
  const operator = program.command('operator').description('Initialise, unseal, seal, rekey and back up an installation');
  for (const register of [registerOperatorInit, registerOperatorUnseal, registerOperatorSeal, registerOperatorStatus,
    registerOperatorRekey, registerOperatorRotateBarrier, registerOperatorBackup, registerOperatorRestore]) register(operator, ctx);
}
