// Who signed a request: SigV4 (src/auth/sigv4.ts) with the secret of a long-term access key from the node's identity
// directory, or of temporary credentials redeemed from their session token (src/identity/sessions.ts); the key's use
// is noted for GetAccessKeyLastUsed. A long-term key is resolved without a single await: the data plane's fast path.
import { KmsError } from '../protocol/errors.js';
import type { KmsService, Principal } from '../core/service.js';
import type { AccessKeyUsage } from '../identity/access-key-usage.js';
import type { IdentityDirectory } from '../identity/directory.js';
import { redeemSession } from '../identity/sessions.js';
import { UNRECOGNIZED_CLIENT_MESSAGE, type PreparedRequest, type SigV4Input, type SigV4Verifier } from './sigv4.js';

export interface Authenticated {
  principal: Principal;
  /** The SigV4 scope's service (kms, iam, sts) and Region. */
  service: string;
  region: string;
}

export class Authenticator {
  constructor(
    private readonly verifier: SigV4Verifier,
    private readonly directory: IdentityDirectory,
    private readonly kms: KmsService,
    private readonly usage: AccessKeyUsage,
  ) {}

  authenticate(req: SigV4Input): Authenticated | Promise<Authenticated> {
    const prepared = this.verifier.prepare(req);
    const { accessKeyId, sessionToken } = prepared.verified;
    if (sessionToken !== undefined) return this.temporary(prepared, accessKeyId, sessionToken);
    const credential = this.directory.credential(accessKeyId);
    if (credential === undefined) throw new KmsError('UnrecognizedClientException', UNRECOGNIZED_CLIENT_MESSAGE);
    return this.finish(prepared, credential.secretAccessKey, credential.principal);
  }

  private async temporary(prepared: PreparedRequest, accessKeyId: string, token: string): Promise<Authenticated> {
    const session = await redeemSession(this.kms, accessKeyId, token);
    return this.finish(prepared, session.secretAccessKey, session.principal);
  }

  private finish(prepared: PreparedRequest, secretAccessKey: string, principal: Principal): Authenticated {
    const v = this.verifier.check(prepared, { secretAccessKey });
    if (principal.session === undefined) this.usage.note(v.accessKeyId, v.service, v.region, this.kms.now());
    return { principal, service: v.service, region: v.region };
  }
}
