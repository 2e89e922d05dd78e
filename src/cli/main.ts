#!/usr/bin/env node
// The keyward command's entry point (package.json "bin"): runs src/cli/program.ts on the process's arguments.
// `encrypt` and `decrypt` run in a heap-bounded child (src/cli/bounded-heap.ts); that child is started here, before the
// program and its dependencies are loaded, so a large file does not wait for this process to load them first.
import type { CliContext } from './cli-context.js';
import { inBoundedHeap } from './bounded-heap.js';

const argv = process.argv.slice(2);
const command = argv.find((a) => !a.startsWith('-'));
const bounded = command === 'encrypt' || command === 'decrypt' ? await inBoundedHeap(argv) : null;
if (bounded !== null) process.exit(bounded);

const { runCli } = await import('./program.js');
const ctx: CliContext = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  env: process.env,
  exitCode: 0,
};
runCli(argv, ctx).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`keyward: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
