#!/usr/bin/env node
// The keyward command. `keyward server [--dev] [--listen HOST:PORT] [--data-dir DIR] ...` runs the service;
// `keyward audit verify [...]` checks the audit log's hash chain and signed checkpoints, `keyward audit public-key`
// prints the checkpoint public key (src/cli/audit-verify.ts); `keyward encrypt` / `keyward decrypt` handle AWS Encryption
// SDK messages (src/cli/encrypt.ts, src/cli/decrypt.ts).
import { inBoundedHeap } from './bounded-heap.js';
import { decryptCommand } from './decrypt.js';
import { encryptCommand } from './encrypt.js';
import { AUDIT_VERIFY_USAGE, auditPublicKey, auditVerify, UsageError } from './audit-verify.js';
import { OPTIONS, ConfigError, printable, resolveConfig } from '../server/config.js';
import { startServer } from '../server/main.js';

function usage(): string {
  const lines = Object.values(OPTIONS).map((o) => {
    const names = [('flag' in o && o.flag) || '', ('env' in o && o.env) || ''].filter(Boolean).join(', ');
    return `  ${names.padEnd(48)} ${o.description}`;
  });
  return `Usage: keyward server [options]\n       keyward audit verify|public-key [options]  (keyward audit verify --help)\n       keyward encrypt|decrypt [options]  (keyward encrypt --help)\n\n` +
    `Server options (flag, environment variable):\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') {
    process.stdout.write(usage());
    return command === undefined ? 2 : 0;
  }
  if (command === 'audit') return audit(rest);
  if (command === 'encrypt') return (await inBoundedHeap(argv)) ?? encryptCommand(rest);
  if (command === 'decrypt') return (await inBoundedHeap(argv)) ?? decryptCommand(rest);
  if (command !== 'server') {
    process.stderr.write(`keyward: unknown command ${command}\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help')) {
    process.stdout.write(usage());
    return 0;
  }
  const cfg = resolveConfig(rest, process.env);
  if (cfg.logLevel === 'debug') process.stderr.write(JSON.stringify({ config: printable(cfg) }) + '\n');
  const server = await startServer(cfg);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keep running
}

async function audit([sub, ...rest]: string[]): Promise<number> {
  const known = sub === 'verify' || sub === 'public-key';
  if (!known || rest.includes('--help')) {
    (known ? process.stdout : process.stderr).write(AUDIT_VERIFY_USAGE);
    return known ? 0 : 2;
  }
  const run = sub === 'verify' ? auditVerify : auditPublicKey;
  try {
    return await run(rest, process.env, (text) => process.stdout.write(text + '\n'));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`keyward audit ${sub}: ${err.message}\n${AUDIT_VERIFY_USAGE}`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`keyward: ${err instanceof ConfigError ? err.message : (err as Error).stack ?? String(err)}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
