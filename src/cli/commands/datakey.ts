// `keyward datakey --key KEY`: a data key from GenerateDataKey (or GenerateDataKeyWithoutPlaintext with
// --no-plaintext): the plaintext key and its encrypted copy in base64, for envelope encryption in scripts. The
// plaintext goes to stdout only, never to a file or the log. Exit 0; 1 refused or unreachable; 2 usage.
import { GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand } from '@aws-sdk/client-kms';
import type { Command } from 'commander';
import { addAwsOptions, aws, awsSession, type AwsOptions } from '../aws-client.js';
import type { CliContext } from '../cli-context.js';
import { contextPairs } from '../file-crypto.js';
import { UsageError } from '../usage-error.js';

interface Options extends AwsOptions { key: string; spec?: string; bytes?: string; context?: string[]; plaintext: boolean; json?: boolean }

export function registerDatakey(program: Command, ctx: CliContext): void {
  addAwsOptions(program.command('datakey').description('Generate a data key under a KMS key (plaintext and encrypted copy, base64)'))
    .requiredOption('--key <key>', 'key id, key ARN, alias name or alias ARN')
    .option('--spec <spec>', 'AES_256 (default) or AES_128')
    .option('--bytes <n>', 'a key of n bytes (1-1024) instead of --spec')
    .option('--context <k=v>', 'encryption context pair (repeatable); the same pairs are needed to decrypt', (v: string, all: string[] = []) => [...all, v])
    .option('--no-plaintext', 'only the encrypted copy (GenerateDataKeyWithoutPlaintext)')
    .option('--json', 'print {"KeyId", "CiphertextBlob", "Plaintext"?} (base64)')
    .addHelpText('after', `
Output (without --json): the encrypted copy, then the plaintext key, one base64 line each.
Exit status: 0; 1 refused or unreachable; 2 usage.

Examples:
  keyward datakey --key alias/app --context purpose=backup --json
  keyward datakey --key alias/app --no-plaintext > dek.b64`)
    .action(async (opts: Options) => {
      if (opts.spec !== undefined && opts.bytes !== undefined) throw new UsageError('give --spec or --bytes, not both');
      if (opts.spec !== undefined && opts.spec !== 'AES_256' && opts.spec !== 'AES_128') throw new UsageError('--spec must be AES_256 or AES_128');
      const bytes = opts.bytes === undefined ? undefined : Number(opts.bytes);
      if (bytes !== undefined && !(Number.isInteger(bytes) && bytes >= 1 && bytes <= 1024)) throw new UsageError('--bytes must be an integer from 1 to 1024');
      const { pairs } = contextPairs(opts.context, false);
      const input = {
        KeyId: opts.key, ...(bytes !== undefined ? { NumberOfBytes: bytes } : { KeySpec: (opts.spec ?? 'AES_256') as 'AES_256' | 'AES_128' }),
        ...(Object.keys(pairs).length > 0 ? { EncryptionContext: pairs } : {}),
      };
      const s = await awsSession(opts, ctx.env);
      try {
        const r = opts.plaintext
          ? await aws(s.kms.send(new GenerateDataKeyCommand(input)), s.endpoint)
          : await aws(s.kms.send(new GenerateDataKeyWithoutPlaintextCommand(input)), s.endpoint);
        const blob = Buffer.from(r.CiphertextBlob!).toString('base64');
        const raw = (r as { Plaintext?: Uint8Array }).Plaintext;
        const plain = raw ? Buffer.from(raw).toString('base64') : undefined;
        if (opts.json) return void ctx.out(JSON.stringify({ KeyId: r.KeyId, CiphertextBlob: blob, ...(plain ? { Plaintext: plain } : {}) }));
        ctx.out(blob);
        if (plain) ctx.out(plain);
      } finally {
        s.close();
      }
    });
}
