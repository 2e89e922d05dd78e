// Wires identity into a running node: the identity directory (loaded now, reloaded on the change feed's identity
// marker), access-key last-use tracking, the identity service IAM and STS operations run on, and the authenticator the
// dispatcher uses. Kept apart from main.ts so start-up reads as a list of parts.
import { Authenticator } from '../auth/authentication.js';
import { SigV4Verifier } from '../auth/sigv4.js';
import type { Store } from '../core/ports.js';
import type { Barrier } from '../core/secrets/barrier.js';
import type { KmsService } from '../core/service.js';
import { AccessKeyUsage } from '../identity/access-key-usage.js';
import { IdentityDirectory } from '../identity/directory.js';
import { IdentityService, type TrustCheck } from '../identity/identity-service.js';
import type { IdentityStore } from '../identity/ports.js';
import type { Logger } from './log.js';

export type IdentityStoreHolder = Store & { readonly identity: IdentityStore };

/** IAM is global: SDKs sign it for us-east-1 whatever their Region. */
const IAM_SIGNING_REGION = 'us-east-1';

export interface NodeIdentity {
  directory: IdentityDirectory;
  identity: IdentityService;
  authenticator: Authenticator;
  stop(): Promise<void>;
}

/** The node's identity directory, loaded (the authorizer and authentication read it). */
export async function loadDirectory(store: IdentityStoreHolder, barrier: Barrier, accountId: string, log: Logger): Promise<IdentityDirectory> {
  const directory = new IdentityDirectory(store.identity, barrier, accountId, (err) => log.error('identity reload failed', { error: String(err) }));
  await directory.refresh();
  return directory;
}

export async function startIdentity(
  store: IdentityStoreHolder, service: KmsService, directory: IdentityDirectory, regions: readonly string[], checkTrust: TrustCheck, log: Logger,
): Promise<NodeIdentity> {
  const usage = new AccessKeyUsage(store.identity, (err) => log.warn('access-key last-use write failed', { error: String(err) }));
  usage.start();
  const verifier = new SigV4Verifier({
    services: ['kms', 'iam', 'sts'],
    regionServed: (svc, region) => regions.includes(region) || (svc === 'iam' && region === IAM_SIGNING_REGION),
  });
  const identity = new IdentityService(store.identity, directory, service, usage, checkTrust);
  return {
    directory, identity, authenticator: new Authenticator(verifier, directory, service, usage),
    stop: () => usage.stop().catch((err) => log.warn('access-key last-use write failed', { error: String(err) })),
  };
}
