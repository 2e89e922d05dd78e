// `keyward decrypt`: AWS Encryption SDK messages back to plaintext, with strict (--key) or discovery key filters and
// required encryption context. Plaintext reaches the output only after the whole message is authenticated.
// Format: src/encryption-sdk (https://github.com/awslabs/aws-encryption-sdk-specification, client-apis/decrypt.md).
import { COMMITMENT_POLICIES, EsdkError, KmsKeyring, decryptStream, type CommitmentPolicy, type MessageHeader } from '../encryption-sdk/index.js';
import { UsageError } from './usage-error.js';
import { optionHelp, parseArgs, type OptionTable, type Parsed } from './args.js';
import { COMMON_OPTIONS, cacheFrom, contextPairs, jobs, kmsClients, readInput, report, totalSize, writeOutput } from './file-crypto.js';
import { counted, progressBar } from './progress.js';
import { printSummary } from './message-summary.js';

export const OPTIONS: OptionTable = {
  key: { kind: 'strings', short: 'k', metavar: 'KEY_ARN', help: 'strict mode: a key ARN that may decrypt (repeatable)' },
  discovery: { kind: 'flag', help: 'discovery mode: use any KMS key ARN the message names (with the filters below)' },
  'discovery-account': { kind: 'strings', metavar: 'ACCOUNT', help: 'discovery: only keys of this account (repeatable)' },
  'discovery-partition': { kind: 'string', metavar: 'PARTITION', help: 'discovery: the partition of those accounts (default aws)' },
  ...COMMON_OPTIONS,
  context: { kind: 'strings', short: 'c', metavar: 'K=V|K', help: 'required: the message context must hold this pair (or key) (repeatable)' },
  'commitment-policy': { kind: 'string', metavar: 'POLICY', help: 'require-encrypt-require-decrypt (default) or require-encrypt-allow-decrypt (reads non-committing v1 messages)' },
  buffer: { kind: 'flag', help: 'with -o -: hold the plaintext in memory until the message is verified, then write it' },
  suffix: { kind: 'string', metavar: 'SUFFIX', help: 'with --recursive: removed from output names if present (default .encrypted), else .decrypted is added' },
};

export const DECRYPT_USAGE = `Usage: keyward decrypt (--key KEY_ARN ... | --discovery [--discovery-account ID ...]) [--context K=V ...] -i FILE|- -o FILE|-

Decrypts AWS Encryption SDK messages (version 2, and version 1 with --commitment-policy require-encrypt-allow-decrypt).
Nothing is released before the message is authenticated: the plaintext goes to a temporary file next to the output,
renamed only after the last frame and the signature verify, and removed on any failure. For signed messages (the
default suite) on stdout that means holding the plaintext in memory: pass --buffer, or write to a file.

Examples:
  keyward decrypt --key arn:aws:kms:us-east-1:111122223333:key/... --context app=billing -i backup.tar.encrypted -o backup.tar
  keyward decrypt --discovery --discovery-account 111122223333 -i data.enc -o - --buffer | tar x
  keyward decrypt --discovery --recursive -i sealed/ -o restored/

Options:
${optionHelp(OPTIONS)}
`;

function keyringOptions(o: Parsed): { keyIds: string[]; discovery?: { filter?: { partition: string; accountIds: string[] } } } {
  const keys = (o.key as string[] | undefined) ?? [];
  const accounts = o['discovery-account'] as string[] | undefined;
  if (!o.discovery) {
    if (keys.length === 0) throw new UsageError('give the key ARNs that may decrypt (--key), or --discovery');
    if (accounts || o['discovery-partition']) throw new UsageError('--discovery-account and --discovery-partition need --discovery');
    return { keyIds: keys };
  }
  if (keys.length > 0) throw new UsageError('--key and --discovery exclude each other (filter discovery with --discovery-account)');
  if (o['discovery-partition'] && !accounts) throw new UsageError('--discovery-partition needs --discovery-account');
  return { keyIds: [], discovery: accounts ? { filter: { partition: (o['discovery-partition'] as string | undefined) ?? 'aws', accountIds: accounts } } : {} };
}

function commitmentPolicy(o: Parsed): CommitmentPolicy {
  const p = (o['commitment-policy'] as string | undefined) ?? 'require-encrypt-require-decrypt';
  if (!(p in COMMITMENT_POLICIES)) throw new UsageError(`--commitment-policy must be one of ${Object.keys(COMMITMENT_POLICIES).join(', ')}`);
  return p as CommitmentPolicy;
}

/** Holds every chunk until the source completes: what --buffer does for stdout. */
async function* held(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of source) parts.push(b);
  yield* parts;
}

export async function decryptCommand(argv: readonly string[]): Promise<number> {
  try {
    const o = parseArgs(argv, OPTIONS);
    if (o.help) {
      process.stdout.write(DECRYPT_USAGE);
      return 0;
    }
    const { pairs, keys } = contextPairs(o.context as string[] | undefined, true);
    const suffix = (o.suffix as string | undefined) ?? '.encrypted';
    const work = await jobs(o, (name) => (name.endsWith(suffix) && name.length > suffix.length ? name.slice(0, -suffix.length) : name + '.decrypted'));
    if (o.json && o.output === '-') throw new UsageError('--json prints on stdout, so -o - is not possible with it');
    const kms = kmsClients(o);
    const keyring = new KmsKeyring({ ...keyringOptions(o), clientFor: kms.clientFor });
    const policy = commitmentPolicy(o);
    const cache = cacheFrom(o);
    const progress = progressBar(o, totalSize(work));
    try {
      for (const job of work) {
        progress.label(job.input === '-' ? 'stdin' : job.input);
        let header: MessageHeader | undefined;
        const toStdout = job.output === '-';
        const plaintext = decryptStream(counted(readInput(job.input), progress), {
          keyring, commitmentPolicy: policy, requiredContext: { pairs, keys }, cache,
          maxEncryptedDataKeys: o['max-encrypted-data-keys'] as number | undefined,
          onHeader: (h) => {
            header = h;
            if (toStdout && !o.buffer && (h.suite.signature || h.contentType === 1)) {
              throw new EsdkError(`The message is ${h.suite.signature ? 'signed' : 'not framed'}: its plaintext is authenticated only at the end, so it is not streamed to stdout. Write to a file (-o FILE) or pass --buffer to hold it in memory`);
            }
          },
        });
        await writeOutput(job.output, toStdout && o.buffer ? held(plaintext) : plaintext);
        printSummary(o.json, job, header);
      }
    } finally {
      progress.stop();
      cache?.clear();
      kms.destroy();
    }
    return 0;
  } catch (err) {
    return report('decrypt', err, DECRYPT_USAGE);
  }
}
