// The AWS-side client of the key commands (keys, key show, datakey, doctor): a KMSClient that finds its Region,
// credentials and endpoint the AWS way (--region/--profile/--endpoint-url, else AWS_REGION, AWS_PROFILE, the shared
// config and credentials files; the SDK's configured endpoints: AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, a profile's
// endpoint_url or services section), then KEYWARD_ENDPOINT, plus Keyward's own operations signed with the same
// credentials. AWS errors become CommandFailure (exit 1) with AWS's type and text.
import { KMSClient } from '@aws-sdk/client-kms';
import type { Command } from 'commander';
import { callKeywardAs, CommandFailure, DEFAULT_ENDPOINT } from './keyward-endpoint.js';
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
  endpoint: URL;
  /** KeywardService.<operation> with the same Region, credentials and endpoint. */
  keyward(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

export async function awsSession(o: AwsOptions, env: NodeJS.ProcessEnv): Promise<AwsSession> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The SDK looks up configured endpoints in the AWS_PROFILE profile only, not in its client's `profile` option.
  if (o.profile) process.env.AWS_PROFILE = o.profile;
  const settings = { ...(o.region ? { region: o.region } : {}), ...(o.profile ? { profile: o.profile } : {}), maxAttempts: 2 };
  const probe = new KMSClient(settings);
  let url: string;
  try {
    // Empty variables count as unset, as the AWS CLI treats them.
    url = o.endpointUrl || (await probe.config.serviceConfiguredEndpoint?.()) || env.KEYWARD_ENDPOINT || DEFAULT_ENDPOINT;
  } catch (err) {
    throw new UsageError(`the AWS configuration does not load: ${(err as Error).message}`);
  } finally {
    probe.destroy();
  }
  let endpoint: URL;
  try {
    endpoint = new URL(url);
  } catch {
    throw new UsageError(`--endpoint-url must be a URL such as ${DEFAULT_ENDPOINT}, got ${url}`);
  }
  const kms = new KMSClient({ ...settings, endpoint: endpoint.href });
  return {
    kms,
    endpoint,
    async keyward(operation, input) {
      const [credentials, region] = await Promise.all([kms.config.credentials(), kms.config.region()]).catch((err: unknown) => {
        throw new CommandFailure(`no AWS credentials or Region: ${(err as Error).message}`);
      });
      return callKeywardAs(endpoint, operation, input, credentials, region);
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

/** Every page of a Marker/NextMarker listing. */
export async function allPages<T>(page: (marker: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>, max = Infinity): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const p = await page(marker);
    out.push(...p.items);
    marker = p.next;
  } while (marker && out.length < max);
  return out;
}
