// Starts the real Keyward server (the built CLI) on a free port in a fresh data directory, for end-to-end tests.
import { KMSClient } from '@aws-sdk/client-kms';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { logLeaks } from './log-scan.js';
import { cliEntry } from './paths.js';

export const TEST_ACCESS_KEY_ID = 'AKIAKEYWARDTEST00001';
export const TEST_SECRET_ACCESS_KEY = 'keyward-test-secret-0123456789abcdefghijklm';
export const TEST_REGION = 'us-east-1';
export const TEST_ACCOUNT = '111122223333';

export interface TestServer {
  url: string;
  dataDir: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  process: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /**
   * Stops the server (SIGTERM, then SIGKILL after 5 s). Keeps the data directory unless `remove`. Throws if its log
   * lines (stderr) held a secret (test/support/log-scan.ts): every end-to-end test checks the logs this way.
   */
  stop(remove?: boolean): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  args?: string[];
  env?: Record<string, string>;
  /** Leave out the bootstrap credentials (dev mode then generates and prints them). */
  generateCredentials?: boolean;
  /** Production mode: no --dev and no bootstrap credentials (an installation set up by keyward operator init). */
  production?: boolean;
}

export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'keyward-test-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...opts.env };
  if (!opts.generateCredentials && !opts.production) {
    env.KEYWARD_BOOTSTRAP_ACCESS_KEY_ID = TEST_ACCESS_KEY_ID;
    env.KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY = TEST_SECRET_ACCESS_KEY;
  }
  const args = [cliEntry, 'server', ...(opts.production ? [] : ['--dev']), '--listen', '127.0.0.1:0', '--data-dir', dataDir, ...(opts.args ?? [])];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let logs = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => {
    output += d;
    logs += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url, dataDir, region: TEST_REGION, process: child, output: () => output,
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
    async stop(remove = false) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      const leaks = logLeaks(logs, dataDir, [TEST_SECRET_ACCESS_KEY, env.KEYWARD_BOOTSTRAP_SECRET_ACCESS_KEY ?? TEST_SECRET_ACCESS_KEY]);
      if (remove) rmSync(dataDir, { recursive: true, force: true });
      if (leaks.length > 0) throw new Error(`the server logged secrets:\n${leaks.join('\n')}`);
    },
  };
}

/** A KMS client for a test server: @aws-sdk/client-kms with one attempt, so errors surface as they are. */
export function kmsClient(server: Pick<TestServer, 'url' | 'region' | 'credentials'>): KMSClient {
  return new KMSClient({ endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
}

/**
 * Starts one server for a test file (before) and stops it with its data (after); `ready` receives the server and a
 * kmsClient for it, and may do more setup (awaited inside the same hook: Node 20 does not order separate top-level
 * before hooks).
 */
export function useTestServer(opts: StartOptions, ready: (server: TestServer, kms: KMSClient) => void | Promise<void>): void {
  let server: TestServer | undefined;
  let kms: KMSClient | undefined;
  before(async () => {
    server = await startTestServer(opts);
    kms = kmsClient(server);
    await ready(server, kms);
  });
  after(async () => {
    kms?.destroy();
    await server?.stop(true);
  });
}
