// Reading a secret (a share, a passphrase, a PIN) without echoing it: from a file (mode 0600), from standard input
// when it is a pipe, or by asking on the terminal with echo off. Never from a flag value (shell history, ps).
import { createInterface } from 'node:readline';
import { readSecretFile } from '../seal/open-root.js';
import { UsageError } from './usage-error.js';

export async function readSecret(file: string | undefined, what: string, prompt: string): Promise<string> {
  if (file !== undefined) {
    try {
      return readSecretFile(file, what);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (!value) throw new UsageError(`no ${what} given (standard input was empty)`);
    return value;
  }
  return askHidden(prompt);
}

/** Asks on the terminal (stderr) with echo off. */
export function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(prompt);
    out._writeToOutput = () => {}; // echo nothing while the secret is typed
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
