// `keyward decrypt`: registers the command with commander and hands its arguments to src/cli/decrypt.ts, which parses its own
// option table (so --help shows that table with examples) and runs in a heap-bounded child (src/cli/bounded-heap.ts).
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { inBoundedHeap } from '../bounded-heap.js';
import { decryptCommand } from '../decrypt.js';

export function registerDecrypt(program: Command, ctx: CliContext): void {
  program
    .command('decrypt')
    .description('Decrypt AWS Encryption SDK messages, releasing plaintext only once authenticated (keyward decrypt --help)')
    .argument('[args...]')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (_args: string[], _opts: unknown, cmd: Command) => {
      const args = ctx.quiet ? [...cmd.args, '--quiet'] : cmd.args; // keyward --quiet decrypt ...
      ctx.exitCode = (await inBoundedHeap(['decrypt', ...args])) ?? (await decryptCommand(args));
    });
}
