// The operator commands' client side: the server's admin routes (unseal, seal status, rekey) and Keyward's own
// operations (KeywardService.*, SigV4-signed with the caller's AWS credentials) at --endpoint.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { signedJsonHeaders, type SigningCredentials } from '../auth/sigv4-sign.js';
import { UsageError } from './usage-error.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080';

/** A failure the command reports and exits 1 with (the server said no, or could not be reached). */
export class CommandFailure extends Error {}

export function endpointOf(opts: { endpoint?: string }, env: NodeJS.ProcessEnv): URL {
  const raw = opts.endpoint ?? env.KEYWARD_ENDPOINT ?? DEFAULT_ENDPOINT;
  try {
    return new URL(raw);
  } catch {
    throw new UsageError(`--endpoint must be a URL such as ${DEFAULT_ENDPOINT}, got ${raw}`);
  }
}

async function send(url: URL, init: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new CommandFailure(`cannot reach Keyward at ${url.origin}: ${(err as Error).message}`);
  }
  const text = await res.text();
  try {
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch {
    throw new CommandFailure(`Keyward at ${url.origin} answered ${res.status} with a body that is not JSON`);
  }
}

/** GET or POST one of the server's /_keyward/ routes. */
export function adminRoute(endpoint: URL, path: string, body?: unknown) {
  return send(new URL(path, endpoint), body === undefined ? { method: 'GET' } : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}

/** Calls KeywardService.<operation> with the credentials and Region of the environment (callKeywardAs). */
export function callKeyward(endpoint: URL, operation: string, input: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? env.KEYWARD_REGION ?? 'us-east-1';
  return callKeywardAs(endpoint, operation, input, credentialsFrom(env), region);
}

/** Calls KeywardService.<operation> signed with `credentials` for `region`; throws CommandFailure with AWS's error type and message. */
export async function callKeywardAs(endpoint: URL, operation: string, input: Record<string, unknown>, credentials: SigningCredentials, region: string) {
  const body = JSON.stringify(input);
  const headers = signedJsonHeaders(endpoint, `KeywardService.${operation}`, body, credentials, region);
  const res = await send(new URL('/', endpoint), { method: 'POST', headers, body });
  if (res.status !== 200) throw new CommandFailure(`${String(res.body.__type ?? res.status)}: ${String(res.body.message ?? '')}`);
  return res.body;
}

/** AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else the profile (AWS_PROFILE, default) of the shared credentials file. */
export function credentialsFrom(env: NodeJS.ProcessEnv): SigningCredentials {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  const file = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
  const profile = env.AWS_PROFILE ?? 'default';
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError('no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the administrator\'s access key) or AWS_PROFILE');
  }
  const section = text.split(/^\[/m).find((s) => s.startsWith(`${profile}]`)) ?? '';
  const value = (k: string) => new RegExp(`^\\s*${k}\\s*=\\s*(\\S+)`, 'm').exec(section)?.[1];
  const accessKeyId = value('aws_access_key_id');
  const secretAccessKey = value('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) throw new UsageError(`profile ${profile} in ${file} has no access key`);
  return { accessKeyId, secretAccessKey };
}
