// Runs the built keyward CLI as a child process against a test server (credentials and endpoint the AWS way, in the
// environment), collecting its exit code and output.
import { spawn } from 'node:child_process';
import { cliEntry } from './paths.js';
import type { TestServer } from './server.js';

export interface CliResult { code: number | null; stdout: Buffer; stderr: string }

/** The environment an AWS tool would use to reach the server: keys, Region, AWS_ENDPOINT_URL_KMS, no profile files. */
export function awsEnv(server: Pick<TestServer, 'url' | 'region' | 'credentials'>): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    AWS_REGION: server.region,
    AWS_ENDPOINT_URL_KMS: server.url,
    AWS_CONFIG_FILE: '/nonexistent/keyward-test-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/keyward-test-credentials',
  };
}

export function runCli(args: readonly string[], opts: { env?: Record<string, string>; stdin?: Buffer; wrap?: string[] } = {}): Promise<CliResult> {
  const env = { ...(process.env as Record<string, string>), ...opts.env };
  for (const k of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN']) delete env[k];
  const [cmd, ...pre] = opts.wrap ?? [];
  const child = spawn(cmd ?? process.execPath, [...pre, ...(cmd ? [process.execPath] : []), cliEntry, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => undefined); // the CLI may refuse before reading stdin
  child.stdin.end(opts.stdin ?? Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}
