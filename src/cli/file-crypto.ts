// What `keyward encrypt` and `keyward decrypt` share: the KMS client per Region, the data-key cache,
// inputs (a file, stdin, or a directory walked with --recursive) and outputs written atomically.
import { KMSClient } from '@aws-sdk/client-kms';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_CACHE_LIMITS, EsdkError, MaterialsCache } from '../encryption-sdk/index.js';
import { UsageError } from './usage-error.js';
import type { OptionTable, Parsed } from './args.js';
import { openAtomic } from './atomic-output.js';

export const COMMON_OPTIONS: OptionTable = {
  input: { kind: 'string', short: 'i', metavar: 'FILE|-|DIR', help: 'what to read (- is stdin; a directory needs --recursive)' },
  output: { kind: 'string', short: 'o', metavar: 'FILE|-|DIR', help: 'where to write (- is stdout; a directory for --recursive)' },
  recursive: { kind: 'flag', short: 'r', help: 'process every file under the input directory into the output directory' },
  context: { kind: 'strings', short: 'c', metavar: 'K=V', help: 'encryption context pair (repeatable)' },
  'max-encrypted-data-keys': { kind: 'number', metavar: 'N', help: 'refuse messages with more encrypted data keys than N' },
  'cache-max-age': { kind: 'number', metavar: 'SECONDS', help: 'reuse data keys for this long (turns the data-key cache on)' },
  'cache-max-messages': { kind: 'number', metavar: 'N', help: 'cache: at most N messages per data key' },
  'cache-max-bytes': { kind: 'number', metavar: 'BYTES', help: 'cache: at most this many plaintext bytes per data key' },
  'endpoint-url': { kind: 'string', metavar: 'URL', help: 'KMS endpoint (default: AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, the profile)' },
  region: { kind: 'string', metavar: 'REGION', help: 'default Region (keys given as ARNs use their own)' },
  profile: { kind: 'string', metavar: 'NAME', help: 'AWS profile for credentials and settings' },
  json: { kind: 'flag', help: 'print a JSON summary of each message on stdout (not with -o -)' },
  quiet: { kind: 'flag', short: 'q', help: 'no progress bar on stderr (there is none with --json or when stderr is not a terminal)' },
  help: { kind: 'flag', short: 'h', help: 'show this help' },
};

const READ_CHUNK = 1024 * 1024;

export function contextPairs(values: readonly string[] | undefined, allowKeyOnly: boolean): { pairs: Record<string, string>; keys: string[] } {
  const pairs: Record<string, string> = {};
  const keys: string[] = [];
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq === -1 && allowKeyOnly && v.length > 0) keys.push(v);
    else if (eq <= 0) throw new UsageError(`--context needs KEY=VALUE${allowKeyOnly ? ' or KEY' : ''}, not ${JSON.stringify(v)}`);
    else pairs[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return { pairs, keys };
}

/** One KMS client per Region, with the endpoint and profile given on the command line or found the AWS way. */
// The pinned @aws-sdk/client-kms supports Node 20; its warning concerns SDK versions published after January 2027,
// which this package does not install, so it would only confuse users of the CLI.
const SDK_NODE_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function kmsClients(o: Parsed): { clientFor: (region: string | undefined) => KMSClient; destroy: () => void } {
  const clients = new Map<string, KMSClient>();
  process.env[SDK_NODE_WARNING] ??= 'true';
  const clientFor = (region: string | undefined) => {
    const r = region ?? (o.region as string | undefined);
    const id = r ?? '';
    let c = clients.get(id);
    if (!c) {
      c = new KMSClient({ ...(r ? { region: r } : {}), ...(o['endpoint-url'] ? { endpoint: o['endpoint-url'] as string } : {}), ...(o.profile ? { profile: o.profile as string } : {}) });
      clients.set(id, c);
    }
    return c;
  };
  return { clientFor, destroy: () => clients.forEach((c) => c.destroy()) };
}

export function cacheFrom(o: Parsed): MaterialsCache | undefined {
  const age = o['cache-max-age'] as number | undefined;
  const messages = o['cache-max-messages'] as number | undefined;
  const bytes = o['cache-max-bytes'] as number | undefined;
  if (age === undefined && messages === undefined && bytes === undefined) return undefined;
  try {
    return new MaterialsCache({
      ...DEFAULT_CACHE_LIMITS,
      maxAgeMs: age !== undefined ? age * 1000 : DEFAULT_CACHE_LIMITS.maxAgeMs,
      maxMessages: messages ?? DEFAULT_CACHE_LIMITS.maxMessages,
      maxBytes: bytes ?? DEFAULT_CACHE_LIMITS.maxBytes,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export interface Job { input: string; output: string; size: number | undefined }

/** The bytes all jobs read, when every size is known (not for stdin). */
export const totalSize = (work: readonly Job[]) => (work.every((j) => j.size !== undefined) ? work.reduce((n, j) => n + j.size!, 0) : undefined);

/** The (input, output) pairs: one file or stream, or every regular file under a directory with --recursive. */
export async function jobs(o: Parsed, outputName: (file: string) => string): Promise<Job[]> {
  const input = o.input as string | undefined;
  const output = o.output as string | undefined;
  if (!input || !output) throw new UsageError('both --input and --output are required (- for stdin or stdout)');
  const info = input === '-' ? undefined : await stat(input).catch(() => { throw new UsageError(`cannot read ${input}`); });
  if (!info?.isDirectory()) {
    if (o.recursive) throw new UsageError('--recursive needs a directory as --input');
    return [{ input, output, size: info?.size }];
  }
  if (!o.recursive) throw new UsageError(`${input} is a directory: add --recursive`);
  if (output === '-') throw new UsageError('--recursive writes into a directory, not to stdout');
  const files: Job[] = [];
  for (const file of await walk(input)) {
    files.push({ input: file, output: join(output, outputName(relative(input, file))), size: (await stat(file)).size });
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && !/\.keyward-[0-9a-f]{12}\.tmp$/.test(e.name)) out.push(p);
  }
  return out;
}

export function readInput(path: string): AsyncIterable<Buffer> {
  return path === '-' ? process.stdin : createReadStream(path, { highWaterMark: READ_CHUNK });
}

/** Writes a transform's output to stdout, or atomically to a file (created with its directories). */
export async function writeOutput(path: string, bytes: AsyncIterable<Buffer>): Promise<void> {
  if (path === '-') {
    await pipeline(bytes, process.stdout, { end: false });
    // Wait until stdout has handed everything to the OS: the command exits right after, and a socket or pipe
    // written asynchronously would otherwise lose its tail.
    await new Promise<void>((resolve, reject) => process.stdout.write('', (err) => (err ? reject(err) : resolve())));
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  const file = await openAtomic(path);
  try {
    await pipeline(bytes, file.stream);
    await file.commit();
  } catch (err) {
    await file.abort();
    throw err;
  }
}

/** The exit status and message for a failure: 2 for usage, 1 for anything the message or KMS refused. */
export function report(command: string, err: unknown, usage: string): number {
  if (err instanceof UsageError) {
    process.stderr.write(`keyward ${command}: ${err.message}\n\n${usage}`);
    return 2;
  }
  if (err instanceof EsdkError) {
    process.stderr.write(`keyward ${command}: ${err.message}\n`);
    return 1;
  }
  const e = err as NodeJS.ErrnoException;
  process.stderr.write(`keyward ${command}: ${e.code ? `${e.code}: ${e.message}` : (e.message ?? String(err))}\n`);
  return 1;
}
