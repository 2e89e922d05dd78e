#!/usr/bin/env node
// The keyward command's entry point (package.json "bin"): runs src/cli/program.ts on the process's arguments.
import type { CliContext } from './cli-context.js';
import { runCli } from './program.js';

const ctx: CliContext = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  env: process.env,
  exitCode: 0,
};
runCli(process.argv.slice(2), ctx).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`keyward: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
