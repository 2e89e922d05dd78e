// The AWS-side client of the key commands (keys, key show, datakey, doctor): a KMSClient that finds its Region,
// credentials and endpoint the AWS way (--region/--profile/--endpoint-url, else AWS_REGION, AWS_PROFILE, the shared
// config and credentials files, AWS_ENDPOINT_URL_KMS / AWS_ENDPOINT_URL / a profile's endpoint_url), plus Keyward's
// own operations signed with the same credentials. AWS errors become CommandFailure (exit 1) with AWS's type and text.
import { readFileSync } from 'node:fs';
import { KMSClient } from '@aws-sdk/client-kms';
import type { Command } from 'commander';
import { signedJsonHeaders } from '../auth/sigv4-sign.js';
import { CommandFailure, DEFAULT_ENDPOINT } from './keyward-endpoint.js';
import { UsageError } from './usage-error.js';

export interface AwsOptions { endpointUrl?: string; region?: string; profile?: string }

export function addAwsOptions(cmd: Command): Command {
  return cmd
    .option('--endpoint-url <url>', 'Keyward endpoint (default: AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, the profile\'s endpoint_url, KEYWARD_ENDPOINT)')
    .option('--region <region>', 'the Region (default: AWS_REGION, the profile\'s region)')
    .option('--profile <name>', 'AWS profile for credentials and settings (default: AWS_PROFILE)');
}

export interface AwsSession {
  kms: KMSClient;
  /** KeywardService.<operation> with the same Region, credentials and endpoint. */
  keyward(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  endpoint(): Promise<URL>;
  close(): void;
}

/** The endpoint a profile names: `endpoint_url` under its services' kms section or the profile itself. */
function profileEndpoint(env: NodeJS.ProcessEnv, profile: string): string | undefined {
  const file = env.AWS_CONFIG_FILE ?? `${env.HOME ?? ''}/.aws/config`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const header = profile === 'default' ? /^\[(?:profile )?default\]/ : new RegExp(`^\\[profile ${profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]`);
  const sections = text.split(/^(?=\[)/m);
  const section = sections.find((s) => header.test(s));
  return section && /^\s*endpoint_url\s*=\s*(\S+)/m.exec(section)?.[1];
}

export function awsSession(o: AwsOptions, env: NodeJS.ProcessEnv): AwsSession {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const profile = o.profile || env.AWS_PROFILE || 'default';
  // Empty variables count as unset, as the AWS CLI treats them.
  const url = o.endpointUrl || env.AWS_ENDPOINT_URL_KMS || env.AWS_ENDPOINT_URL || profileEndpoint(env, profile) || env.KEYWARD_ENDPOINT || DEFAULT_ENDPOINT;
  let endpoint: URL;
  try {
    endpoint = new URL(url);
  } catch {
    throw new UsageError(`--endpoint-url must be a URL such as ${DEFAULT_ENDPOINT}, got ${url}`);
  }
  const kms = new KMSClient({ endpoint: endpoint.href, ...(o.region ? { region: o.region } : {}), ...(o.profile ? { profile: o.profile } : {}), maxAttempts: 2 });
  return {
    kms,
    endpoint: async () => endpoint,
    async keyward(operation, input) {
      const [credentials, region] = await Promise.all([kms.config.credentials(), kms.config.region()]).catch((err: unknown) => {
        throw new CommandFailure(`no AWS credentials or Region: ${(err as Error).message}`);
      });
      const body = JSON.stringify(input);
      const headers = signedJsonHeaders(endpoint, `KeywardService.${operation}`, body, credentials, region);
      let res: Response;
      try {
        res = await fetch(new URL('/', endpoint), { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
      } catch (err) {
        throw new CommandFailure(`cannot reach Keyward at ${endpoint.origin}: ${(err as Error).message}`);
      }
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (res.status !== 200) throw new CommandFailure(`${String(json.__type ?? res.status)}: ${String(json.message ?? '')}`);
      return json;
    },
    close: () => kms.destroy(),
  };
}

/** Runs an AWS call; its service errors become CommandFailure ("NotFoundException: Key ... does not exist"). */
export async function aws<T>(call: Promise<T>, endpoint?: URL): Promise<T> {
  try {
    return await call;
  } catch (err) {
    const e = err as { name?: string; message?: string; $metadata?: unknown; code?: string };
    if (e.$metadata !== undefined && e.name) throw new CommandFailure(`${e.name}: ${e.message ?? ''}`);
    if (e.code === 'ECONNREFUSED' || /ECONNREFUSED|fetch failed|socket hang up/.test(String(e.message))) {
      throw new CommandFailure(`cannot reach Keyward${endpoint ? ` at ${endpoint.origin}` : ''}: ${e.message ?? e.code}`);
    }
    if (e.name === 'CredentialsProviderError') throw new CommandFailure(`no AWS credentials: ${e.message ?? ''}`);
    throw err;
  }
}
