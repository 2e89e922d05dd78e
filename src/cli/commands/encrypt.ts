// `keyward encrypt`: registers the command with commander and hands its arguments to src/cli/encrypt.ts, which parses its own
// option table (so --help shows that table with examples) and runs in a heap-bounded child (src/cli/bounded-heap.ts).
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { inBoundedHeap } from '../bounded-heap.js';
import { encryptCommand } from '../encrypt.js';

export function registerEncrypt(program: Command, ctx: CliContext): void {
  program
    .command('encrypt')
    .description('Encrypt files or streams into AWS Encryption SDK messages (keyward encrypt --help)')
    .argument('[args...]')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (_args: string[], _opts: unknown, cmd: Command) => {
      const args = ctx.quiet ? [...cmd.args, '--quiet'] : cmd.args; // keyward --quiet encrypt ...
      ctx.exitCode = (await inBoundedHeap(['encrypt', ...args])) ?? (await encryptCommand(args));
    });
}
