// `keyward encrypt`: files or streams into AWS Encryption SDK messages under one or more KMS keys (any one decrypts).
// Format: src/encryption-sdk (https://github.com/awslabs/aws-encryption-sdk-specification, message format 2.0).
import { DEFAULT_FRAME_LENGTH, DEFAULT_SUITE_ID, KmsKeyring, encryptStream, type MessageHeader } from '../encryption-sdk/index.js';
import { UsageError } from './usage-error.js';
import { optionHelp, parseArgs, type OptionTable } from './args.js';
import { COMMON_OPTIONS, cacheFrom, contextPairs, jobs, kmsClients, readInput, report, totalSize, writeOutput } from './file-crypto.js';
import { counted, progressBar } from './progress.js';
import { printSummary } from './message-summary.js';

export const OPTIONS: OptionTable = {
  key: { kind: 'strings', short: 'k', metavar: 'KEY', help: 'KMS key id, ARN, alias name or alias ARN (repeatable; the first generates the data key)' },
  ...COMMON_OPTIONS,
  'frame-length': { kind: 'number', metavar: 'BYTES', help: `plaintext bytes per frame (default ${DEFAULT_FRAME_LENGTH}, as the SDK)` },
  suite: { kind: 'string', metavar: 'ID', help: 'algorithm suite: 0x0578 (default: committing, ECDSA P-384 signed) or 0x0478 (committing, unsigned)' },
  suffix: { kind: 'string', metavar: 'SUFFIX', help: 'with --recursive: appended to each output file name (default .encrypted)' },
};

export const ENCRYPT_USAGE = `Usage: keyward encrypt --key KEY [--key KEY ...] [--context K=V ...] -i FILE|- -o FILE|-
       keyward encrypt --key KEY --recursive -i DIR -o DIR

Encrypts into the AWS Encryption SDK message format (version 2, key commitment, framed, signed by default), readable
by the AWS Encryption SDK in any language and by keyward decrypt. The output file appears only when complete.

Examples:
  keyward encrypt --key alias/backups --context app=billing -i backup.tar -o backup.tar.encrypted
  tar c data | keyward encrypt --key alias/backups --key arn:aws:kms:us-east-1:111122223333:key/... -i - -o - > data.enc
  keyward encrypt --key alias/logs --recursive --cache-max-age 300 --cache-max-messages 1000 -i logs/ -o sealed/

Options:
${optionHelp(OPTIONS)}
`;

export async function encryptCommand(argv: readonly string[]): Promise<number> {
  try {
    const o = parseArgs(argv, OPTIONS);
    if (o.help) {
      process.stdout.write(ENCRYPT_USAGE);
      return 0;
    }
    const keys = (o.key as string[] | undefined) ?? [];
    if (keys.length === 0) throw new UsageError('at least one --key is required');
    const { pairs, keys: keyOnly } = contextPairs(o.context as string[] | undefined, false);
    if (keyOnly.length) throw new UsageError('--context on encrypt needs KEY=VALUE');
    const suiteId = o.suite === undefined ? DEFAULT_SUITE_ID : Number(o.suite);
    if (suiteId !== 0x0578 && suiteId !== 0x0478) throw new UsageError('--suite must be 0x0578 or 0x0478');
    const suffix = (o.suffix as string | undefined) ?? '.encrypted';
    const work = await jobs(o, (name) => name + suffix);
    if (o.json && o.output === '-') throw new UsageError('--json prints on stdout, so -o - is not possible with it');
    const kms = kmsClients(o);
    const keyring = new KmsKeyring({ keyIds: keys, clientFor: kms.clientFor });
    const cache = cacheFrom(o);
    const progress = progressBar(o, totalSize(work));
    try {
      for (const job of work) {
        progress.label(job.input === '-' ? 'stdin' : job.input);
        let header: MessageHeader | undefined;
        const message = encryptStream(counted(readInput(job.input), progress), {
          keyring, context: pairs, suiteId, frameLength: o['frame-length'] as number | undefined,
          maxEncryptedDataKeys: o['max-encrypted-data-keys'] as number | undefined, cache, plaintextLength: job.size,
          onHeader: (h) => (header = h),
        });
        await writeOutput(job.output, message);
        printSummary(o.json, job, header);
      }
    } finally {
      progress.stop();
      cache?.clear();
      kms.destroy();
    }
    return 0;
  } catch (err) {
    return report('encrypt', err, ENCRYPT_USAGE);
  }
}
