// The keyward command line: one commander program, one file per command under src/cli/commands/ (docs/cli.md). Exit status:
// 0 success, 1 the command ran and found a failure, 2 usage or configuration errors.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../server/config.js';
import type { CliContext } from './cli-context.js';
import { registerAudit } from './commands/audit.js';
import { registerCompletion } from './commands/completion.js';
import { registerDatakey } from './commands/datakey.js';
import { registerDecrypt } from './commands/decrypt.js';
import { registerDoctor } from './commands/doctor.js';
import { registerEncrypt } from './commands/encrypt.js';
import { registerKey } from './commands/key-show.js';
import { registerKeys } from './commands/keys.js';
import { registerOperator } from './commands/operator.js';
import { registerScan } from './commands/scan.js';
import { registerServer } from './commands/server.js';
import { registerReceipt } from './commands/receipt.js';
import { CommandFailure } from './keyward-endpoint.js';
import { UsageError } from './usage-error.js';

/** Every top-level command, in the order `keyward --help` lists them. */
const COMMANDS: readonly ((program: Command, ctx: CliContext) => void)[] = [
  registerServer, registerOperator, registerAudit, registerKeys, registerKey, registerDatakey, registerEncrypt, registerDecrypt, registerScan, registerReceipt, registerDoctor, registerCompletion,
];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('keyward')
    .description('Keyward: a self-hosted key management service that speaks the AWS KMS protocol')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out(s.trimEnd()), writeErr: (s) => ctx.err(s.trimEnd()) })
    .showHelpAfterError()
    .option('-q, --quiet', 'no progress bars or notes for people on stderr (errors are still printed)')
    .hook('preAction', (cmd) => {
      ctx.quiet = Boolean(cmd.opts().quiet);
    });
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** Runs the command line; resolves to the exit status (-1: keep running). */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // help and version exit 0; usage errors 2
    if (err instanceof UsageError || err instanceof ConfigError) {
      ctx.err(`keyward: ${err.message}`);
      return 2;
    }
    if (err instanceof CommandFailure) {
      ctx.err(`keyward: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

