// Running `keyward operator ...` (the built CLI) in tests, and production-mode installations: init, start sealed,
// unseal over HTTP.
import { execFile } from 'node:child_process';
import { cliEntry } from './paths.js';
import { rawRequest } from './raw-request.js';
import { startTestServer, type TestServer } from './server.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the keyward CLI; `input` is piped to its standard input. Never rejects on a non-zero exit. */
export function keyward(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cliEntry, ...args], { env: { ...process.env, ...opts.env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0, stdout, stderr });
    });
    child.stdin!.end(opts.input ?? '');
  });
}

export interface Initialised {
  shares: string[];
  threshold: number;
  accessKeyId: string;
  secretAccessKey: string;
}

/** `keyward operator init ... --json` on a data directory (or with --database-url in `args`). */
export async function operatorInit(args: string[], env?: Record<string, string>): Promise<Initialised> {
  const r = await keyward(['operator', 'init', ...args, '--json'], { env });
  if (r.code !== 0) throw new Error(`operator init failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Initialised;
}

/**
 * A production-mode server (no --dev) on an initialised installation. AWS's quotas (on by default outside --dev) are
 * turned off: these tests create keys faster than CreateKey's 5 per second; test/e2e/rate-limits.test.ts covers them.
 */
export function startInstallation(dataDir: string, args: string[] = [], env?: Record<string, string>): Promise<TestServer> {
  return startTestServer({ dataDir, production: true, args: ['--rate-limits', 'off', ...args], env });
}

/** POST /_keyward/unseal with one key; resolves with the HTTP status and the answer. */
export async function submitUnsealKey(url: string, key: string, nonce?: string) {
  const r = await rawRequest(`${url}/_keyward/unseal`, {
    path: '/_keyward/unseal', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, ...(nonce ? { nonce } : {}) }),
  });
  return { status: r.status, body: r.json as { sealed: boolean; progress: number; threshold: number; nonce: string; error?: string } };
}

export async function health(url: string) {
  const r = await rawRequest(url, { method: 'GET', path: '/healthz' });
  return { status: r.status, body: r.json as { sealed: boolean; progress: number; threshold: number; status: string } };
}

